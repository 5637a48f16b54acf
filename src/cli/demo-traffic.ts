/**
 * `npm run demo:traffic`: drives a realistic mix of conversations (English and Russian; answered, handed off,
 * breached, reopened, rated) through a running Switchboard's public API, so the console's Analytics screen comes
 * alive within minutes. Credentials as in the README's "Try it": SB (gateway URL), OP (admin API token), KEY (API
 * channel key), or the flags below.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runDemo } from '../demo/run-demo';

const USAGE = `usage: npm run demo:traffic -- [--url URL] [--token TOKEN] [--key KEY] [--conversations N] [--concurrency C] [--seed S]
  --url            the gateway (default $SB or http://localhost:3000)
  --token          an admin API token (default $OP)
  --key            the API channel key (default $KEY)
  --conversations  how many (default 200)
  --concurrency    conversations at a time (default 16)
  --seed           the mix's random seed (default 1): the same seed gives the same mix
  --wait           seconds to wait for each answer, task or CSAT question (default 180)`;

const schema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  operatorToken: z.string().min(1, 'an admin API token is needed (--token or OP)'),
  channelKey: z.string().min(1, 'the API channel key is needed (--key or KEY)'),
  conversations: z.coerce.number().int().min(1).max(100_000),
  concurrency: z.coerce.number().int().min(1).max(200),
  seed: z.coerce.number().int(),
  waitSeconds: z.coerce.number().positive().max(3_600),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' }, token: { type: 'string' }, key: { type: 'string' }, conversations: { type: 'string' },
      concurrency: { type: 'string' }, seed: { type: 'string' }, wait: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = schema.safeParse({
    baseUrl: values.url ?? process.env.SB ?? 'http://localhost:3000',
    operatorToken: values.token ?? process.env.OP ?? '',
    channelKey: values.key ?? process.env.KEY ?? '',
    conversations: values.conversations ?? 200,
    concurrency: values.concurrency ?? 16,
    seed: values.seed ?? 1,
    waitSeconds: values.wait ?? 180,
  });
  if (!parsed.success) {
    process.stderr.write(`${z.prettifyError(parsed.error)}\n${USAGE}\n`);
    return 2;
  }
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(`demo traffic: ${parsed.data.conversations} conversations against ${parsed.data.baseUrl}, ${parsed.data.concurrency} at a time`);
  const report = await runDemo(parsed.data, say);
  const failed = report.outcomes.filter((o) => o.error);
  for (const f of failed.slice(0, 10)) say(`  failed: ${f.externalId} (${f.kind}): ${f.error}`);
  const s = report.summary as { issues?: number; automationRate?: number | null; handoffRate?: number | null; csat?: { average: number | null; responses: number } };
  say(`done in ${Math.round((report.finishedAt.getTime() - report.startedAt.getTime()) / 1000)} s: ` +
    `${report.outcomes.length - failed.length} conversations completed, ${failed.length} failed`);
  say(`analytics for the demo's time range: ${s.issues} issues, automation rate ${pct(s.automationRate)} (grows as answered ` +
    `issues close by themselves), handoff rate ${pct(s.handoffRate)}, CSAT ${s.csat?.average?.toFixed(2) ?? '–'} from ${s.csat?.responses ?? 0} ratings`);
  say('open the console\'s Analytics screen to see it.');
  return failed.length > report.outcomes.length / 10 ? 1 : 0;
}

const pct = (v: number | null | undefined) => (typeof v === 'number' ? `${Math.round(v * 100)} %` : '–');

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`demo traffic failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
