// On a desk without tokens, an editor chooses the name their saves go under: click the name.
"use strict";

(function () {
  const shown = document.getElementById("editor-name");
  if (!shown || document.body.dataset.tokens === "yes") {
    return;
  }
  shown.title = "click to change the name your saves go under";
  shown.classList.add("changeable");
  shown.addEventListener("click", async () => {
    const name = window.prompt("Your name (saves go under it)", shown.textContent);
    if (name === null || name.trim() === "") {
      return;
    }
    const csrf = document.querySelector('meta[name="csrf"]').content;
    const response = await fetch("/api/name", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ name: name }),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({ error: response.statusText }));
    if (response.status === 200) {
      window.location.reload();
    } else {
      window.alert(data.error);
    }
  });
})();
