// In-page side of the benchmark. bench/run.mjs drives it with page.evaluate: it loads one SDK
// (build/ is written by bench/lib/build.mjs), constructs its client and times the client's calls
// with performance.now(). The two SDKs expose the same method names.

const SDKS = {
  'logto-browser': {
    url: '/bench/build/logto-browser/logto-browser.js',
    init: async () => {},
    create: (mod, config) => new mod.default(config),
  },
  'logto-wasm': {
    url: '/bench/build/logto-wasm/logto_wasm.js',
    init: (mod) => mod.default(),
    create: (mod, config) => new mod.LogtoClient(config),
  },
};

const now = () => performance.now();

window.bench = {
  /** import() → init (wasm only) → new LogtoClient(config); the times of each step, in ms. */
  async ready(sdk, config) {
    const spec = SDKS[sdk];
    if (!spec) throw new Error(`unknown SDK ${sdk}`);
    const t0 = now();
    const mod = await import(spec.url);
    const t1 = now();
    await spec.init(mod);
    const t2 = now();
    window.client = spec.create(mod, config);
    const t3 = now();
    return { importMs: t1 - t0, initMs: t2 - t1, constructMs: t3 - t2, readyMs: t3 - t0 };
  },

  /**
   * import() → new LogtoClient(config) → await isAuthenticated(), as an app without an init
   * step does it: logto-wasm through the npm package's entry (npm/index.js, bundled with its glue
   * as an app's bundler does), whose client loads the module and whose first call waits for it.
   * Cold page; in ms.
   */
  async firstAnswer(sdk, config) {
    const url = sdk === 'logto-wasm' ? '/bench/build/logto-wasm/entry.js' : SDKS[sdk].url;
    const t0 = now();
    const mod = await import(url);
    window.client = new mod.default(config);
    await window.client.isAuthenticated();
    return { ms: now() - t0 };
  },

  /** Starts signIn (it navigates away: not awaited). */
  signIn(redirectUri) {
    window.client.signIn(redirectUri).catch((err) => { window.signInError = String(err?.message ?? err); });
    return true;
  },

  /**
   * Awaits `client[method](...args)` `reps` times in a row; `before` (a method name) runs first,
   * untimed. Returns the time per call, the last value and when the timed part started
   * (Date.now(), to split the provider's request log).
   */
  async time(method, args = [], { reps = 1, before } = {}) {
    if (before) await window.client[before]();
    const startedAt = Date.now();
    const t0 = now();
    let value;
    for (let i = 0; i < reps; i += 1) value = await window.client[method](...args);
    const ms = (now() - t0) / reps;
    return { ms, value, startedAt };
  },

  /** `n` calls of `client[method](...args)` at once (after `before`); resolves when all settled. */
  async concurrent(method, args, n, { before } = {}) {
    if (before) await window.client[before]();
    const startedAt = Date.now();
    const t0 = now();
    const values = await Promise.all(Array.from({ length: n }, () => window.client[method](...args)));
    return { ms: now() - t0, distinct: new Set(values).size, value: values[0], startedAt };
  },
};
window.benchReady = true;
