/**
 * A word from the platform in the customer's conversation (systemNoticeSignal, e.g. "we mailed you a code" after
 * "LINK <address>"): delivered once in the channel named, in the issue's language, recorded as a system message.
 */
import path from 'node:path';
import { resolvePolicy } from '../../src/domain/policy';
import { systemNoticeSignal, type SystemNotice } from '../../workflows/definitions';
import { classification } from '../support/fake-activities';
import { RECORD_DIR, saveHistory } from '../support/history-recorder';
import { startIssueHarness, workflowTestEnv } from '../support/issue-workflow-harness';

const policy = resolvePolicy(JSON.stringify({ customerNudge: '60s', customerAutoClose: '120s' }));
const env = workflowTestEnv();
const notice: SystemNotice = {
  noticeId: 'link-code-mailed:instagram:mid.7', channel: 'instagram',
  text: { en: 'We have sent a code to a…@example.org.', ru: 'Мы отправили код на a…@example.org.' },
};

it.each([['en', 'We have sent a code'], ['ru', 'Мы отправили код']])('says it once, in the %s conversation, through the channel named', async (language, words) => {
  const t = await startIssueHarness(env, { policy, fake: { classify: async () => classification({ language }) } });
  await t.send('How do I reset my password?');
  await t.stateWhen((s) => s.status === 'waiting_customer', 'the answer');
  const handle = env.client.workflow.getHandle(t.workflowId);
  await handle.signal(systemNoticeSignal, notice);
  await handle.signal(systemNoticeSignal, notice); // re-delivered
  const s = await t.stateWhen((x) => x.messages.some((m) => m.author === 'system'), 'the notice');
  const delivered = await t.delivered(new RegExp(words));
  expect(delivered.channel).toBe('instagram');
  await new Promise((r) => setTimeout(r, 500));
  expect(t.fake.deliveries.filter((d) => d.text.startsWith(words))).toHaveLength(1);
  expect(s.messages.filter((m) => m.author === 'system').map((m) => m.channel)).toEqual(['instagram']);
  expect(s.status).toBe('waiting_customer'); // a notice changes nothing else
  if (process.env.SWITCHBOARD_RECORD_HISTORIES && language === 'en') {
    await saveHistory(t.workflowId, path.join(RECORD_DIR, 'system-notice.json'));
  }
});
