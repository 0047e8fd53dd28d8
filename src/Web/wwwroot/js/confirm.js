// Progressive enhancement of destructive actions (ConfirmPrompt, _Confirm.cshtml): a form with data-confirm opens the
// page's native <dialog> with the impact the server wrote into the form ("Ends 3 sessions, including this one."); the
// confirm button adds confirmed=true and sends the form. Without JavaScript the server asks with a confirmation step.
(() => {
  const dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const title = dialog.querySelector("h2");
  const impact = dialog.querySelector("[data-confirm-impact]");
  const quote = dialog.querySelector("[data-confirm-quote]");
  const button = dialog.querySelector("[data-confirm-button]");
  let pending = null;

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.querySelector("input[name=confirmed]")) return;
    event.preventDefault();
    pending = form;
    title.textContent = form.dataset.confirm;
    // data-confirm-count names the checkboxes whose ticked number replaces "{count}" ("End selected").
    const ticked = form.dataset.confirmCount ? form.querySelectorAll(`input[name="${form.dataset.confirmCount}"]:checked`).length : 0;
    impact.textContent = (form.dataset.confirmImpact || "").replace("{count}", ticked === 1 ? "1 session" : `${ticked} sessions`);
    button.textContent = form.dataset.confirmButton || "Confirm";
    const field = form.dataset.confirmQuote ? form.elements.namedItem(form.dataset.confirmQuote) : null;
    const text = field && "value" in field ? field.value.trim() : "";
    quote.hidden = text === "";
    quote.querySelector("[data-confirm-quote-label]").textContent = `${form.dataset.confirmQuoteLabel || ""}:`;
    quote.querySelector("blockquote").textContent = text;
    dialog.returnValue = "";
    dialog.showModal();
  });

  dialog.addEventListener("close", () => {
    const form = pending;
    pending = null;
    if (!form || dialog.returnValue !== "confirm") return;
    const confirmed = document.createElement("input");
    confirmed.type = "hidden";
    confirmed.name = "confirmed";
    confirmed.value = "true";
    form.append(confirmed);
    form.submit();
  });
})();
