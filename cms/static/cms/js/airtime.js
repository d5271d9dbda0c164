// Live airtime estimate for loudspeaker scripts: asks the server (same rule as on save), which
// answers at the default speed and at each of the ward's clusters' reading speeds.
(function () {
  function bind() {
    // FieldPanel attrs land on the panel's wrapper, so look for the textarea inside it.
    const field = document.querySelector("[data-loa-airtime] textarea, textarea[data-loa-airtime]");
    const output = document.querySelector("[data-loa-airtime-output]");
    if (!field || !output) return;
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    let timer = null;
    function estimate() {
      const body = new FormData();
      body.append("text", field.value);
      fetch(output.dataset.url, {
        method: "POST", body: body, credentials: "same-origin",
        headers: csrf ? { "X-CSRFToken": csrf.value } : {},
      })
        .then(function (response) { return response.json(); })
        .then(function (data) { output.textContent = data.summary; })
        .catch(function () { /* keep the last estimate */ });
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(estimate, 300);
    });
    // A saved script: show its airtime at each cluster's own reading speed straight away.
    if (field.value.trim()) estimate();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
