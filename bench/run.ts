import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchOptions, report, writeResult, type Benchmark } from './support.js';

/**
 * `npm run bench` runs every bench/*.bench.ts; `npm run bench -- <name> [...]` runs the named ones.
 * Each prints its figures and the ratio to its baseline and writes var/bench/<name>.json.
 * Exits 1 when a benchmark fails or misses its target ratio.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = (await readdir(here)).filter((f) => /\.bench\.(ts|js)$/.test(f)).sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) benchmarks.push((await import(pathToFileURL(path.join(here, file)).href)).default as Benchmark);
  return benchmarks;
}

async function main(): Promise<void> {
  const all = await loadBenchmarks();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !all.some((b) => b.name === name));
  if (unknown.length) {
    console.error(`Unknown benchmark ${unknown.join(', ')}: there are ${all.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const selected = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all;
  const options = benchOptions();
  let failed = false;
  for (const benchmark of selected) {
    console.log(`\n${benchmark.name}: ${benchmark.description}`);
    console.log(
      `  ${benchmark.connections ?? options.connections} connections, ${options.warmupSeconds} s warm-up, ${options.seconds} s measured per endpoint`,
    );
    try {
      const { result, target, baseline } = await benchmark.run(options);
      report(result, target, baseline);
      console.log(`  wrote ${path.relative(process.cwd(), await writeResult(result))}`);
      if (result.target !== undefined && result.ratio < result.target) failed = true;
    } catch (err) {
      failed = true;
      console.error(`  FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

void main();
