import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { BallotBox } from './ballot-box.ts';
import { PollService } from './service.ts';

/** The polls domain: the rules, and the ballot box that writes votes in batches. */
export function createPolls(deps: { db: Db; changes: ChangeBus; now?: () => Date }): { polls: PollService; ballotBox: BallotBox } {
  const ballotBox = new BallotBox(deps);
  return { polls: new PollService({ ...deps, box: ballotBox }), ballotBox };
}
