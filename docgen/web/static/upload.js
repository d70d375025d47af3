// Drag and drop upload with progress; the plain form still works without this script.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  document.documentElement.classList.add("js");
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("files");
  var list = document.getElementById("file-list");
  var errorBox = document.getElementById("upload-error");
  var progress = document.getElementById("progress");
  var bar = document.getElementById("progress-bar");
  var button = document.getElementById("submit");
  var chosen = [];

  function showFiles() {
    list.textContent = "";
    chosen.forEach(function (f) {
      var li = document.createElement("li");
      li.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KB)";
      list.appendChild(li);
    });
  }
  function setError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }
  input.addEventListener("change", function () {
    chosen = Array.prototype.slice.call(input.files);
    setError("");
    showFiles();
  });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) {
      chosen = Array.prototype.slice.call(e.dataTransfer.files);
      setError("");
      showFiles();
    }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!chosen.length) { setError("กรุณาเลือกไฟล์ก่อนส่ง"); return; }
    var data = new FormData();
    var district = document.getElementById("district");
    if (district && district.value) { data.append("district", district.value); }
    chosen.forEach(function (f) { data.append("files", f, f.name); });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/applications");
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) { bar.style.width = Math.round(100 * ev.loaded / ev.total) + "%"; }
    });
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
      if (xhr.status === 202 && body.url) {
        window.location.assign(body.url);
      } else {
        button.disabled = false;
        progress.hidden = true;
        setError(body.detail || "ส่งไฟล์ไม่สำเร็จ กรุณาลองใหม่อีกครั้ง");
      }
    };
    xhr.onerror = function () {
      button.disabled = false;
      progress.hidden = true;
      setError("เชื่อมต่อระบบไม่ได้ กรุณาตรวจสอบอินเทอร์เน็ตแล้วลองใหม่");
    };
    button.disabled = true;
    progress.hidden = false;
    setError("");
    xhr.send(data);
  });
})();
