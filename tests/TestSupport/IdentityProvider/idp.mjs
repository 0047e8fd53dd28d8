// The identity provider of the tests: npm oidc-provider (OpenID Certified) on a loopback port, with dynamic client
// registration (each test registers its own client), back-channel logout and RP-initiated logout on, and a tiny
// interaction page instead of devInteractions: one form asks for the e-mail address, signs it in and grants the
// requested scopes (no consent step). Accounts: sub = the address; "unverified.*" addresses have email_verified false.
// IDP_JWKS (a JWK Set with private keys) fixes the signing key, so tests can also mint tokens as this IdP would.
// IDP_NOW_MS (milliseconds since the epoch, not before now) starts the IdP's clock there, for tests whose app clock is a
// FakeTimeProvider that has run ahead of the real one; the tokens' iat and exp follow it.
// Prints "listening <issuer>" once ready; ends when stdin closes (the test process went away).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

if (process.env.IDP_NOW_MS) {
  const realNow = Date.now;
  const offset = Number(process.env.IDP_NOW_MS) - realNow();
  Date.now = () => realNow() + offset;
}

const port = Number(process.env.IDP_PORT ?? 0);
const server = http.createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const html = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP</title></head><body>${body}</body></html>`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const jwks = process.env.IDP_JWKS ? JSON.parse(process.env.IDP_JWKS) : undefined;
const provider = new Provider(issuer, {
  clients: [],
  ...(jwks ? { jwks } : {}),
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true, idFactory: () => `client-${randomUUID()}` },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: (ctx, form) => {
        ctx.body = html(`<h1>Sign out of the test IdP?</h1>${form}<button form="op.logoutForm" name="logout" value="yes" type="submit">Yes, sign me out</button>`);
      },
      postLogoutSuccessSource: (ctx) => {
        ctx.body = html('<h1>Signed out of the test IdP</h1>');
      },
    },
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  // The test IdP posts back-channel logouts to a relay on loopback, which oidc-provider's SSRF guard refuses.
  fetch: (url, options) => fetch(url, { ...options, dispatcher: undefined }),
  pkce: { required: () => true },
  cookies: { keys: ['test-idp-cookie-key-not-secret'] },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const local = id.split('@')[0];
        return { sub: id, email: id, email_verified: !local.startsWith('unverified.'), name: local.replace(/[._]/g, ' ') };
      },
    };
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = html(`<h1>IdP error</h1><pre>${escape(JSON.stringify(out))}</pre>`);
  },
});
provider.on('backchannel.error', (ctx, err, client) => console.error(`backchannel logout to ${client.clientId} failed: ${err.message} ${err.cause?.message ?? ""} ${err.cause?.code ?? ""}`));
provider.on('backchannel.success', (ctx, client) => console.log(`backchannel logout to ${client.clientId} answered`));

const callback = provider.callback();
const readForm = (req) => new Promise((resolve, reject) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { body += chunk; if (body.length > 65536) { reject(new Error('form too large')); } });
  req.on('end', () => resolve(new URLSearchParams(body)));
  req.on('error', reject);
});

server.on('request', async (req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    callback(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(html(`<h1>Sign in to the test IdP</h1><form method="post" action="/interaction/${details.uid}">
<label for="login">E-mail</label><input id="login" name="login" value="${escape(details.params.login_hint ?? '')}">
<button type="submit">Sign in at the IdP</button></form>`));
      return;
    }
    const form = await readForm(req);
    const accountId = details.session?.accountId ?? form.get('login');
    if (!accountId) {
      res.statusCode = 400;
      res.end(html('<h1>Enter an e-mail address</h1>'));
      return;
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope ?? 'openid');
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  } catch (err) {
    res.statusCode = 400;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html(`<h1>Interaction failed</h1><pre>${escape(err.message)}</pre>`));
  }
});

console.log(`listening ${issuer}`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
