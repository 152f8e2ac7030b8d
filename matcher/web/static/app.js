// Progressive enhancement only: every journey works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Pen picture: check for identifiers while the commissioner writes (the server checks again on submit).
const narrative = document.querySelector("[data-identifier-check]");
if (narrative) {
  const output = document.getElementById(narrative.dataset.identifierCheck);
  const csrf = document.querySelector("input[name=csrf_token]");
  let timer = null;
  let last = "";
  const check = async () => {
    const text = narrative.value;
    if (text === last) return;
    last = text;
    const names = Array.from(document.querySelectorAll("[data-known-name]"))
      .map((input) => input.value).filter(Boolean).join("\n");
    const addresses = Array.from(document.querySelectorAll("[data-known-address]"))
      .map((input) => input.value).filter(Boolean).join("\n");
    const body = new URLSearchParams({
      text, known_names: names, known_addresses: addresses, csrf_token: csrf ? csrf.value : "",
    });
    try {
      const answer = await fetch("/cases/check-narrative", { method: "POST", body, credentials: "same-origin" });
      if (answer.ok) output.innerHTML = await answer.text();
    } catch (error) {
      // The server checks again when the form is sent; nothing is lost.
    }
  };
  narrative.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 600); });
}

// Search weights: re-rank as soon as a weight changes (the "Re-rank" button still works without this).
const weights = document.querySelector("form[data-auto-submit]");
if (weights) {
  let timer = null;
  weights.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(() => weights.requestSubmit(), 400); });
}
