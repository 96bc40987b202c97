import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  /** http://127.0.0.1:PORT — 127.0.0.1 is one of website A's domains, so fetch's own Host picks it. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves a test app on a free port of 127.0.0.1 for the typed client (openapi-fetch needs a real server). */
export async function listenOnFreePort(app: Express): Promise<Listening> {
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
