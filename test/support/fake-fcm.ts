/**
 * A loopback stand-in for Google's OAuth token endpoint and FCM HTTP v1, speaking their wire format: the token
 * endpoint checks the service account's RS256 JWT assertion (grant type jwt-bearer) with the account's public key;
 * messages:send checks the Bearer token and answers like FCM (200 {name}, 404 UNREGISTERED for a dead token,
 * 503 while told to be unavailable).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerify, generateKeyPairSync } from 'node:crypto';

export interface FcmPush { token: string; notification: { body: string }; data: Record<string, string> }

export async function startFakeFcm(projectId = 'demo-project') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const accessToken = `ya29.fake-${Math.random().toString(36).slice(2)}`;
  const pushes: FcmPush[] = [];
  const deadTokens = new Set<string>();
  let unavailable = 0;
  let tokenRequests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.url === '/token' && req.method === 'POST') {
        tokenRequests += 1;
        const form = new URLSearchParams(body);
        const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
        const valid = form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && header && claims && signature &&
          createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(publicKey, Buffer.from(signature, 'base64url'));
        const payload = valid ? JSON.parse(Buffer.from(claims!, 'base64url').toString()) : {};
        if (!valid || payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging') return reply(400, { error: 'invalid_grant' });
        return reply(200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
      }
      if (req.url === `/v1/projects/${projectId}/messages:send` && req.method === 'POST') {
        if (req.headers.authorization !== `Bearer ${accessToken}`) return reply(401, { error: { code: 401, status: 'UNAUTHENTICATED' } });
        if (unavailable > 0) {
          unavailable -= 1;
          return reply(503, { error: { code: 503, status: 'UNAVAILABLE' } });
        }
        const { message } = JSON.parse(body) as { message: FcmPush };
        if (deadTokens.has(message.token)) {
          return reply(404, { error: { code: 404, status: 'NOT_FOUND', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] } });
        }
        pushes.push(message);
        return reply(200, { name: `projects/${projectId}/messages/${pushes.length}` });
      }
      reply(404, { error: { code: 404, status: 'NOT_FOUND' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    pushes,
    deadTokens,
    get tokenRequests() { return tokenRequests; },
    /** the next n sends answer 503 */
    failNext(n: number) { unavailable = n; },
    serviceAccountJson: JSON.stringify({
      type: 'service_account', project_id: projectId, private_key_id: 'k1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: `switchboard@${projectId}.iam.gserviceaccount.com`, client_id: '1', token_uri: `${url}/token`,
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
