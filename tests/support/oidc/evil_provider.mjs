// The "evil provider" of the SSO tests (issue 15, R-ACC-5): a minimal OpenID provider built with
// npm jose whose answers go wrong on demand, one way per refusal the portal must make.
//
//   node evil_provider.mjs --port 0 [--client-id portal-test] [--client-secret s3cret]
//                          [--domain example.test]
//
// Prints "listening <port>" once ready; SIGTERM stops it. Issuer: http://127.0.0.1:<port>.
// Endpoints: /.well-known/openid-configuration, /jwks, /authorize (no page: at once 302 to
// redirect_uri with code, state and iss), /token (client_secret_basic and PKCE S256 checked;
// codes are single use; 400 invalid_grant / 401 invalid_client otherwise), /userinfo,
// /session/end (302 to post_logout_redirect_uri, or a page).
//
// Control (JSON bodies):
//   POST /_control {mode?, sub?, email?, email_verified?, name?, claims?, publish?, ...}
//     mode (kept until the next mode; giving a mode also drops earlier claim overrides):
//       good             RS256 ID token, every claim right
//       alg_none         {"alg":"none"}, empty signature
//       hs256_public_key HS256 whose secret is the RSA public key's PEM (SPKI) text, the
//                        classic algorithm confusion (hmac_key:"der" uses the DER bytes)
//       wrong_aud, wrong_iss, expired (exp an hour ago), future_iat (iat now+600),
//       wrong_nonce, missing_nonce
//       no_iss_param     /authorize omits iss although discovery advertises RFC 9207
//       wrong_iss_param  /authorize sends iss=http://evil.example
//       access_denied    /authorize answers error=access_denied
//       rotate           a new signing key with a new kid at once; /jwks serves it only after
//                        POST /_control {publish:true} (or with {mode:"rotate", publish:true});
//                        ID tokens then behave as in good
//       email_unverified email_verified false
//     sub, email, email_verified, name: claim overrides; claims: {name: value|null} any claim
//     (null removes it); discovery_issuer: the issuer discovery claims; client_id,
//     client_secret: what /token accepts.
//     Answers the resulting settings.
//   POST /_control/logout-token {sub?, sid?, jti?, iss?, aud?, iat?, exp?, events?, nonce?,
//     header?}: {"logout_token": "..."} signed with the current key (defaults: iss, aud,
//     iat now, exp now+120, a fresh jti, the back-channel event; null removes a claim).
//   GET /_control/requests: {authorize:[query], token:[{authorization, params}], userinfo:[...],
//     end_session:[query], jwks_fetches, discovery_fetches}; DELETE clears it.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';

const { values: args } = parseArgs({
    options: {
        port: { type: 'string', default: '0' },
        'client-id': { type: 'string', default: 'portal-test' },
        'client-secret': { type: 'string', default: 's3cret' },
        domain: { type: 'string', default: 'example.test' },
    },
});

const defaultClaims = () => ({
    sub: 'alice-sub',
    email: `alice@${args.domain}`,
    email_verified: true,
    name: 'Alice Example',
});

const settings = {
    mode: 'good',
    claims: defaultClaims(),
    clientId: args['client-id'],
    clientSecret: args['client-secret'],
    discoveryIssuer: null,
};
const modes = new Set(['good', 'alg_none', 'hs256_public_key', 'wrong_aud', 'wrong_iss', 'expired',
    'future_iat', 'wrong_nonce', 'missing_nonce', 'no_iss_param', 'wrong_iss_param', 'access_denied',
    'rotate', 'email_unverified']);

const keys = [];        // every key made, oldest first; the last one signs
const published = [];  // what /jwks serves
let hmacKey = 'pem';

async function newKey() {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const key = { kid: `evil-${randomBytes(6).toString('hex')}`, publicKey, privateKey };
    keys.push(key);
    return key;
}
published.push(await newKey());
const currentKey = () => keys[keys.length - 1];

const codes = new Map();   // code -> the /authorize request it answers
const tokens = new Map();  // access token -> claims, for /userinfo
const requests = { authorize: [], token: [], userinfo: [], end_session: [], jwks_fetches: 0, discovery_fetches: 0 };

let issuer = '';
const now = () => Math.floor(Date.now() / 1000);
const b64url = (data) => Buffer.from(data).toString('base64url');

async function signRs256(header, payload) {
    const key = currentKey();
    return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header })
        .sign(key.privateKey);
}

async function idTokenFor(grant) {
    const t = now();
    const payload = {
        iss: issuer,
        aud: settings.clientId,
        iat: t,
        exp: t + 300,
        auth_time: t,
        nonce: grant.nonce,
        ...settings.claims,
    };
    switch (settings.mode) {
        case 'wrong_aud': payload.aud = 'someone-else'; break;
        case 'wrong_iss': payload.iss = 'http://evil.example'; break;
        case 'expired': payload.iat = t - 7200; payload.exp = t - 3600; break;
        case 'future_iat': payload.iat = t + 600; payload.exp = t + 900; break;
        case 'wrong_nonce': payload.nonce = 'not-the-nonce-you-sent'; break;
        case 'missing_nonce': delete payload.nonce; break;
        default: break;
    }
    for (const [name, value] of Object.entries(payload)) {
        if (value === null || value === undefined) delete payload[name];
    }
    if (settings.mode === 'alg_none') {
        return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
    }
    if (settings.mode === 'hs256_public_key') {
        // jose refuses an RSA key's bytes as an HMAC secret, so the JWS is built by hand.
        const key = currentKey();
        const secret = hmacKey === 'der'
            ? key.publicKey.export({ type: 'spki', format: 'der' })
            : await exportSPKI(key.publicKey);
        const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid }))}.${b64url(JSON.stringify(payload))}`;
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }
    return signRs256({ typ: 'JWT' }, payload);
}

async function control(body) {
    if (body.mode !== undefined) {
        if (!modes.has(body.mode)) throw new Error(`unknown mode ${body.mode}`);
        settings.mode = body.mode;
        settings.claims = defaultClaims();
        if (body.mode === 'rotate') await newKey();
        if (body.mode === 'email_unverified') settings.claims.email_verified = false;
    }
    for (const name of ['sub', 'email', 'email_verified', 'name']) {
        if (body[name] !== undefined) settings.claims[name] = body[name];
    }
    if (body.claims) Object.assign(settings.claims, body.claims);
    if (body.publish) {
        for (const key of keys) if (!published.includes(key)) published.push(key);
    }
    if (body.hmac_key !== undefined) hmacKey = body.hmac_key;
    if (body.discovery_issuer !== undefined) settings.discoveryIssuer = body.discovery_issuer;
    if (body.client_id !== undefined) settings.clientId = body.client_id;
    if (body.client_secret !== undefined) settings.clientSecret = body.client_secret;
    return {
        mode: settings.mode,
        claims: settings.claims,
        signing_kid: currentKey().kid,
        published_kids: published.map((k) => k.kid),
    };
}

async function logoutToken(body) {
    const t = now();
    const payload = {
        iss: issuer,
        aud: settings.clientId,
        iat: t,
        exp: t + 120,
        jti: randomBytes(16).toString('hex'),
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    };
    for (const [name, value] of Object.entries(body)) {
        if (name !== 'header') payload[name] = value;
    }
    for (const [name, value] of Object.entries(payload)) {
        if (value === null) delete payload[name];
    }
    return signRs256({ typ: 'logout+jwt', ...(body.header ?? {}) }, payload);
}

function basicCredentials(header) {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    if (!match) return null;
    const text = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon < 0) return null;
    // RFC 6749 2.3.1: both parts are form-urlencoded before base64.
    const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    try {
        return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
    } catch {
        return null;
    }
}

async function token(req, res) {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    requests.token.push({ authorization: req.headers.authorization ?? null, params });
    const credentials = basicCredentials(req.headers.authorization);
    if (!credentials || credentials.id !== settings.clientId || credentials.secret !== settings.clientSecret) {
        res.setHeader('WWW-Authenticate', 'Basic realm="evil"');
        return json(res, 401, { error: 'invalid_client', error_description: 'client_secret_basic authentication failed' });
    }
    if (params.grant_type !== 'authorization_code') {
        return json(res, 400, { error: 'unsupported_grant_type' });
    }
    const grant = codes.get(params.code);
    codes.delete(params.code);  // single use, even when this attempt fails
    if (!grant || grant.client_id !== credentials.id) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'unknown or used code' });
    }
    if (params.redirect_uri !== grant.redirect_uri) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
    }
    const challenge = createHash('sha256').update(params.code_verifier ?? '').digest('base64url');
    if (!params.code_verifier || challenge !== grant.code_challenge) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    }
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, { ...settings.claims });
    return json(res, 200, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 300,
        scope: grant.scope,
        id_token: await idTokenFor(grant),
    });
}

function authorize(url, res) {
    const query = Object.fromEntries(url.searchParams);
    requests.authorize.push(query);
    const problems = [];
    if (query.client_id !== settings.clientId) problems.push('unknown client_id');
    if (query.response_type !== 'code') problems.push('response_type must be code');
    if (!query.redirect_uri) problems.push('redirect_uri missing');
    if (!query.code_challenge || query.code_challenge_method !== 'S256') problems.push('PKCE S256 required');
    if (!(query.scope ?? '').split(' ').includes('openid')) problems.push('scope must include openid');
    if (problems.length) return text(res, 400, `bad authorization request: ${problems.join('; ')}`);

    const target = new URL(query.redirect_uri);
    if (settings.mode === 'access_denied') {
        target.searchParams.set('error', 'access_denied');
        target.searchParams.set('error_description', 'the evil provider says no');
    } else {
        const code = randomBytes(24).toString('base64url');
        codes.set(code, query);
        target.searchParams.set('code', code);
    }
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    if (settings.mode === 'wrong_iss_param') target.searchParams.set('iss', 'http://evil.example');
    else if (settings.mode !== 'no_iss_param') target.searchParams.set('iss', issuer);
    res.writeHead(302, { Location: target.toString(), 'Cache-Control': 'no-store' });
    res.end();
}

function discovery() {
    return {
        issuer: settings.discoveryIssuer ?? issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        end_session_endpoint: `${issuer}/session/end`,
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        grant_types_supported: ['authorization_code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        code_challenge_methods_supported: ['S256'],
        scopes_supported: ['openid', 'email', 'profile'],
        claims_supported: ['sub', 'email', 'email_verified', 'name', 'iss', 'aud', 'exp', 'iat', 'nonce'],
        authorization_response_iss_parameter_supported: true,
        backchannel_logout_supported: true,
        backchannel_logout_session_supported: true,
    };
}

async function handle(req, res) {
    const url = new URL(req.url, issuer);
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
        case 'GET /.well-known/openid-configuration':
            requests.discovery_fetches += 1;
            return json(res, 200, discovery());
        case 'GET /jwks':
            requests.jwks_fetches += 1;
            return json(res, 200, {
                keys: await Promise.all(published.map(async (key) => ({
                    ...(await exportJWK(key.publicKey)), kid: key.kid, alg: 'RS256', use: 'sig',
                }))),
            });
        case 'GET /authorize':
            return authorize(url, res);
        case 'POST /token':
            return token(req, res);
        case 'GET /userinfo': {
            const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
            requests.userinfo.push({ authorization: req.headers.authorization ?? null });
            const claims = tokens.get(bearer);
            return claims ? json(res, 200, claims) : json(res, 401, { error: 'invalid_token' });
        }
        case 'GET /session/end': {
            const query = Object.fromEntries(url.searchParams);
            requests.end_session.push(query);
            if (query.post_logout_redirect_uri) {
                res.writeHead(302, { Location: query.post_logout_redirect_uri });
                return res.end();
            }
            return text(res, 200, 'signed out of the evil provider');
        }
        case 'POST /_control':
            return json(res, 200, await control(await readJson(req)));
        case 'POST /_control/logout-token':
            return json(res, 200, { logout_token: await logoutToken(await readJson(req)) });
        case 'GET /_control/requests':
            return json(res, 200, requests);
        case 'DELETE /_control/requests':
            Object.assign(requests, { authorize: [], token: [], userinfo: [], end_session: [], jwks_fetches: 0, discovery_fetches: 0 });
            return json(res, 200, requests);
        default:
            return text(res, 404, `no route ${route}`);
    }
}

function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}

async function readJson(req) {
    const body = await readBody(req);
    return body ? JSON.parse(body) : {};
}

function json(res, status, value) {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(value));
}

function text(res, status, value) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(value);
}

const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
        if (!res.headersSent) text(res, 400, String(error.message ?? error));
        else res.end();
    });
});
server.listen(Number(args.port), '127.0.0.1', () => {
    const { port } = server.address();
    issuer = `http://127.0.0.1:${port}`;
    process.stdout.write(`listening ${port}\n`);
});
process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
});
process.on('SIGINT', () => process.exit(0));
