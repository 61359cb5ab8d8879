// A real OpenID provider for the SSO tests (issue 15, R-ACC-5): npm oidc-provider 8.x on loopback
// with its development login and consent pages, one confidential client, PKCE, RFC 9207's iss in
// the authorization answer, RP-initiated and back-channel logout.
//
//   node real_provider.mjs --port 0 --redirect-uri http://127.0.0.1:8080/api/v1/auth/sso/callback
//     [--client-id portal-test] [--client-secret s3cret] [--post-logout-redirect-uri URI]
//     [--backchannel-logout-uri URI] [--domain example.test] [--existing-email EMAIL]
//
// --redirect-uri and --post-logout-redirect-uri repeat or take comma-separated lists; without
// --post-logout-redirect-uri each redirect URI's origin + "/" is registered (the portal sends
// <public_url>/). Without --backchannel-logout-uri it is the first redirect URI's origin +
// /api/v1/auth/sso/backchannel-logout. Prints "listening <port>" once ready; SIGTERM stops it.
//
// Accounts, chosen by the login name typed on the login page (any password), or by their email
// (the page pre-fills login_hint):
//   alice -> sub alice-sub, alice@<domain>, email_verified true
//   eve   -> sub eve-sub,   eve@<domain>,   email_verified false
//   anne  -> sub anne-sub,  <existing email>, email_verified true
//
// Control: POST /_control/backchannel-logout {"sub"|"accountId"|"login", "sid"?} signs a logout
// token with the provider's own key and model (what its end_session sends) and POSTs it to the
// client's backchannel_logout_uri; the answer carries the portal's status:
//   <portal status> {"status", "body", "logout_token"}   (502 when the portal could not be reached)
import * as http from 'node:http';
import * as querystring from 'node:querystring';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

// stdout carries exactly one line for the test fixture. oidc-provider's notices and warnings
// about development defaults (expected here) are dropped unless OIDC_DEBUG is set.
for (const name of ['info', 'warn']) {
    console[name] = (...args) => {
        if (!process.env.OIDC_DEBUG && /^oidc-provider (NOTICE|WARNING)/.test(String(args[0]))) return;
        console.error(...args);
    };
}

const { values: args } = parseArgs({
    options: {
        port: { type: 'string', default: '0' },
        'redirect-uri': { type: 'string', multiple: true, default: [] },
        'post-logout-redirect-uri': { type: 'string', multiple: true, default: [] },
        'backchannel-logout-uri': { type: 'string' },
        'client-id': { type: 'string', default: 'portal-test' },
        'client-secret': { type: 'string', default: 's3cret' },
        domain: { type: 'string', default: 'example.test' },
        'existing-email': { type: 'string', default: 'anne.martin@northwind.example' },
    },
});

const list = (values) => values.flatMap((value) => value.split(',')).map((v) => v.trim()).filter(Boolean);
const redirectUris = list(args['redirect-uri']);
if (redirectUris.length === 0) {
    console.error('real_provider: --redirect-uri is required');
    process.exit(2);
}
const origins = [...new Set(redirectUris.map((uri) => new URL(uri).origin))];
const postLogoutUris = list(args['post-logout-redirect-uri']);
const backchannelUri = args['backchannel-logout-uri']
    ?? `${origins[0]}/api/v1/auth/sso/backchannel-logout`;

const accounts = [
    { login: 'alice', sub: 'alice-sub', email: `alice@${args.domain}`, email_verified: true, name: 'Alice Example' },
    { login: 'eve', sub: 'eve-sub', email: `eve@${args.domain}`, email_verified: false, name: 'Eve Example' },
    { login: 'anne', sub: 'anne-sub', email: args['existing-email'], email_verified: true, name: 'Anne Existing' },
];

// oidc-provider uses the session's accountId as the subject everywhere (ID token, logout token
// from end_session), so the account id IS the sub; the login page's text is mapped to it.
function accountFor(text) {
    const needle = String(text ?? '').trim().toLowerCase();
    return accounts.find((a) => a.login === needle || a.sub === needle || a.email.toLowerCase() === needle);
}

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: `real-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(args.port), '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
    clients: [{
        client_id: args['client-id'],
        client_secret: args['client-secret'],
        token_endpoint_auth_method: 'client_secret_basic',
        // A "web" client may register http redirect URIs for the code flow (only implicit is
        // restricted to https), so the portal on http://127.0.0.1 is accepted as it is.
        application_type: 'web',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutUris.length ? postLogoutUris : origins.map((o) => `${o}/`),
        backchannel_logout_uri: backchannelUri,
        backchannel_logout_session_required: false,
    }],
    jwks: { keys: [signingKey] },
    findAccount(ctx, id) {
        const account = accounts.find((a) => a.sub === id);
        if (!account) return undefined;
        return {
            accountId: account.sub,
            async claims() {
                return {
                    sub: account.sub,
                    email: account.email,
                    email_verified: account.email_verified,
                    name: account.name,
                };
            },
        };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Without this the standard claims go to the userinfo endpoint only; the portal reads the
    // ID token.
    conformIdTokenClaims: false,
    features: {
        devInteractions: { enabled: true },
        backchannelLogout: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        claimsParameter: { enabled: false },
        // RFC 9207 (authorization_response_iss_parameter_supported, iss on every answer) is
        // always on in oidc-provider 8.
    },
    pkce: { methods: ['S256'], required: () => true },
    cookies: {
        keys: [randomBytes(16).toString('hex')],
        // The default SameSite=None needs Secure, which oidc-provider only adds over https, and
        // browsers drop SameSite=None cookies without it. The portal and the provider share
        // the site 127.0.0.1 (ports do not count), so Lax loses nothing.
        long: { sameSite: 'lax' },
        short: { sameSite: 'lax' },
    },
});

// The login form posts {prompt: "login", login, password}; devInteractions would make the typed
// text the account id. Rewrite it to the account's sub before oidc-provider parses the body
// (it takes an already read body from ctx.req.body).
provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && /^\/interaction\/[^/]+$/.test(ctx.path)
        && ctx.is('application/x-www-form-urlencoded')) {
        const form = querystring.parse(await readBody(ctx.req));
        if (form.prompt === 'login') form.login = accountFor(form.login)?.sub ?? form.login;
        ctx.req.body = querystring.stringify(form);
    } else if (ctx.method === 'POST' && ctx.path === '/_control/backchannel-logout') {
        await backchannelLogout(ctx);
        return;
    }
    await next();
});

async function backchannelLogout(ctx) {
    let request;
    try {
        request = JSON.parse((await readBody(ctx.req)) || '{}');
    } catch {
        ctx.status = 400;
        ctx.body = { error: 'body must be JSON' };
        return;
    }
    const sub = request.sub ?? accountFor(request.accountId ?? request.login)?.sub;
    if (!sub && !request.sid) {
        ctx.status = 400;
        ctx.body = { error: 'give sub, accountId or login (and/or sid)' };
        return;
    }
    const client = await provider.Client.find(args['client-id']);
    // What Client#backchannelLogout builds, plus sid on request (the registered client does not
    // require sid, so oidc-provider itself never adds it).
    const token = new provider.IdToken(sub ? { sub } : {}, { client, ctx: undefined });
    token.mask = { sub: null };
    token.set('events', { 'http://schemas.openid.net/event/backchannel-logout': {} });
    token.set('jti', randomBytes(16).toString('hex'));
    if (request.sid) token.set('sid', request.sid);
    const logoutToken = await token.issue({ use: 'logout' });
    try {
        const answer = await fetch(client.backchannelLogoutUri, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ logout_token: logoutToken }).toString(),
            signal: AbortSignal.timeout(5000),
        });
        const text = await answer.text();
        ctx.status = answer.status;
        ctx.body = { status: answer.status, body: text, logout_token: logoutToken };
    } catch (error) {
        ctx.status = 502;
        ctx.body = { status: 0, body: String(error), logout_token: logoutToken };
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

provider.on('server_error', (ctx, error) => console.error('real_provider:', error));
provider.on('backchannel.error', (ctx, error) => console.error('real_provider: back-channel logout:', error.message));

server.on('request', provider.callback());
process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
});
process.on('SIGINT', () => process.exit(0));
process.stdout.write(`listening ${port}\n`);
