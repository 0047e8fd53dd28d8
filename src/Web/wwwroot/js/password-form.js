// The change-password form with JavaScript on (ADR-023): posted with fetch, so a refusal puts its errors beside the
// fields without reloading the page and the browser keeps what was typed, as it keeps a form its own validation refused.
// The server never writes a password back into a page; without JavaScript a refused form comes back empty.
(() => {
  const form = document.querySelector('[data-testid=change-password]');
  if (!form || !window.fetch || !window.DOMParser) return;
  const fields = ['CurrentPassword', 'NewPassword', 'ConfirmPassword'];

  const showErrors = (answer) => {
    let first = null;
    for (const name of fields) {
      const input = form.querySelector(`#Password_${name}`);
      const mine = form.querySelector(`[data-valmsg-for='Password.${name}']`);
      const theirs = answer.querySelector(`[data-testid=change-password] [data-valmsg-for='Password.${name}']`);
      const message = theirs ? theirs.textContent.trim() : '';
      if (mine) mine.textContent = message;
      if (!input) continue;
      input.classList.toggle('input-validation-error', message !== '');
      if (message !== '') {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      } else {
        input.removeAttribute('aria-invalid');
      }
    }
    // The field in error is emptied, as the server's own answer would be (a refused new password takes its repetition).
    if (first) {
      first.value = '';
      if (first.id === 'Password_NewPassword') form.querySelector('#Password_ConfirmPassword').value = '';
    }
    for (const id of ['errors', 'error']) {
      const mine = document.querySelector(`[data-testid=${id}]`);
      const theirs = answer.querySelector(`[data-testid=${id}]`);
      if (mine && theirs) {
        mine.replaceWith(document.importNode(theirs, true));
      } else if (mine) {
        if (id === 'errors') mine.replaceChildren(); else mine.remove();
      } else if (theirs) {
        document.querySelector('.page-head')?.after(document.importNode(theirs, true));
      }
    }
    return first;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const response = await fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin', redirect: 'manual' });
      if (response.type === 'opaqueredirect') {
        // Done: the page again, with its flash (or the sign-in page, if this session ended).
        window.location.assign(window.location.pathname);
        return;
      }
      const answer = new DOMParser().parseFromString(await response.text(), 'text/html');
      const first = answer.querySelector('[data-testid=change-password]') ? showErrors(answer) : null;
      if (first) {
        first.focus();
      } else {
        // Anything else (a step-up, a refusal of the whole page): show the server's page as it is.
        const main = answer.querySelector('main');
        if (main) document.querySelector('main').replaceWith(document.importNode(main, true));
      }
    } catch {
      form.submit();
    } finally {
      button.disabled = false;
    }
  });
})();
