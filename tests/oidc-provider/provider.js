// A real OpenID Connect provider for tests/oidc.rs and tests/browser.rs: the certified
// `oidc-provider` package, with one static client and a few test accounts.
//
// Environment:
//   REDIRECT_URI   the app's callback, e.g. http://127.0.0.1:41234/auth/callback (required)
//   CLIENT_ID      default "connect-advisor"
//   CLIENT_SECRET  default "test-client-secret-0123456789abcdef"
//   PORT           default 0 (any free port)
//
// Prints "issuer http://127.0.0.1:<port>" on its first line once it listens.
//
// Sign-in without a login screen: the interaction page GET /interaction/<uid>?user=<name>
// logs <name> in (one of the accounts below); without ?user it shows a small form to pick one.
import http from 'node:http';
import Provider from 'oidc-provider';

const accounts = {
  alice: { email: 'alice@example.com', name: 'Alice Architect', groups: ['architects'] },
  bob: { email: 'bob@example.com', name: 'Bob Builder', groups: ['builders'] },
  carol: { email: 'carol@example.com', name: 'Carol Controller', groups: ['finops', 'architects'] },
  dave: { email: 'dave@example.com', name: 'Dave Developer', groups: [] },
  erin: { email: 'erin@example.com', name: 'Erin Engineer', groups: ['builders'] },
};

const redirectUri = process.env.REDIRECT_URI;
if (!redirectUri) {
  console.error('REDIRECT_URI is required');
  process.exit(2);
}
const clientId = process.env.CLIENT_ID || 'connect-advisor';
const clientSecret = process.env.CLIENT_SECRET || 'test-client-secret-0123456789abcdef';
const port = Number(process.env.PORT || 0);

// The test reads only the first line and then closes the pipe: later writes must not crash.
process.stdout.on('error', () => {});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { methods: ['S256'], required: () => true },
    claims: {
      openid: ['sub', 'groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Put the scopes' claims in the ID token (as Entra ID does), not only in userinfo.
    conformIdTokenClaims: false,
    cookies: { keys: ['connect-advisor-test-provider-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            email_verified: true,
            name: account.name,
            groups: account.groups,
          };
        },
      };
    },
    // First-party client: consent is implied.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    const match = url.pathname.match(/^\/interaction\/([A-Za-z0-9_-]+)$/);
    if (!match || req.method !== 'GET') {
      callback(req, res);
      return;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      const user = url.searchParams.get('user');
      if (!user || !accounts[user]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>Test provider sign-in</title><h1>Sign in as</h1>
<form method="get" action="/interaction/${escape(match[1])}">
${Object.keys(accounts).map((a) => `<button type="submit" name="user" value="${escape(a)}" id="user-${escape(a)}">${escape(a)}</button>`).join('\n')}
</form>`);
        return;
      }
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: user } }, { mergeWithLastSubmission: false });
      } else {
        const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        grant.addOIDCScope(details.params.scope);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${err}`);
    }
  });
  console.log(`issuer ${issuer}`);
});
