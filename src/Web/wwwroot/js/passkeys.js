// Passkeys (WebAuthn) for the pages: registering, signing in and stepping up. The server sends WebAuthn JSON options
// and keeps the ceremony state in an HttpOnly cookie; this file only moves JSON between it and navigator.credentials.
(() => {
  "use strict";

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? "" : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new Error((json && json.detail) || "That did not work. Try again.");
    }
    return json;
  }

  function report(button, error) {
    const target = document.getElementById(button.dataset.passkeyError || "passkey-error");
    const message = error && error.name === "NotAllowedError"
      ? "No passkey was used. Try again, or use your password."
      : (error && error.message) || "That did not work. Try again.";
    if (target) {
      target.textContent = message;
      target.hidden = false;
    }
  }

  async function register(button) {
    const nameInput = document.getElementById(button.dataset.passkeyName || "passkey-name");
    const options = await post("/api/auth/passkey/generate-register-options");
    const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
    const added = await post("/api/auth/passkey/verify-registration", { response: credential.toJSON(), name: nameInput ? nameInput.value : null });
    // The page confirms the passkey it finds by this id among the person's own (and drops the id from the address).
    window.location.assign(button.dataset.passkeyDone || `${window.location.pathname}?added=${encodeURIComponent(added.id)}`);
  }

  async function signIn(button) {
    const options = await post("/api/auth/passkey/generate-authenticate-options");
    const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    await post("/api/auth/passkey/verify-authentication", { response: credential.toJSON() });
    // The page rendered a path the server has already judged local (LocalReturnUrl); there is no second rule here.
    window.location.assign(button.dataset.passkeyReturn || "/");
  }

  async function stepUp(button) {
    const options = await post("/api/auth/passkey/generate-reauthenticate-options");
    const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    await post("/api/auth/passkey/reauthenticate", { response: credential.toJSON() });
    const form = button.closest("form");
    form.querySelectorAll("input[type=password]").forEach((input) => { input.value = ""; });
    form.noValidate = true;
    form.submit();
  }

  const actions = { register, signIn, stepUp };
  // The buttons come hidden (a <noscript> note says passkeys need JavaScript); with it they are shown.
  for (const button of document.querySelectorAll("[data-passkey][hidden]")) {
    if (actions[button.dataset.passkey]) button.hidden = false;
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-passkey]");
    if (!button || !actions[button.dataset.passkey]) {
      return;
    }
    event.preventDefault();
    if (!window.PublicKeyCredential) {
      report(button, new Error("This browser does not support passkeys."));
      return;
    }
    button.disabled = true;
    actions[button.dataset.passkey](button).catch((error) => {
      button.disabled = false;
      report(button, error);
    });
  });
})();
