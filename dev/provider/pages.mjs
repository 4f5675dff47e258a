// HTML pages of the dev provider: sign-in form, self-confirming logout page, error page.

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1rem;width:100%;padding:.5rem}.error{color:#b00}.meta{color:#666;font-size:.85rem}`;

function layout(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>`;
}

/** The sign-in form: any username is accepted, the password is ignored. */
export function loginPage({ uid, clientId, loginHint = '', error = '', params = {} }) {
  const extras = ['first_screen', 'interaction_mode', 'direct_sign_in', 'identifier', 'organization_id', 'ui_locales']
    .filter((k) => params[k] !== undefined)
    .map((k) => `<div class="meta">${escapeHtml(k)}: <code>${escapeHtml(params[k])}</code></div>`)
    .join('\n');
  return layout('Sign in — dev provider', `<h1>Sign in</h1>
<p class="meta">to <strong>${escapeHtml(clientId)}</strong> (dev provider: any username, any password)</p>
${error ? `<p class="error" id="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
  <label for="username">Username</label>
  <input id="username" name="username" type="text" value="${escapeHtml(loginHint)}" autofocus required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password">
  <button id="submit" type="submit">Sign in</button>
</form>
${extras}`);
}

/** RP-initiated logout page that confirms itself: the form is submitted with logout=yes at once. */
export function logoutPage(form) {
  return layout('Signing out — dev provider', `<h1>Signing out…</h1>
${form}
<noscript><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></noscript>
<script>
  const form = document.getElementById('op.logoutForm');
  const input = document.createElement('input');
  input.type = 'hidden'; input.name = 'logout'; input.value = 'yes';
  form.appendChild(input);
  form.submit();
</script>`);
}

export function postLogoutPage() {
  return layout('Signed out — dev provider', '<h1>Signed out</h1>');
}

export function errorPage(out) {
  const rows = Object.entries(out)
    .map(([k, v]) => `<div><strong>${escapeHtml(k)}</strong>: <span id="${escapeHtml(k)}">${escapeHtml(v)}</span></div>`)
    .join('\n');
  return layout('Error — dev provider', `<h1>Something went wrong</h1>\n${rows}`);
}
