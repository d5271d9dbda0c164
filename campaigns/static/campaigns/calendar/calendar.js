// Drag and drop rescheduling in the calendar (progressive enhancement: without this script every
// movable entry has a "Dời sang ngày khác" form). A drop asks the server to move the occurrence; the
// server runs the scheduler's conflict checks and asks for confirmation when there are warnings or
// the item was approved; the answer is shown before anything is kept.
(function () {
  "use strict";
  var root = document.querySelector(".loa-cal");
  if (!root) { return; }
  var moveUrl = root.getAttribute("data-move-url");
  var statusBox = document.getElementById("loa-cal-status");
  var dialog = document.getElementById("loa-cal-dialog");
  var csrfInput = document.querySelector("#loa-cal-csrf input[name=csrfmiddlewaretoken]");
  var dragged = null;

  function say(text, isError) {
    statusBox.hidden = false;
    statusBox.textContent = text;
    statusBox.classList.toggle("help-critical", !!isError);
  }

  function ask(lines) {
    return new Promise(function (resolve) {
      var list = dialog.querySelector(".loa-cal-dialog-messages");
      list.innerHTML = "";
      lines.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      dialog.hidden = false;
      dialog.querySelector("[data-answer=yes]").focus();
      function answer(event) {
        var value = event.target.getAttribute("data-answer");
        if (!value) { return; }
        dialog.removeEventListener("click", answer);
        dialog.hidden = true;
        resolve(value === "yes");
      }
      dialog.addEventListener("click", answer);
    });
  }

  function send(key, day, confirmed) {
    var body = new FormData();
    body.append("occurrence", key);
    body.append("to", day);
    if (confirmed) { body.append("confirm", "1"); }
    return fetch(moveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfInput ? csrfInput.value : "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function move(key, day, confirmed) {
    say("Đang kiểm tra xung đột khi dời sang " + day.split("-").reverse().join("/") + "…");
    return send(key, day, confirmed).then(function (reply) {
      var data = reply.data;
      if (data.error) { say(data.error, true); return; }
      var messages = (data.conflicts || []).map(function (c) {
        return (c.severity === "error" ? "Lỗi: " : "Cảnh báo: ") + c.message;
      });
      if (data.moved) {
        say("Đã dời lượt. " + messages.join(" ") + " Đang tải lại lịch…");
        window.setTimeout(function () { window.location.reload(); }, 600);
        return;
      }
      if (data.needs_confirmation) {
        if (data.approved) { messages.push("Lượt này đã được duyệt: dời sẽ đổi lịch đã duyệt."); }
        say("Kiểm tra xung đột: " + messages.join(" "));
        return ask(messages).then(function (yes) {
          if (yes) { return move(key, day, true); }
          say("Chưa dời. " + messages.join(" "));
        });
      }
      say("Không dời được: " + messages.join(" "), true);
    }).catch(function () {
      say("Không liên lạc được với máy chủ; lịch chưa thay đổi.", true);
    });
  }

  root.addEventListener("dragstart", function (event) {
    var entry = event.target.closest && event.target.closest("[data-movable]");
    if (!entry) { return; }
    dragged = entry;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", entry.getAttribute("data-key"));
  });
  root.addEventListener("dragover", function (event) {
    var day = dragged && event.target.closest && event.target.closest("[data-day]");
    if (!day || day.classList.contains("is-past")) { return; }
    event.preventDefault();
    day.classList.add("is-drop-target");
  });
  root.addEventListener("dragleave", function (event) {
    var day = event.target.closest && event.target.closest("[data-day]");
    if (day) { day.classList.remove("is-drop-target"); }
  });
  root.addEventListener("drop", function (event) {
    var day = event.target.closest && event.target.closest("[data-day]");
    if (!day || !dragged) { return; }
    event.preventDefault();
    day.classList.remove("is-drop-target");
    var key = dragged.getAttribute("data-key");
    dragged = null;
    move(key, day.getAttribute("data-day"), false);
  });
})();
