/**
 * The experiments' SQL on both databases (the embedded PGlite of `npm start` and a PostgreSQL server): one
 * running experiment per setting, stop, roll-out into the setting's value (a channel's own before every
 * channel's), and assignments recorded once whatever the retries.
 */
import { randomUUID } from 'node:crypto';
import { createExperimentSchema } from '../../src/experiments/experiment-schemas';
import {
  ExperimentConflict, createExperiment, recordAssignments, rollOutVariant, rolledOutSettingsOn, runningExperimentsOn, stopExperiment,
} from '../../src/experiments/experiment-store';
import { customerScenario, issueScenario } from '../../src/experiments/customer-scenario';
import { databaseBackends, migratedDatabase } from '../support/db-backends';

const greeting = (name: string, channel: string | null = null) => createExperimentSchema.parse({
  name, setting: 'greeting', channel, variants: [{ name: 'none', share: 0.5, value: '' }, { name: 'hello', share: 0.5, value: `Hello from ${name}` }],
});

describe.each(databaseBackends())('experiment store on %s', (backend) => {
  const current = migratedDatabase(backend);
  // a shared PostgreSQL serves other test files too: leave no experiment running and nothing rolled out
  const cleanUp = async () => {
    await current.db.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE status = 'running'`);
    await current.db.query('DELETE FROM scenario_settings');
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

  it('runs one experiment per setting, stops it, and rolls a winner out as the setting’s value', cleaningUp(async () => {
    const db = current.db;
    const first = await createExperiment(db, greeting('first', 'telegram'));
    await expect(createExperiment(db, greeting('second'))).rejects.toBeInstanceOf(ExperimentConflict);
    expect((await runningExperimentsOn(db, 'telegram')).map((e) => e.id)).toEqual([first.id]);
    expect(await runningExperimentsOn(db, 'email')).toEqual([]);

    const stopped = await stopExperiment(db, first.id);
    expect(stopped).toMatchObject({ status: 'stopped', winner: null });
    await expect(stopExperiment(db, first.id)).rejects.toMatchObject({ code: 'experiment_stopped' });
    expect(await stopExperiment(db, randomUUID())).toBeUndefined();

    // a stopped experiment may still be rolled out, once
    await expect(rollOutVariant(db, first.id, 'loud')).rejects.toMatchObject({ code: 'unknown_variant' });
    expect(await rollOutVariant(db, first.id, 'hello')).toMatchObject({ winner: 'hello', status: 'stopped' });
    await expect(rollOutVariant(db, first.id, 'none')).rejects.toMatchObject({ code: 'experiment_rolled_out' });
    expect(await rolledOutSettingsOn(db, 'telegram')).toEqual([{ setting: 'greeting', value: 'Hello from first' }]);
    expect(await rolledOutSettingsOn(db, 'email')).toEqual([]);

    // a value for every channel, then the channel's own wins on its channel
    const everywhere = await createExperiment(db, greeting('everywhere'));
    await rollOutVariant(db, everywhere.id, 'hello');
    expect(await rolledOutSettingsOn(db, 'email')).toEqual([{ setting: 'greeting', value: 'Hello from everywhere' }]);
    expect(await rolledOutSettingsOn(db, 'telegram')).toEqual([{ setting: 'greeting', value: 'Hello from first' }]);
  }));

  it('puts a running experiment before a rolled-out value, and records an assignment once', cleaningUp(async () => {
    const db = current.db;
    const earlier = await createExperiment(db, greeting('earlier'));
    await rollOutVariant(db, earlier.id, 'hello');
    expect((await customerScenario(db, randomUUID(), 'email')).overrides).toEqual({ greeting: 'Hello from earlier' });
    const running = await createExperiment(db, greeting('running'));
    const customer = randomUUID();
    const { overrides, assignments } = await customerScenario(db, customer, 'email');
    expect(assignments).toEqual([expect.objectContaining({ experimentId: running.id, setting: 'greeting' })]);
    expect(overrides.greeting).toBe(assignments[0].variant === 'hello' ? 'Hello from running' : '');
    // a turn reads the same scenario in one round trip, on the channel its issue was recorded on
    const issueId = randomUUID();
    await db.query('INSERT INTO customers (id) VALUES ($1) ON CONFLICT DO NOTHING', [customer]);
    await db.query(`INSERT INTO issues (id, customer_id, workflow_id, status, channel) VALUES ($1, $2, $3, 'open', 'email')`,
      [issueId, customer, `wf-${issueId}`]);
    expect(await issueScenario(db, customer, issueId)).toEqual({ overrides, assignments });
    await recordAssignments(db, customer, assignments);
    await recordAssignments(db, customer, [{ ...assignments[0], variant: 'other' }]);
    const { rows } = await db.query('SELECT variant FROM experiment_assignments WHERE experiment_id = $1 AND customer_id = $2', [running.id, customer]);
    expect(rows).toEqual([{ variant: assignments[0].variant }]);
  }));
});
