import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/**
 * A Server-Sent Events client for tests, reading the wire format as EventSource does: `id:`,
 * `data:` (joined), comment lines, a blank line ending each event.
 */
export interface SseEvent {
  id?: string;
  data: Record<string, unknown> & { type: string };
}

export interface SseConnection {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body of a refusal (not an event stream), parsed as JSON. */
  body?: { error?: { code: string; message: string; fields?: Record<string, string> } };
  events: SseEvent[];
  comments: string[];
  /** The first event (already received or still to come) that matches, or a rejection after `timeoutMs`. */
  next(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openSse(port: number, path: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, agent: false, headers: { Host: 'localhost', Accept: 'text/event-stream', ...headers } },
      (res) => {
        res.setEncoding('utf8');
        const events: SseEvent[] = [];
        const comments: string[] = [];
        const waiters = new Set<() => void>();
        let buffer = '';
        let ended!: () => void;
        const connection: SseConnection = {
          status: res.statusCode!,
          headers: res.headers,
          events,
          comments,
          ended: new Promise<void>((done) => (ended = done)),
          next(match, timeoutMs = 5_000) {
            const started = Date.now();
            return new Promise((resolveEvent, rejectEvent) => {
              let seen = 0;
              const check = () => {
                for (; seen < events.length; seen++) {
                  if (match(events[seen]!)) {
                    waiters.delete(check);
                    clearTimeout(timer);
                    resolveEvent(events[seen]!);
                    return;
                  }
                }
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                rejectEvent(new Error(`no matching event in ${Date.now() - started} ms; got ${JSON.stringify(events)}`));
              }, timeoutMs);
              waiters.add(check);
              check();
            });
          },
          close() {
            req.destroy();
          },
        };
        if (!String(res.headers['content-type']).startsWith('text/event-stream')) {
          let text = '';
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            connection.body = text ? JSON.parse(text) : undefined;
            ended();
            resolve(connection);
          });
          return;
        }
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event: Partial<SseEvent> = {};
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              else if (line.startsWith('id:')) event.id = line.slice(3).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trim());
            }
            if (data.length) events.push({ ...event, data: JSON.parse(data.join('\n')) } as SseEvent);
          }
          for (const waiter of [...waiters]) waiter();
        });
        res.on('end', () => ended());
        res.on('close', () => ended());
        resolve(connection);
      },
    );
    req.on('error', reject);
  });
}

/** Serves an Express app on a free port of 127.0.0.1 (EventSource needs a real socket). */
export async function listen(app: Express): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
