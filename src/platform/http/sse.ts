import type { Request, Response } from 'express';

/**
 * A Server-Sent Events response (text/event-stream): events are `id:` + one `data:` line of JSON,
 * comments (`: …`) keep the connection alive through proxies. The stream ends when the client goes
 * away or the server closes it; `onClose` callbacks run once either way.
 */
export interface EventStream {
  /** One event; `id` becomes the client's Last-Event-ID. False once the stream is closed. */
  send(data: object, id?: number | string): boolean;
  /** A comment line (a heartbeat): ignored by EventSource, but it keeps the connection alive. */
  comment(text: string): boolean;
  readonly closed: boolean;
  onClose(callback: () => void): void;
  close(): void;
}

export function openEventStream(req: Request, res: Response, options: { retryMs?: number } = {}): EventStream {
  res.status(200);
  res.set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-store, no-transform',
    Connection: 'keep-alive',
    // nginx and similar proxies would otherwise buffer the stream.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  req.socket.setKeepAlive(true);

  let closed = false;
  const callbacks: Array<() => void> = [];
  const finish = () => {
    if (closed) return;
    closed = true;
    for (const callback of callbacks.splice(0)) callback();
  };
  res.on('close', finish);
  req.on('close', finish);

  const write = (chunk: string): boolean => {
    if (closed || res.writableEnded) return false;
    res.write(chunk);
    return true;
  };
  if (options.retryMs) write(`retry: ${options.retryMs}\n\n`);

  return {
    send(data, id) {
      // JSON.stringify never emits a raw newline, so one data: line holds the whole event.
      return write(`${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    },
    comment(text) {
      return write(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
    },
    get closed() {
      return closed;
    },
    onClose(callback) {
      if (closed) callback();
      else callbacks.push(callback);
    },
    close() {
      if (!res.writableEnded) res.end();
      finish();
    },
  };
}
