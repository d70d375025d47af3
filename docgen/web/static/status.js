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
  function poll() {
    fetch("/api/applications/" + encodeURIComponent(id), { headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (body && body.status) {
          if (label) { label.textContent = labels[body.status] || body.status; }
          if (waiting.indexOf(body.status) < 0) { window.location.reload(); return; }
        }
        delay = Math.min(delay * 1.3, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
})();
