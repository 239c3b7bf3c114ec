// "Checked before?": as a statement is typed in the claim form, the claims and
// external fact-checks that read like it, from the admin's similar/ endpoint
// (an HTML fragment rendered with the user's own permissions). Debounced, and
// an answer older than the latest request is dropped.
(function () {
  "use strict";
  const DELAY_MS = 400;

  function start() {
    const panel = document.getElementById("similar-live");
    const statement = document.getElementById("id_statement");
    if (!panel || !statement) {
      return;
    }
    const list = panel.querySelector(".similar-live__list");
    const row = statement.closest(".form-row") || statement.parentElement;
    row.after(panel);
    let timer = null;
    let latest = 0;

    async function refresh() {
      const text = statement.value.trim();
      const asked = ++latest;
      const params = new URLSearchParams({ statement: text });
      if (panel.dataset.claim) {
        params.set("claim", panel.dataset.claim);
      }
      try {
        const response = await fetch(panel.dataset.url + "?" + params, {
          credentials: "same-origin",
          headers: { Accept: "text/html" },
        });
        if (!response.ok || asked !== latest) {
          return;
        }
        const html = await response.text();
        if (asked !== latest) {
          return;
        }
        // The fragment is the admin's own template, escaped server-side.
        list.innerHTML = html;
        panel.hidden = text.length === 0;
      } catch (error) {
        // Offline or the session expired: the form works without the list.
      }
    }

    // On input only: a change page shows its "Checked before" panel already.
    statement.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, DELAY_MS);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
