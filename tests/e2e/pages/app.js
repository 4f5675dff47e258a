// Test page: loads the SDK and exposes it to the tests (page.evaluate).
//   window.sdk    = { LogtoClient, LogtoError, completePopupSignIn }
//   window.client = a LogtoClient for the dev provider
//   window.ready  = true once both are there (window.loadError holds a failure)
// The client config can be overridden with ?config=<json> or localStorage['e2e-config'] (JSON),
// merged over the defaults below. localStorage['e2e-entry'] = 'npm' loads the npm package's entry
// (target/npm/logto-wasm/index.js, its EventTarget client) instead of wasm-bindgen's module in pkg/.
const npm = window.localStorage.getItem('e2e-entry') === 'npm';
const sdkModule = await import(npm ? '/npm/index.js' : '/pkg/logto_wasm.js');
const { LogtoClient, LogtoError, completePopupSignIn } = sdkModule;
const init = npm ? sdkModule.init : sdkModule.default;

const DEFAULT_CONFIG = {
  // The dev provider of this test run (tests/e2e/lib.mjs sets it; the demo's by default).
  endpoint: globalThis.E2E_PROVIDER_ORIGIN ?? 'http://localhost:3001',
  appId: 'logto-wasm-demo',
  scopes: ['email', 'custom_data', 'identities', 'urn:logto:scope:organizations'],
  resources: ['https://api.example.com', 'https://api2.example.com'],
};

function configOverride() {
  const fromQuery = new URLSearchParams(window.location.search).get('config');
  const raw = fromQuery ?? window.localStorage.getItem('e2e-config');
  return raw ? JSON.parse(raw) : {};
}

const status = document.getElementById('status');
try {
  await init();
  const config = { ...DEFAULT_CONFIG, ...configOverride() };
  window.sdk = { LogtoClient, LogtoError, completePopupSignIn };
  window.e2eConfig = config;
  window.client = new LogtoClient(config);
  window.ready = true;
  status.textContent = `ready: ${JSON.stringify(config)}`;
} catch (err) {
  window.loadError = String(err && err.stack ? err.stack : err);
  status.textContent = `failed to load the SDK: ${window.loadError}`;
  console.error('e2e page failed to load the SDK', err);
}
