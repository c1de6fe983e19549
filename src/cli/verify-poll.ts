import { EXIT_CODES, verifyPoll } from '../polls/verify.ts';

export const VERIFY_POLL_USAGE = `Usage: samizdat verify-poll <where> [<results>] [--receipt RECEIPT] [--previous SEQ:HASH]

  <where>     the poll's page (https://example.org/polls/12), its results.json,
              board.json or board.csv, or a saved board.json or board.csv
  <results>   the results.json to compare with; by default the one beside the
              board (for a saved poll-12-board.csv: poll-12-results.json).
              A CSV board needs it: the poll's question and options are there
  --receipt   your receipt: finds your ballot on the board
  --previous  a head you saw before (on the results page, or from an earlier
              run): checks the board still runs through it

Exit status: 0 verified, 1 a problem found (the report says which entry and
what), 2 could not fetch or read the board or results. See docs/polls.md.
`;

/** Runs the command; answers its exit status. No configuration or database is needed. */
export async function verifyPollCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(VERIFY_POLL_USAGE);
    return 0;
  }
  const named: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--(receipt|previous)(?:=(.*))?$/.exec(args[i]);
    if (m) named[m[1]] = m[2] ?? args[++i] ?? '';
    else if (args[i].startsWith('--')) return usageError(`unknown option ${args[i]}`);
    else positional.push(args[i]);
  }
  if (positional.length < 1 || positional.length > 2) return usageError('give where the board is, and at most one results file');
  let verdict;
  try {
    verdict = await verifyPoll({ target: positional[0], results: positional[1], receipt: named.receipt, previous: named.previous });
  } catch (err) {
    // Not a finding about the poll: exit 1 is kept for problems found on the board or in the results.
    process.stderr.write(`samizdat verify-poll: could not check: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const out = verdict.outcome === 'unreadable' ? process.stderr : process.stdout;
  out.write(`${verdict.report.join('\n')}\n`);
  return EXIT_CODES[verdict.outcome];
}

function usageError(message: string): number {
  process.stderr.write(`samizdat verify-poll: ${message}\n\n${VERIFY_POLL_USAGE}`);
  return 2;
}
