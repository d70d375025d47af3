// The group's own link: one press copies it (the box stays selectable without this script).
(function () {
  "use strict";
  var box = document.getElementById("own-link");
  var button = document.getElementById("copy-link");
  var done = document.getElementById("copy-done");
  if (!box || !button) { return; }
  button.hidden = false;
  box.addEventListener("focus", function () { box.select(); });
  button.addEventListener("click", function () {
    function said() { if (done) { done.textContent = "คัดลอกลิงก์แล้ว นำไปวางเก็บไว้ในไลน์หรือบันทึกของกลุ่มได้"; } }
    box.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(said, function () {
        if (document.execCommand && document.execCommand("copy")) { said(); }
      });
    } else if (document.execCommand && document.execCommand("copy")) {
      said();
    }
  });
})();
