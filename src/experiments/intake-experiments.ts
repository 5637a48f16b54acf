import type { Db } from '../db/pool';
import type { IntakeExperiments } from '../temporal/issue-service';
import { assignmentsOf } from './customer-scenario';
import { recordAssignments, runningExperimentsOn } from './experiment-store';

/** The gateway's intake side of experiments: the running ones on the channel, assigned by hash, recorded in PostgreSQL. */
export function intakeExperiments(db: Db): IntakeExperiments {
  return {
    assign: async (customerId, channel) => assignmentsOf(await runningExperimentsOn(db, channel), customerId),
    record: (customerId, assignments) => recordAssignments(db, customerId, assignments),
  };
}
