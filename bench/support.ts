import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEFAULT_TEST_DATABASE_URL, findPostgres, findRedis, withDatabase } from '../test/support/services.js';

/** A benchmark file (bench/<name>.bench.ts) default-exports one of these. */
export interface Benchmark {
  name: string;
  description: string;
  /** The connections (or concurrent clients) it measures with when it fixes them (the issue names the figure), else BENCH_CONNECTIONS. */
  connections?: number;
  run(options: BenchOptions): Promise<BenchRun>;
}

export interface BenchRun {
  result: BenchResult;
  target: Measurement;
  baseline: Measurement;
}

export interface BenchOptions {
  /** Seconds measured per endpoint (BENCH_SECONDS, default 10) after a warm-up (BENCH_WARMUP_SECONDS, default 2). */
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

/** What every benchmark writes to var/bench/<name>.json. */
export interface BenchResult {
  name: string;
  rps: number;
  p99Ms: number;
  baselineName: string;
  baselineRps: number;
  ratio: number;
  /** The ratio the benchmark must reach (printed, not written). */
  target?: number;
}

export interface Measurement {
  rps: number;
  meanMs: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** The measured process's CPU time (user + system) per operation, where the benchmark knows it. */
  cpuMsPerOp?: number;
  /** More of the latency distribution, where measured through autocannon. */
  tail?: LatencyTail;
  /** Rounds added up (compare): the highest of their p99s, beside the p99 of all their requests. */
  worstRoundP99Ms?: number;
  /** autocannon's own record of the run (its latency histogram), so that rounds add up exactly. */
  runs?: AutocannonRun[];
}

/** What autocannon answers with skipAggregateResult: counts and the encoded latency histogram of one run. */
interface AutocannonRun {
  latencies: string;
  totalCompletedRequests: number;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** autocannon's aggregateResult (not in its type definitions): one result from the histograms of several runs. */
const aggregateRuns = (runs: AutocannonRun[], options: { url: string; connections: number }) =>
  (autocannon as unknown as { aggregateResult(runs: AutocannonRun[], options: object): autocannon.Result }).aggregateResult(runs, options);

export interface LatencyTail {
  p50Ms: number;
  p90Ms: number;
  p999Ms: number;
  maxMs: number;
}

export function benchOptions(): BenchOptions {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
    return value;
  };
  return {
    seconds: number('BENCH_SECONDS', 10),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 2),
    connections: number('BENCH_CONNECTIONS', 32),
  };
}

export interface BenchDatabase {
  url: string;
  /** Drops the database when the benchmark created it. */
  dispose(): Promise<void>;
}

/**
 * DATABASE_URL when set (used as is); otherwise a fresh database on the local PostgreSQL,
 * dropped afterwards. Benchmarks measure real PostgreSQL only: the embedded database is not one.
 */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, dispose: async () => undefined };
  const serverUrl = await findPostgres();
  if (!serverUrl) throw new Error(`Benchmarks need PostgreSQL: set DATABASE_URL or run one at ${DEFAULT_TEST_DATABASE_URL}`);
  const database = `scriptorium_bench_${name.replace(/\W/g, '_')}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, database),
    async dispose() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A database kept between runs (data sets that take minutes to generate, like a million orders):
 * DATABASE_URL when set, else `scriptorium_bench_<name>` on the local PostgreSQL, created if missing.
 */
export async function persistentBenchDatabase(name: string): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, dispose: async () => undefined };
  const serverUrl = await findPostgres();
  if (!serverUrl) throw new Error(`Benchmarks need PostgreSQL: set DATABASE_URL or run one at ${DEFAULT_TEST_DATABASE_URL}`);
  const database = `scriptorium_bench_${name.replace(/\W/g, '_')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!rowCount) await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  return { url: withDatabase(serverUrl, database), dispose: async () => undefined };
}

/**
 * Starts the real app (API only, production mode, silent, no worker, fresh secrets) on `databaseUrl`,
 * with Redis when it answers; `env` adds or overrides variables (pool size, rate limits).
 */
export async function startApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<{ server: ServerProcess; redis: boolean }> {
  const redisUrl = await findRedis();
  const server = await startServer(
    'bench/servers/app.ts',
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      REDIS_PREFIX: `bench:${Date.now().toString(36)}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      RUN_WORKER: 'false',
      ...env,
    },
    undefined,
    nodeArgs,
  );
  return { server, redis: Boolean(redisUrl) };
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** CPU time (user + system, all threads) the server process has used so far, in ms (10 ms resolution). */
  cpuMs(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** A process's utime + stime from /proc/<pid>/stat, in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Runs a server script (bench/servers/*.ts) in its own Node process, so each server under test has
 * a process to itself and the load generator here shares an event loop with neither. Node runs it
 * directly (`node --import tsx`, no tsx wrapper process), so its CPU can be read and `nodeArgs`
 * (e.g. --cpu-prof) reach it.
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  timeoutMs = 180_000,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    cpuMs: () => processCpuMs(child.pid!),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export interface RequestShape {
  /** The server's CPU so far (ms): given, each measurement reports Node CPU per request. */
  cpuMs?: () => number;
  method?: 'GET' | 'POST';
  body?: string;
  /** Varies each request (e.g. another client's token), as autocannon's setupRequest; `context` lives until its response. */
  setupRequest?: (
    request: { path?: string; headers?: Record<string, string> },
    context: Record<string, unknown>,
  ) => { path?: string; headers?: Record<string, string> };
  /** Called with the same context when the answer came (autocannon's onResponse). */
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  /** Called before each measurement (warm-up and rounds): requests cut off by the previous one never got their answer. */
  onMeasureStart?: () => void;
  /** An open loop: requests are sent at this rate in all (req/s) whatever the answers' pace, instead of as fast as answered. */
  overallRate?: number;
}

export async function measure(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
  shape: RequestShape = {},
): Promise<Measurement> {
  shape.onMeasureStart?.();
  const cpuBefore = shape.cpuMs?.();
  const run = (await autocannon({
    url,
    headers,
    connections,
    duration: seconds,
    // The run's own histogram back, so compare can take the percentiles of all its rounds' requests.
    skipAggregateResult: true,
    method: shape.method ?? 'GET',
    body: shape.body,
    ...(shape.overallRate ? { overallRate: shape.overallRate } : {}),
    ...(shape.setupRequest ? { requests: [{ setupRequest: shape.setupRequest as never, onResponse: shape.onResponse as never }] } : {}),
  })) as unknown as AutocannonRun;
  const { latency } = aggregateRuns([run], { url, connections });
  const requests = run.totalCompletedRequests;
  return {
    rps: requests / run.duration,
    meanMs: latency.average,
    p99Ms: latency.p99,
    requests,
    non2xx: run.non2xx,
    errors: run.errors + run.timeouts,
    ...(cpuBefore !== undefined ? { cpuMsPerOp: (shape.cpuMs!() - cpuBefore) / Math.max(1, requests) } : {}),
    tail: tailOf(latency),
    runs: [run],
  };
}

const tailOf = (latency: autocannon.Histogram): LatencyTail => ({
  p50Ms: latency.p50,
  p90Ms: latency.p90,
  p999Ms: latency.p99_9,
  maxMs: latency.max,
});

export interface Endpoint extends RequestShape {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/**
 * Warms both endpoints up, then measures them in alternating rounds (baseline first, then target
 * first, …) and adds the rounds up, so a machine that speeds up or slows down during the run
 * weighs on both alike. Latencies are those of all the rounds' requests taken together (p99: of
 * every request measured), the worst round's p99 given beside. Any error or non-2xx answer fails
 * the benchmark: a fast error is not a result.
 */
export async function compare(
  target: Endpoint,
  baseline: Endpoint,
  options: BenchOptions,
): Promise<{ target: Measurement; baseline: Measurement }> {
  for (const endpoint of [baseline, target])
    await measure(endpoint.url, endpoint.headers, options.warmupSeconds, options.connections, endpoint);
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
  const seconds = Math.max(1, Math.round(options.seconds / rounds));
  const totals = new Map<Endpoint, Measurement[]>([
    [baseline, []],
    [target, []],
  ]);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [baseline, target] : [target, baseline];
    for (const endpoint of order) {
      const m = await measure(endpoint.url, endpoint.headers, seconds, options.connections, endpoint);
      totals.get(endpoint)!.push(m);
      // BENCH_VERBOSE=1 shows each round.
      if (process.env.BENCH_VERBOSE) console.log(`    round ${round + 1} ${endpoint.name}: ${describeRound(m)}`);
    }
  }
  const baselineResult = sumRounds(totals.get(baseline)!);
  const targetResult = sumRounds(totals.get(target)!);
  for (const [endpoint, m] of [
    [baseline, baselineResult],
    [target, targetResult],
  ] as const) {
    if (m.non2xx || m.errors)
      throw new Error(`${endpoint.name}: ${m.non2xx} non-2xx answers and ${m.errors} errors in ${m.requests} requests`);
  }
  return { target: targetResult, baseline: baselineResult };
}

function describeRound(m: Measurement): string {
  const cpu = m.cpuMsPerOp === undefined ? '' : `, Node CPU ${m.cpuMsPerOp.toFixed(3)} ms/op`;
  const tail = m.tail ? `p50 ${m.tail.p50Ms} p99 ${m.p99Ms} max ${m.tail.maxMs}` : `p99 ${m.p99Ms}`;
  return `${m.rps.toFixed(0)} req/s, mean ${m.meanMs.toFixed(1)} ${tail} ms${cpu}, load ${os.loadavg()[0]!.toFixed(2)}`;
}

/** Rounds of one endpoint added up: mean rates, total counts, and latencies of all their requests where autocannon measured them (else the means and the worst p99). */
export function sumRounds(ms: Measurement[]): Measurement {
  const mean = (pick: (m: Measurement) => number) => ms.reduce((a, m) => a + pick(m), 0) / ms.length;
  const worstRoundP99Ms = Math.max(...ms.map((m) => m.p99Ms));
  const summed: Measurement = {
    rps: mean((m) => m.rps),
    meanMs: mean((m) => m.meanMs),
    p99Ms: worstRoundP99Ms,
    worstRoundP99Ms,
    requests: ms.reduce((a, m) => a + m.requests, 0),
    non2xx: ms.reduce((a, m) => a + m.non2xx, 0),
    errors: ms.reduce((a, m) => a + m.errors, 0),
    ...(ms.every((m) => m.cpuMsPerOp !== undefined) ? { cpuMsPerOp: mean((m) => m.cpuMsPerOp!) } : {}),
    ...(ms.every((m) => m.tail) ? { tail: worstTail(ms.map((m) => m.tail!)) } : {}),
  };
  if (!ms.every((m) => m.runs)) return summed;
  // Percentiles of every request of every round, from autocannon's histograms added up.
  const runs = ms.flatMap((m) => m.runs!);
  const { latency } = aggregateRuns(runs, { url: 'http://rounds', connections: 1 });
  return { ...summed, meanMs: latency.average, p99Ms: latency.p99, tail: tailOf(latency), runs };
}

function worstTail(tails: LatencyTail[]): LatencyTail {
  const worst = (pick: (t: LatencyTail) => number) => Math.max(...tails.map(pick));
  return { p50Ms: worst((t) => t.p50Ms), p90Ms: worst((t) => t.p90Ms), p999Ms: worst((t) => t.p999Ms), maxMs: worst((t) => t.maxMs) };
}

export function report(result: BenchResult, target: Measurement, baseline: Measurement): void {
  const row = (label: string, m: Measurement) =>
    `  ${label.padEnd(34)} ${m.rps.toFixed(0).padStart(7)} req/s   p99 ${String(m.p99Ms).padStart(4)} ms   (${m.requests} requests)`;
  console.log(row(result.name, target));
  console.log(row(result.baselineName, baseline));
  const verdict =
    result.target === undefined
      ? ''
      : result.ratio >= result.target
        ? `  -> target ${result.target.toFixed(2)} MET`
        : `  -> target ${result.target.toFixed(2)} NOT MET`;
  console.log(`  ratio ${result.ratio.toFixed(2)}${verdict}`);
}

export async function writeResult(result: BenchResult): Promise<string> {
  const dir = path.resolve('var', 'bench');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${result.name}.json`);
  const { name, rps, p99Ms, baselineName, baselineRps, ratio } = result;
  await writeFile(file, JSON.stringify({ name, rps, p99Ms, baselineName, baselineRps, ratio }, null, 2) + '\n');
  return file;
}

/** The session cookie is Secure in production; loopback is a trusted proxy, so benches say https. */
export const FORWARDED = { 'X-Forwarded-Proto': 'https' };

/** Signs the demo admin into the back office at `url`; the session cookie ("name=value") to send. */
export async function signInAdmin(url: string): Promise<string> {
  const res = await fetch(`${url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    // fetch sends its own Host (the loopback address), so the Origin must name that.
    headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded', ...FORWARDED },
    body: new URLSearchParams({ email: 'admin@scriptorium.test', password: 'scriptorium' }).toString(),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('scriptorium.admin='));
  if (!cookie) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}
