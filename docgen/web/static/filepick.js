// Thai file pickers: the browser's own box says "Choose File / No file chosen" in the
// browser's language; ours is a label styled as a button and this line saying what was chosen.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input.file-input[type=file]");
  Array.prototype.forEach.call(inputs, function (input) {
    var said = document.querySelector('.file-chosen[data-for="' + input.id + '"]');
    if (!said) { return; }
    function show() {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) { said.textContent = "ยังไม่ได้เลือกไฟล์"; return; }
      var names = files.map(function (f) { return f.name; }).join(", ");
      said.textContent = files.length > 1 ? "เลือกแล้ว " + files.length + " ไฟล์: " + names : "เลือกแล้ว: " + names;
    }
    input.addEventListener("change", show);
    show();
  });
})();
