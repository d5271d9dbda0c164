// Live airtime estimate for loudspeaker scripts: asks the server (same rule as on save).
(function () {
  function bind() {
    // FieldPanel attrs land on the panel's wrapper, so look for the textarea inside it.
    const field = document.querySelector("[data-loa-airtime] textarea, textarea[data-loa-airtime]");
    const output = document.querySelector("[data-loa-airtime-output]");
    if (!field || !output) return;
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    let timer = null;
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        const body = new FormData();
        body.append("text", field.value);
        fetch(output.dataset.url, {
          method: "POST", body: body, credentials: "same-origin",
          headers: csrf ? { "X-CSRFToken": csrf.value } : {},
        })
          .then(function (response) { return response.json(); })
          .then(function (data) { output.textContent = data.summary; })
          .catch(function () { /* keep the last estimate */ });
      }, 300);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
