/**
 * The abuse limits and the link-code constraints on both databases: counters shared by gateway replicas
 * (two AbuseLimits on one database), and open link codes unique per channel.
 */
import { randomUUID } from 'node:crypto';
import { AbuseLimits, RateLimited } from '../../src/abuse/limits';
import { hashSecret } from '../../src/db/credentials';
import { resolveCustomer } from '../../src/db/customers';
import { consumeCodeSentFromChannel, issueLinkCode } from '../../src/identity/link-codes';
import { databaseBackends, migratedDatabase } from '../support/db-backends';

describe.each(databaseBackends())('database: $name', (backend) => {
  const current = migratedDatabase(backend);

  it('counts a limit across gateway replicas and answers how long to wait', async () => {
    const env = { RATE_LIMIT_WIDGET_MESSAGES_PER_VISITOR: '3/1m' };
    const replicaA = AbuseLimits.fromEnv(current.db, env);
    const replicaB = AbuseLimits.fromEnv(current.db, env);
    const visitor = randomUUID();
    await replicaA.consume('WIDGET_MESSAGES_PER_VISITOR', visitor);
    await replicaB.consume('WIDGET_MESSAGES_PER_VISITOR', visitor);
    await replicaA.consume('WIDGET_MESSAGES_PER_VISITOR', visitor);
    const refused = await replicaB.consume('WIDGET_MESSAGES_PER_VISITOR', visitor).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimited);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited', limit: 'WIDGET_MESSAGES_PER_VISITOR' });
    expect((refused as RateLimited).retryAfterS).toBeGreaterThan(0);
    expect((refused as RateLimited).retryAfterS).toBeLessThanOrEqual(60);
    // another subject has its own budget; the counters live in the database, not in the process
    await replicaB.consume('WIDGET_MESSAGES_PER_VISITOR', randomUUID());
    const { rows } = await current.db.query(`SELECT count(*)::int AS n FROM rate_limits WHERE key LIKE 'WIDGET_MESSAGES_PER_VISITOR:%'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it('blocks a subject for the block time once over, and "off" switches a limit off', async () => {
    const limits = AbuseLimits.fromEnv(current.db, { RATE_LIMIT_LINK_ATTEMPTS_PER_IDENTITY: '2/1m/1h', RATE_LIMIT_API_MESSAGES_PER_KEY: 'off' });
    const who = `telegram:${randomUUID()}`;
    expect(await limits.take('LINK_ATTEMPTS_PER_IDENTITY', who)).toBeUndefined();
    expect(await limits.take('LINK_ATTEMPTS_PER_IDENTITY', who)).toBeUndefined();
    expect(await limits.take('LINK_ATTEMPTS_PER_IDENTITY', who)).toBeGreaterThan(60 * 59);
    for (let i = 0; i < 5; i += 1) expect(await limits.take('API_MESSAGES_PER_KEY', 'key')).toBeUndefined();
  });

  it('keeps open link codes unique per channel, and a consumed code frees its value', async () => {
    const [a, b] = [await resolveCustomer(current.db, { channel: 'api', externalId: randomUUID() }), await resolveCustomer(current.db, { channel: 'api', externalId: randomUUID() })];
    const issued = await issueLinkCode(current.db, { customerId: a, channel: 'telegram', direction: 'shown_in_session' });
    expect(issued.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTWXYZ]{8}$/);
    const insert = (customerId: string) => current.db.query(
      `INSERT INTO identity_link_codes (id, customer_id, channel, direction, code_hash, expires_at)
       VALUES ($1, $2, 'telegram', 'shown_in_session', $3, now() + interval '15 minutes')`,
      [randomUUID(), customerId, hashSecret(issued.code)]);
    await expect(insert(b)).rejects.toMatchObject({ code: '23505' });
    const consumed = await consumeCodeSentFromChannel(current.db, 'telegram', issued.code.toLowerCase());
    expect(consumed).toMatchObject({ customerId: a });
    await insert(b);
  });
});
