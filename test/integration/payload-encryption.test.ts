/**
 * With PAYLOAD_ENCRYPTION_KEY set, what customers write is not in the workflow history in clear text, and the
 * system works as before (the gateway and the worker share the key).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { eventually } from '../support/temporal';
import { addPasswordArticle, startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const CODEC_KEY = `cx_${randomBytes(16).toString('hex')}`;

beforeAll(async () => {
  sys = await startTestSystem({ PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64'), CODEC_ACCESS_KEY: CODEC_KEY });
  await addPasswordArticle(sys);
});
afterAll(async () => {
  await sys?.stop();
});

it('keeps customer messages out of the history in clear text', async () => {
  const secret = `xyzzy-${randomUUID().slice(0, 8)}`;
  const res = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId: `enc-${randomUUID()}` }, text: `How do I reset my password? My word is ${secret}` },
  });
  expect(res.status).toBe(202);
  const issue = await eventually(async () => {
    const state = await sys.api('GET', `/api/v1/issues/${res.body.issueId}`, { token: sys.operatorToken });
    return state.body.issue?.messages?.length >= 2 ? state.body.issue : undefined;
  }, 30_000, 'the assistant\'s turn');
  expect(issue.messages[0].text).toContain(secret);

  // Read the raw history without the key, as anyone with access to Temporal would.
  const { rows } = await sys.db.query('SELECT workflow_id FROM issues WHERE id = $1', [res.body.issueId]);
  const connection = await Connection.connect({ address: sys.config.temporal.address! });
  const history = await new Client({ connection }).workflow.getHandle(rows[0].workflow_id).fetchHistory();
  await connection.close();
  const raw = Buffer.from(JSON.stringify(history)).toString();
  const payloadBytes = Buffer.concat((history.events ?? []).flatMap((e) => [
    ...(e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []),
    ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
    ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
  ]).map((p) => Buffer.from(p.data ?? [])));
  expect(payloadBytes.length).toBeGreaterThan(0);
  expect(payloadBytes.indexOf(secret)).toBe(-1);
  expect(raw).not.toContain(secret);
  const signal = (history.events ?? []).find((e) => e.workflowExecutionSignaledEventAttributes)!;
  const encoding = signal.workflowExecutionSignaledEventAttributes!.input!.payloads![0].metadata!.encoding!;
  expect(Buffer.from(encoding).toString()).toBe('binary/encrypted');

  // The Temporal UI's codec endpoint opens it again, for operators only: being on this machine (or behind a
  // proxy that relays from loopback) is no credential.
  const sealed = signal.workflowExecutionSignaledEventAttributes!.input!.payloads![0];
  const asJson = {
    metadata: Object.fromEntries(Object.entries(sealed.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v as Uint8Array).toString('base64')])),
    data: Buffer.from(sealed.data!).toString('base64'),
  };
  const opened = (res: { body: any }) => Buffer.from(res.body.payloads[0].data, 'base64').toString();
  const anonymous = await sys.api('POST', '/codec/decode', { body: { payloads: [asJson] } });
  expect(anonymous.status).toBe(401);
  expect(JSON.stringify(anonymous.body)).not.toContain(secret);
  expect((await sys.api('POST', '/codec/decode', { body: { payloads: [asJson] }, token: 'op_guess' })).status).toBe(401);
  expect((await sys.api('POST', '/codec/encode', { body: { payloads: [asJson] } })).status).toBe(401);
  const asOperator = await sys.api('POST', '/codec/decode', { body: { payloads: [asJson] }, token: sys.operatorToken });
  expect(asOperator.status).toBe(200);
  expect(opened(asOperator)).toContain(secret);
  // the local UI's endpoint carries the codec access key in its path (the UI cannot send a token itself)
  const byKey = await sys.api('POST', `/codec/${CODEC_KEY}/decode`, { body: { payloads: [asJson] } });
  expect(byKey.status).toBe(200);
  expect(opened(byKey)).toContain(secret);
  expect((await sys.api('POST', `/codec/${CODEC_KEY.slice(0, -1)}x/decode`, { body: { payloads: [asJson] } })).status).toBe(401);
  const preflight = await fetch(`${sys.url}/codec/${CODEC_KEY}/decode`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8233' } });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
});
