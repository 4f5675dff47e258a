// The popup's callback page: loads the SDK the way the e2e page does (the npm entry when
// localStorage['e2e-entry'] is 'npm') and calls completePopupSignIn().
const status = document.getElementById('status');
try {
  let posted;
  if (window.localStorage.getItem('e2e-entry') === 'npm') {
    const { completePopupSignIn } = await import('/npm/index.js');
    posted = await completePopupSignIn();
  } else {
    const sdk = await import('/pkg/logto_wasm.js');
    await sdk.default();
    posted = sdk.completePopupSignIn();
  }
  status.textContent = posted ? 'signed in: you can close this window' : 'not a sign-in callback';
} catch (err) {
  status.textContent = `failed: ${err}`;
  // A warning: the opener closes the popup as soon as it has read the answer itself, which may
  // stop this page while it loads the SDK.
  console.warn('popup callback failed', err);
}
