#!/usr/bin/env python3
"""Writes the seed corpus (fuzz/corpus/<target>/seed-*): small, hand-picked inputs that reach
each parser's accepting path and its main refusals. Re-run after changing a target's input
format: python3 fuzz/make_seeds.py"""
import base64, json, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = json.load(open(os.path.join(HERE, '..', 'tests', 'fixtures', 'webcrypto-tokens.json')))
ISS = 'https://logto.dev/oidc'

def b64(b):
    if isinstance(b, str): b = b.encode()
    return base64.urlsafe_b64encode(b).rstrip(b'=').decode()

def jwt(header, claims, sig=b'\x01' * 64):
    return f"{b64(json.dumps(header, separators=(',', ':')))}.{b64(json.dumps(claims, separators=(',', ':')))}.{b64(sig)}"

def write(target, seeds):
    d = os.path.join(HERE, 'corpus', target)
    if os.path.isdir(d):
        for f in os.listdir(d):
            if f.startswith('seed-'): os.remove(os.path.join(d, f))
    os.makedirs(d, exist_ok=True)
    for i, s in enumerate(seeds):
        if isinstance(s, str): s = s.encode()
        open(os.path.join(d, f'seed-{i:02d}'), 'wb').write(s)

claims = {'iss': ISS, 'sub': 'alice', 'aud': 'app', 'exp': 4102444800, 'iat': 1700000000, 'nonce': 'n0nce'}
es = {'alg': 'ES256', 'kid': 'es256-key-1', 'typ': 'JWT'}
seeds = []
for alg, v in FIX['algorithms'].items():
    seeds.append(bytes([0x01]) + v['token'].encode())          # verdict true, sign-in
    seeds.append(bytes([0x04]) + v['token'].encode())          # real signature check
    seeds.append(bytes([0x03]) + v['tampered']['other_key'].encode())
for c in [dict(claims, aud=['app', 'other'], azp='app'), dict(claims, nbf=1700000000, roles=['admin']),
          {k: v for k, v in claims.items() if k != 'nonce'}, dict(claims, exp=1.5e9), dict(claims, iss='https://evil/oidc')]:
    seeds.append(bytes([0x01]) + jwt(es, c).encode())
    seeds.append(bytes([0x03]) + jwt(es, c).encode())
seeds.append(bytes([0x01]) + jwt({'alg': 'ES256'}, claims).encode())
seeds.append(bytes([0x01]) + jwt({'alg': 'ES256', 'kid': 'es256-key-1', 'crit': ['exp']}, claims).encode())
seeds.append(bytes([0x01]) + jwt({'alg': 'none'}, claims, b'').encode())
seeds.append(bytes([0x01]) + jwt({'alg': 'HS256', 'kid': 'es256-key-1'}, claims, b'\x00' * 32).encode())
write('id_token', seeds)

q = 'iss=https%3A%2F%2Flogto.dev%2Foidc'
cb = 'https://app.example.com/callback'
write('callback_url', [bytes([f]) + u.encode() for f, u in [
    (1, f'{cb}?code=abc&state=st4te&{q}'), (0, f'{cb}?code=abc&state=st4te'), (3, f'{cb}?error=access_denied&error_description=no&state=st4te&{q}'),
    (1, f'{cb}?code=a&code=b&state=st4te&{q}'), (1, f'{cb}?code=abc&state=st4te&iss=https%3A%2F%2Fevil'), (1, f'{cb}?code=abc&state=st4te&{q}#frag?code=x'),
    (2, 'https://evil.example.com/callback?code=abc&state=st4te'), (0, 'http://[::1]:3000/cb?code=%FF&state=%'), (0, 'not a url'),
]])

doc = {'issuer': ISS, 'authorization_endpoint': f'{ISS}/auth', 'token_endpoint': f'{ISS}/token', 'jwks_uri': f'{ISS}/jwks',
       'userinfo_endpoint': f'{ISS}/me', 'end_session_endpoint': f'{ISS}/session/end', 'revocation_endpoint': f'{ISS}/token/revocation',
       'authorization_response_iss_parameter_supported': True, 'code_challenge_methods_supported': ['S256']}
write('discovery', [b'\x00' + json.dumps(doc).encode(), b'\x00' + json.dumps(dict(doc, issuer='https://evil/oidc')).encode(),
                    b'\x00' + json.dumps(dict(doc, token_endpoint='http://evil.com/token')).encode(), b'\x02{"error":"not_found"}', b'\x00<html>'])

write('token_response', [bytes([f]) + b for f, b in [
    (4, b'{"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt","id_token":"a.b.c","scope":"openid"}'),
    (0, b'{"access_token":"at","token_type":"bearer","expires_in":"60"}'), (0, b'{"access_token":"at","token_type":"Bearer","expires_in":1e3}'),
    (2, b'{"error":"invalid_grant","error_description":"grant request is invalid","code":"oidc.invalid_grant"}'),
    (3, b'<html>bad gateway</html>'), (4, b'{"access_token":"at","token_type":"mac"}'),
]])

write('userinfo', [b'\x00{"sub":"alice","custom_data":{"plan":"pro"}}', b'\x00{"sub":"mallory"}', b'\x02{"error":"invalid_token"}',
                   b'\x00' + jwt({'alg': 'ES384'}, {'aud': 'https://api.example.com', 'scope': 'read'}).encode()])

keys = [k for v in FIX['algorithms'].values() for k in v['jwks']['keys']]
write('jwks', [b'\x00' + json.dumps({'keys': keys}).encode(),
               b'\x00' + json.dumps({'keys': [dict(keys[0], d='PRIVATE'), {'kty': 'oct', 'kid': 'h', 'k': 'c2VjcmV0', 'alg': 'HS256'},
                                              dict(keys[3], kid=keys[0]['kid']), {'kty': 'EC', 'kid': 5}, 'junk']}).encode(),
               b'\x02{"error":"server_error"}', b'\x00{}'])

tok = FIX['algorithms']['ES256']['token'].replace('logto.dev', 'logto.dev')
sess = {'v': 1, 'issuer': ISS, 'id_token': tok, 'refresh_token': 'rt', 'sid': 's1',
        'access_tokens': {' ': {'token': 'at', 'scope': 'openid', 'expires_at': 1700003600}}}
cache = {'v': 1, 'metadata': doc, 'metadata_fetched_at': 1700000000, 'jwks': {'keys': keys[:2]}, 'jwks_fetched_at': 1700000000}
txn = {'v': 1, 'state': 's', 'nonce': 'n', 'code_verifier': 'v' * 43, 'redirect_uri': 'https://app.example.com/cb', 'issuer': ISS, 'iss_required': True, 'created_at': 1700000000}
write('stored_values', [b'\x00' + json.dumps(x).encode() for x in [sess, dict(sess, v=2), dict(sess, issuer='https://other/oidc'), cache, dict(cache, v=7), txn]] + [b'\x00{', b'\x00null'])

write('provider_error', [b'{"error":"invalid_grant","error_description":"grant request is invalid","code":"oidc.invalid_grant","message":"m"}',
                         b'{"code":"oidc.invalid_target","message":"nope"}', b'{"foo":1}', b'<html>'])
