/**
 * The experiments' SQL on both databases (the embedded PGlite of `npm start` and a PostgreSQL server): one
 * running experiment per setting, stop, roll-out into the setting's value (a channel's own before every
 * channel's), the scenario a turn reads of them in one statement on its issue's channel, and assignments recorded
 * once whatever the retries.
 */
import { randomUUID } from 'node:crypto';
import { assignVariant, experimentTag } from '../../src/experiments/assignment';
import { createExperimentSchema } from '../../src/experiments/experiment-schemas';
import {
  ExperimentConflict, createExperiment, recordAssignments, rollOutVariant, runningExperimentsOn, scenarioSourcesOfIssue, stopExperiment,
} from '../../src/experiments/experiment-store';
import { issueScenario } from '../../src/experiments/customer-scenario';
import { databaseBackends, migratedDatabase } from '../support/db-backends';

const greeting = (name: string, channel: string | null = null) => createExperimentSchema.parse({
  name, setting: 'greeting', channel, variants: [{ name: 'none', share: 0.5, value: '' }, { name: 'hello', share: 0.5, value: `Hello from ${name}` }],
});

describe.each(databaseBackends())('experiment store on %s', (backend) => {
  const current = migratedDatabase(backend);
  const issues: string[] = [];
  const customers: string[] = [];
  // a shared PostgreSQL serves other test files too: leave no experiment running, nothing rolled out, no issue of ours
  const cleanUp = async () => {
    await current.db.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE status = 'running'`);
    await current.db.query('DELETE FROM scenario_settings');
    await current.db.query('DELETE FROM issues WHERE id = ANY($1::uuid[])', [issues.splice(0)]);
    await current.db.query('DELETE FROM customers WHERE id = ANY($1::uuid[])', [customers.splice(0)]);
  };
  // (each test cleans up itself: the backend's pool is closed by the time an afterAll of this block would run)
  beforeAll(cleanUp);

  const cleaningUp = (test: () => Promise<void>) => async () => {
    try {
      await test();
    } finally {
      await cleanUp();
    }
  };

  /** An issue the gateway recorded on `channel`: a turn of it reads its scenario on that channel. */
  const issueOn = async (channel: string, customer = randomUUID()) => {
    const id = randomUUID();
    customers.push(customer);
    issues.push(id);
    await current.db.query('INSERT INTO customers (id) VALUES ($1) ON CONFLICT DO NOTHING', [customer]);
    await current.db.query(`INSERT INTO issues (id, customer_id, workflow_id, status, channel) VALUES ($1, $2, $3, 'open', $4)`,
      [id, customer, `wf-${id}`, channel]);
    return id;
  };

  it('runs one experiment per setting, stops it, and rolls a winner out as the setting’s value', cleaningUp(async () => {
    const db = current.db;
    const onTelegram = await issueOn('telegram');
    const onEmail = await issueOn('email');
    const first = await createExperiment(db, greeting('first', 'telegram'));
    await expect(createExperiment(db, greeting('second'))).rejects.toBeInstanceOf(ExperimentConflict);
    expect((await runningExperimentsOn(db, 'telegram')).map((e) => e.id)).toEqual([first.id]);
    expect(await runningExperimentsOn(db, 'email')).toEqual([]);
    // an issue reads the experiments running on the channel it was recorded on
    expect(await scenarioSourcesOfIssue(db, onTelegram)).toEqual({ channel: 'telegram', experiments: [first], rolledOut: [] });
    expect(await scenarioSourcesOfIssue(db, onEmail)).toEqual({ channel: 'email', experiments: [], rolledOut: [] });

    const stopped = await stopExperiment(db, first.id);
    expect(stopped).toMatchObject({ status: 'stopped', winner: null });
    await expect(stopExperiment(db, first.id)).rejects.toMatchObject({ code: 'experiment_stopped' });
    expect(await stopExperiment(db, randomUUID())).toBeUndefined();
    // the next turn no longer runs under a stopped experiment
    expect(await scenarioSourcesOfIssue(db, onTelegram)).toEqual({ channel: 'telegram', experiments: [], rolledOut: [] });

    // a stopped experiment may still be rolled out, once
    await expect(rollOutVariant(db, first.id, 'loud')).rejects.toMatchObject({ code: 'unknown_variant' });
    expect(await rollOutVariant(db, first.id, 'hello')).toMatchObject({ winner: 'hello', status: 'stopped' });
    await expect(rollOutVariant(db, first.id, 'none')).rejects.toMatchObject({ code: 'experiment_rolled_out' });
    expect((await scenarioSourcesOfIssue(db, onTelegram)).rolledOut).toEqual([{ setting: 'greeting', value: 'Hello from first' }]);
    expect((await scenarioSourcesOfIssue(db, onEmail)).rolledOut).toEqual([]);

    // a value for every channel, then the channel's own wins on its channel
    const everywhere = await createExperiment(db, greeting('everywhere'));
    await rollOutVariant(db, everywhere.id, 'hello');
    expect((await scenarioSourcesOfIssue(db, onEmail)).rolledOut).toEqual([{ setting: 'greeting', value: 'Hello from everywhere' }]);
    expect((await scenarioSourcesOfIssue(db, onTelegram)).rolledOut).toEqual([{ setting: 'greeting', value: 'Hello from first' }]);
  }));

  it('puts a running experiment before a rolled-out value, and records an assignment once', cleaningUp(async () => {
    const db = current.db;
    const customer = randomUUID();
    const issueId = await issueOn('email', customer);
    const earlier = await createExperiment(db, greeting('earlier'));
    await rollOutVariant(db, earlier.id, 'hello');
    expect(await issueScenario(db, customer, issueId)).toEqual({ overrides: { greeting: 'Hello from earlier' }, assignments: [] });
    const running = await createExperiment(db, greeting('running'));
    const { overrides, assignments } = await issueScenario(db, customer, issueId);
    // the customer's variant is the hash's, of the experiment's variants as stored
    const variant = assignVariant(running.id, customer, running.variants);
    expect(assignments).toEqual([{ experimentId: running.id, setting: 'greeting', variant, tag: experimentTag(running.id, variant) }]);
    expect(overrides).toEqual({ greeting: variant === 'hello' ? 'Hello from running' : '' });
    await recordAssignments(db, customer, assignments);
    await recordAssignments(db, customer, [{ ...assignments[0], variant: 'other' }]);
    const { rows } = await db.query('SELECT variant FROM experiment_assignments WHERE experiment_id = $1 AND customer_id = $2', [running.id, customer]);
    expect(rows).toEqual([{ variant: assignments[0].variant }]);
  }));
});
