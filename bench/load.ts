import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

/**
 * The load generators of `npm run bench`. autocannon for rotating paths and
 * latency percentiles; wrk (Debian's package, when installed) for the cached
 * path, where one autocannon process is slower than the server it measures and
 * would hide the difference (docs/benchmarks.md). Only 127.0.0.1 is contacted.
 */

export interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
export const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

export async function measure(name: string, url: string, paths: string[], opts: { connections?: number } = {}): Promise<Result> {
  let i = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections: opts.connections ?? CONNECTIONS,
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
    });
  // An unmeasured run first, so the figures are the server's steady state rather
  // than V8 compiling the code paths (the first seconds of a fresh process).
  if (WARMUP > 0) await run(WARMUP);
  const r = await run(DURATION);
  return report({ name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
}

const run = promisify(execFile);

export async function haveWrk(): Promise<boolean> {
  return run('wrk', ['--version']).then(() => true, (e: { stdout?: string }) => Boolean(e.stdout?.includes('wrk')));
}

/** wrk with two threads against one URL: requests per second and latency (p50, p99 in ms). */
export async function wrk(name: string, url: string, connections: number, opts: { script?: string; warmup?: boolean } = {}): Promise<Result> {
  const script = opts.script ? ['-s', opts.script] : [];
  if (WARMUP > 0 && opts.warmup !== false) await run('wrk', ['-t2', `-c${connections}`, `-d${WARMUP}s`, ...script, url]);
  const { stdout } = await run('wrk', ['-t2', `-c${connections}`, `-d${DURATION}s`, '--latency', ...script, url]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0);
  const ms = (label: string) => {
    const m = new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
    if (!m) return 0;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0) + Number(/Socket errors:.*?(\d+)/.exec(stdout)?.[1] ?? 0);
  return report({ name, rps, p50: Math.round(ms('50') * 10) / 10, p99: Math.round(ms('99') * 10) / 10, errors });
}

function report(r: Result): Result {
  console.log(`  ${r.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}`);
  return r;
}
