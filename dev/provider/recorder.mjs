// Records the requests the dev provider receives, for the test control API (/__dev/*).

function pairsFrom(contentType, body) {
  if (!body || body.length === 0) return [];
  const text = body.toString('utf8');
  if ((contentType || '').includes('application/json')) {
    try {
      const parsed = JSON.parse(text);
      return parsed && typeof parsed === 'object' ? Object.entries(parsed) : [];
    } catch {
      return [];
    }
  }
  return [...new URLSearchParams(text)];
}

function emptyStats() {
  return {
    tokenRequests: {}, // by grant_type
    tokenErrors: {}, // by grant_type
    grantRevocations: 0, // grants revoked by the refresh token reuse rule
    toleratedReuses: 0, // consumed refresh tokens reused within the tolerance window
    tamperedResponses: 0, // responses changed by a /__dev/tamper switch
    endlessBodies: [], // { bytes, clientClosed, finished } per endless body sent (tamper userinfo.endless)
    refreshTokensIssued: 0,
    authorizationRequests: 0,
    userinfoRequests: 0,
    revocationRequests: 0,
    endSessionRequests: 0,
  };
}

export function createRecorder() {
  let seq = 0;
  const records = [];
  const stats = emptyStats();

  /**
   * Records one request under /oidc. `body` is the raw request body (Buffer) or undefined.
   * Returns the record, which is completed with the response status when the response ends.
   */
  function record(req, res, url, body) {
    const path = url.pathname;
    const query = url.search.startsWith('?') ? url.search.slice(1) : url.search;
    const params = req.method === 'GET' || req.method === 'HEAD'
      ? [...url.searchParams]
      : pairsFrom(req.headers['content-type'], body);
    const entry = {
      seq: ++seq,
      time: new Date().toISOString(),
      ms: Date.now(),
      method: req.method,
      path,
      query,
      params,
      origin: req.headers.origin ?? null,
      // DPoP (RFC 9449): the proof, and the scheme the access token came under (never the token).
      dpop: req.headers.dpop ?? null,
      authScheme: req.headers.authorization?.split(' ')[0] ?? null,
      status: null,
    };
    if (path === '/oidc/token' && req.method === 'POST') {
      const grantType = params.find(([k]) => k === 'grant_type')?.[1] ?? null;
      entry.grant_type = grantType;
      if (grantType) stats.tokenRequests[grantType] = (stats.tokenRequests[grantType] ?? 0) + 1;
    } else if (path === '/oidc/auth' || path.startsWith('/oidc/auth/')) {
      if (path === '/oidc/auth') stats.authorizationRequests += 1;
    } else if (path === '/oidc/me' && req.method !== 'OPTIONS') {
      stats.userinfoRequests += 1;
    } else if (path === '/oidc/token/revocation' && req.method === 'POST') {
      stats.revocationRequests += 1;
    } else if (path === '/oidc/session/end') {
      stats.endSessionRequests += 1;
    }
    records.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.durationMs = Date.now() - entry.ms;
      if (entry.grant_type && res.statusCode >= 400) {
        stats.tokenErrors[entry.grant_type] = (stats.tokenErrors[entry.grant_type] ?? 0) + 1;
      }
    });
    return entry;
  }

  function reset() {
    records.length = 0;
    Object.assign(stats, emptyStats());
  }

  return { records, stats, record, reset };
}
