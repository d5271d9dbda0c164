// Live character counter under a social channel's text (cms/widgets.py ChannelTextarea). Counts as
// the server does: NFC, a line break is one character, outer blanks dropped. The limit is checked
// again on save; this only tells the editor while typing.
(function () {
  "use strict";
  var format = function (n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); };

  function count(text) {
    return Array.from(text.normalize("NFC").replace(/\r\n?/g, "\n").trim()).length;
  }

  function describe(n, limit, fold) {
    if (n > limit) {
      return format(n) + " / " + format(limit) + " ký tự: vượt " + format(n - limit) + " ký tự, hãy rút gọn.";
    }
    var text = format(n) + " / " + format(limit) + " ký tự";
    if (fold && n > fold) text += " (người đọc thấy " + format(fold) + " ký tự đầu trước “Xem thêm”)";
    return text;
  }

  function bind(counter) {
    if (counter.dataset.bound) return;
    var field = document.getElementById(counter.dataset.for);
    if (!field) return;
    counter.dataset.bound = "1";
    var limit = parseInt(counter.dataset.limit, 10);
    var fold = parseInt(counter.dataset.fold, 10) || 0;
    var update = function () {
      var n = count(field.value);
      counter.textContent = describe(n, limit, fold);
      counter.classList.toggle("loa-char-counter--over", n > limit);
      counter.style.color = n > limit ? "#cd4444" : "";
    };
    field.addEventListener("input", update);
    update();
  }

  function bindAll() { document.querySelectorAll("[data-loa-char-counter]").forEach(bind); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bindAll);
  else bindAll();
})();
