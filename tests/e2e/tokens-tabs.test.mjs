// Issue 3 acceptance, several tabs: rotating refresh tokens stay consistent when tabs sharing
// a localStorage session refresh at the same moment, and a duplicated tab (sessionStorage
// copied, as Chrome's "Duplicate tab" does) does not break the original tab's session.
// Access tokens live ACCESS_TOKEN_TTL = 4 s at the provider here, so they really expire.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  APP_ORIGIN, startStack, stopStack,
} from './lib.mjs';
import {
  API, API2, E2E_HOME, NAV_TIMEOUT, SCOPES, SESSION_KEY, call, callOk, callTogether, jwtClaims, openApp,
  refreshRequests, setPageConfig, signIn, sleep, storageSnapshot,
} from './sdk-page.mjs';

const ACCESS_TOKEN_TTL = 4;
const REFRESH_MARGIN = 1; // a token is refreshed once it has less than 1 s left: ~3 s of use
const TEST_TIMEOUT = 90_000;

describe('refresh across tabs in Chromium (issue 3)', { timeout: 240_000 }, () => {
  let provider;
  let statics;
  let browser;
  let page;

  before(async () => {
    ({ provider, statics, browser, page } = await startStack({ accessTokenTtl: ACCESS_TOKEN_TTL }, { navTimeout: NAV_TIMEOUT }));
  });

  after(() => stopStack({ browser, statics, provider }));

  async function newTab() {
    const tab = await browser.context.newPage();
    tab.setDefaultTimeout(NAV_TIMEOUT);
    return tab;
  }

  /** The refresh token of the session stored in localStorage (shared by the tabs). */
  async function storedRefreshToken(tab) {
    const json = await tab.evaluate((key) => window.localStorage.getItem(key), SESSION_KEY);
    return json ? JSON.parse(json).refresh_token ?? null : null;
  }

  // Test 4 runs the rounds and checks what must hold whatever the timing (every call fulfilled,
  // nothing revoked); test 4 (strict) then checks the rounds' records for one refresh per
  // rotation and an unbroken refresh token chain.
  const rounds = [];
  let roundsStats;
  const ROUNDS = [['expired', 1], ['expired', 2], ['expired', 3], ['cleared', 4]];

  test('4. three tabs sharing localStorage refresh at the same moment, 4 rounds: every call fulfilled, no grant revoked', { timeout: TEST_TIMEOUT }, async () => {
    assert.equal((await provider.dev.options()).accessTokenTtl, ACCESS_TOKEN_TTL);
    await setPageConfig(page, { scopes: SCOPES, storage: 'local', refreshMarginSeconds: REFRESH_MARGIN });
    await signIn(page, 'alice');
    const tabs = [page, await newTab(), await newTab()];
    try {
      for (const tab of tabs.slice(1)) {
        await openApp(tab);
        assert.equal(await callOk(tab, 'isAuthenticated'), true, 'signed in once, every tab has the session');
        assert.equal((await callOk(tab, 'getIdTokenClaims')).sub, 'alice');
      }
      await provider.dev.reset();
      let lastSeq = 0;
      for (const [kind, round] of ROUNDS) {
        if (kind === 'expired' && round > 1) {
          // Every tab's cached tokens (issued last round) now have less than REFRESH_MARGIN left.
          await sleep(ACCESS_TOKEN_TTL * 1000);
        } else if (kind === 'cleared') {
          for (const tab of tabs) await callOk(tab, 'clearAccessToken');
        }
        const results = await callTogether(tabs, [['getAccessToken', API], ['getAccessToken', API2]]);
        const records = await provider.dev.requests();
        const sent = refreshRequests(records.filter((r) => r.seq > lastSeq));
        lastSeq = Math.max(lastSeq, ...records.map((r) => r.seq));
        const label = `round ${round} (${kind})`;
        rounds.push({ label, results, sent });
        results.forEach((perTab, i) => perTab.forEach((r, j) => {
          assert.ok(r.ok, `${label}: tab ${i + 1} call rejected: ${r.code}: ${r.message}`);
          assert.equal(jwtClaims(r.value).aud, [API, API2][j]);
        }));
      }
      const stats = await provider.dev.stats();
      roundsStats = stats;
      assert.equal(stats.grantRevocations, 0, 'no grant revocation');
      assert.deepEqual(stats.tokenErrors, {}, 'no refused refresh');
      for (const [i, tab] of tabs.entries()) {
        assert.equal(await callOk(tab, 'isAuthenticated'), true, `tab ${i + 1} still signed in`);
      }
      await sleep(300); // localStorage writes reach other tabs asynchronously
      for (const [i, tab] of tabs.entries()) {
        assert.equal(await provider.dev.refreshTokenAlive(await storedRefreshToken(tab)), true, `tab ${i + 1}: the stored refresh token is alive`);
      }
    } finally {
      for (const tab of tabs.slice(1)) await tab.close();
      await call(page, 'clearAllTokens');
    }
  });

  test('4 (strict). each rotation round made one refresh request per resource, the 3 tabs shared its token, the chain is unbroken', {
    timeout: TEST_TIMEOUT,
  }, async () => {
    assert.equal(rounds.length, ROUNDS.length, 'test 4 ran every round');
    const previous = { [API]: null, [API2]: null };
    const spent = [];
    for (const { label, results, sent } of rounds) {
      const seen = JSON.stringify({
        requests: sent.map((r) => ({ resource: r.p.resource, status: r.status, ms: r.ms, refresh_token: `${r.p.refresh_token.slice(0, 6)}...` })),
        jti: results.map((perTab) => perTab.map((r) => (r.ok ? jwtClaims(r.value).jti : r.code))),
      });
      assert.equal(sent.length, 2, `${label}: exactly one refresh request per resource, got ${sent.length}: ${seen}`);
      assert.deepEqual(sent.map((r) => r.p.resource).sort(), [API, API2].sort(), seen);
      for (const [j, resource] of [API, API2].entries()) {
        const tokens = new Set(results.map((perTab) => perTab[j].value));
        assert.equal(tokens.size, 1, `${label}: the 3 tabs got the same ${resource} token: ${seen}`);
        const [token] = tokens;
        assert.notEqual(token, previous[resource], `${label}: a new ${resource} token`);
        previous[resource] = token;
      }
      // The chain: every request spends a refresh token never spent before (none is reused, not
      // even within the provider's 3 s tolerance), and every one succeeded (test 4).
      for (const r of sent) {
        assert.ok(!spent.includes(r.p.refresh_token), `${label}: a refresh token sent again: ${seen}`);
        spent.push(r.p.refresh_token);
      }
    }
    assert.equal(roundsStats.toleratedReuses, 0, 'no reuse of a consumed refresh token, even a tolerated one');
    assert.deepEqual(roundsStats.tokenRequests, { refresh_token: ROUNDS.length * 2 });
    assert.equal(roundsStats.refreshTokensIssued, ROUNDS.length * 2);
  });

  test('8. a duplicated tab (sessionStorage copied) that refreshes does not break the original tab', {
    timeout: TEST_TIMEOUT,
  }, async () => {
    await setPageConfig(page, { scopes: SCOPES }); // default storage: sessionStorage, per tab
    await signIn(page, 'alice');
    const original = page;
    await callOk(original, 'getAccessToken', API);

    // "Duplicate tab": a new tab starting with a copy of the original's sessionStorage.
    const copied = Object.entries(await storageSnapshot(original, 'sessionStorage'));
    assert.ok(copied.some(([k]) => k === SESSION_KEY), 'the original has a stored session');
    const duplicate = await newTab();
    await duplicate.addInitScript(({ entries, origin }) => {
      if (window.location.origin !== origin || window.sessionStorage.getItem('e2e-duplicated')) return;
      for (const [k, v] of entries) window.sessionStorage.setItem(k, v);
      window.sessionStorage.setItem('e2e-duplicated', '1');
    }, { entries: copied, origin: APP_ORIGIN });
    await openApp(duplicate, E2E_HOME);
    assert.equal(await callOk(duplicate, 'isAuthenticated'), true, 'the duplicate starts with the session');
    await provider.dev.reset();

    // The original refreshes first; the duplicate more than 3 s later (past Logto's reuse
    // tolerance), both forced by clearAccessToken; then the original again.
    await callOk(original, 'clearAccessToken');
    const first = await call(original, 'getAccessToken', API);
    assert.equal(first.ok, true, `original's first refresh: ${first.code}: ${first.message}`);
    await sleep(3300);
    await callOk(duplicate, 'clearAccessToken');
    const dup = await call(duplicate, 'getAccessToken', API);
    await callOk(original, 'clearAccessToken').catch(() => {});
    const last = await call(original, 'getAccessToken', API);

    const sent = refreshRequests(await provider.dev.requests());
    const stats = await provider.dev.stats();
    const story = `duplicate: ${dup.ok ? 'fulfilled' : `${dup.code} (${dup.error ?? '-'}): ${dup.message}`}; `
      + `original afterwards: ${last.ok ? 'fulfilled' : `${last.code} (${last.error ?? '-'})`}; `
      + `refresh requests: ${JSON.stringify(sent.map((r) => r.status))}; grant revocations: ${stats.grantRevocations}`;
    console.log(`[duplicated tab] ${story}`);
    assert.equal(last.ok, true, `the original tab can still get tokens (${story})`);
    assert.equal(jwtClaims(last.value).aud, API);
    assert.equal(stats.grantRevocations, 0, `no grant revocation (${story})`);
    const values = sent.map((r) => r.p.refresh_token);
    assert.equal(new Set(values).size, values.length, `no refresh token sent twice (${story})`);
    assert.equal(await callOk(original, 'isAuthenticated'), true);
    await duplicate.close();
  });
  test('9. a sign-out in one tab is seen by another tab sharing localStorage, without a reload', { timeout: TEST_TIMEOUT }, async () => {
    await setPageConfig(page, { scopes: SCOPES, storage: 'local' });
    await signIn(page, 'alice');
    const other = await newTab();
    try {
      await openApp(other);
      assert.equal((await callOk(other, 'getIdTokenClaims')).sub, 'alice');
      const token = await callOk(other, 'getAccessToken', API);
      assert.equal(jwtClaims(token).aud, API, 'the other tab has a cached API token in memory');
      await callOk(page, 'signOut', null, { localOnly: true });
      // The other tab's memory copy is dropped on the `storage` event: no cached token, no session.
      await other.waitForFunction(() => window.client.isAuthenticated().then((v) => !v), null, { timeout: 5_000 });
      const refused = await call(other, 'getAccessToken', API);
      assert.equal(refused.ok, false, 'no access token served from a stale memory copy');
      assert.equal(refused.code, 'not_authenticated');
    } finally {
      await other.close();
      await call(page, 'clearAllTokens');
    }
  });
});
