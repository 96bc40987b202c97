import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { constants, createHistogram, monitorEventLoopDelay, PerformanceObserver, type RecordableHistogram } from 'node:perf_hooks';

/**
 * What a bench server's latency tail is made of, when BENCH_DIAG_FILE is set: time in the server
 * per request (the 'request' event to the response's 'finish'), event-loop delay, GC pauses, and
 * any histograms the server adds (e.g. waits for a pooled connection). SIGUSR2 writes the figures
 * gathered since the last SIGUSR2 to BENCH_DIAG_FILE (JSON, ms) and starts afresh. Off, it costs nothing.
 */
export interface Diagnostics {
  /** A histogram (nanoseconds in, ms out) written with the others; undefined when diagnostics are off. */
  histogram(name: string): RecordableHistogram | undefined;
}

export function startDiagnostics(server: Server): Diagnostics {
  const file = process.env.BENCH_DIAG_FILE;
  if (!file) return { histogram: () => undefined };
  const histograms = new Map<string, RecordableHistogram>();
  const histogram = (name: string) => {
    let found = histograms.get(name);
    if (!found) histograms.set(name, (found = createHistogram()));
    return found;
  };
  const inServer = histogram('inServer');
  server.prependListener('request', (_req, res) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => inServer.record(process.hrtime.bigint() - start));
  });
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const gc = { count: 0, totalMs: 0, maxMs: 0, byKind: {} as Record<string, { count: number; totalMs: number; maxMs: number }> };
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-sweep',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = kinds[(entry as unknown as { detail?: { kind: number } }).detail?.kind ?? -1] ?? 'other';
      const k = (gc.byKind[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      for (const g of [gc, k]) {
        g.count++;
        g.totalMs += entry.duration;
        g.maxMs = Math.max(g.maxMs, entry.duration);
      }
    }
  }).observe({ entryTypes: ['gc'] });
  let since = Date.now();
  const summary = (h: { count?: number; mean: number; percentile(p: number): number; max: number }) => ({
    ...(h.count !== undefined ? { count: h.count } : {}),
    meanMs: h.mean / 1e6,
    p50Ms: h.percentile(50) / 1e6,
    p90Ms: h.percentile(90) / 1e6,
    p99Ms: h.percentile(99) / 1e6,
    p999Ms: h.percentile(99.9) / 1e6,
    maxMs: h.max / 1e6,
  });
  process.on('SIGUSR2', () => {
    const report = {
      seconds: (Date.now() - since) / 1000,
      ...Object.fromEntries([...histograms].map(([name, h]) => [name, summary(h)])),
      eventLoopDelay: summary(loopDelay),
      gc: { ...gc },
    };
    writeFileSync(file, JSON.stringify(report, null, 2));
    for (const h of histograms.values()) h.reset();
    loopDelay.reset();
    Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0, byKind: {} });
    since = Date.now();
  });
  return { histogram };
}
