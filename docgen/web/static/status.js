// While a bundle is being checked, ask the API for its status and show the report when ready.
(function () {
  "use strict";
  var box = document.getElementById("status");
  if (!box || box.getAttribute("data-done") === "true") { return; }
  var id = box.getAttribute("data-app-id");
  var label = document.getElementById("status-text");
  var labels = {
    received: "รับเอกสารแล้ว รอตรวจ", checking: "กำลังตรวจเอกสาร",
    checked: "ตรวจแล้ว รอเจ้าหน้าที่พิจารณา", returned: "ส่งคืนให้แก้ไข",
    approved: "เห็นชอบแล้ว รอออกใบรับรอง", certified: "ออกใบรับรองแล้ว", failed: "ตรวจไม่สำเร็จ"
  };
  var waiting = ["received", "checking"];
  var delay = 1000;
  // Pages OCR has read of a scan, as the worker writes them into the registry.
  function showPages(pages) {
    var line = document.getElementById("ocr-progress");
    if (!pages || !pages.total) { if (line) { line.hidden = true; } return; }
    if (!line) {
      line = document.createElement("p");
      line.id = "ocr-progress";
      var bar = box.querySelector(".progress");
      if (bar && bar.parentNode) { bar.parentNode.insertBefore(line, bar.nextSibling); } else { box.appendChild(line); }
    }
    line.hidden = false;
    line.textContent = "กำลังอ่านภาพหน้า " + pages.done + " จาก " + pages.total;
  }
  function poll() {
    fetch("/api/applications/" + encodeURIComponent(id), { headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (body && body.status) {
          if (label) { label.textContent = labels[body.status] || body.status; }
          showPages(body.ocr_pages);
          if (waiting.indexOf(body.status) < 0) { window.location.reload(); return; }
        }
        delay = Math.min(delay * 1.3, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
})();
