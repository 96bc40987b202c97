import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's security headers for JSON responses, worked out once at start-up and then set in one
 * call per request: helmet's own chain of middlewares per response showed in the API benchmarks,
 * and a JSON API needs only the headers that protect data (CSP, HSTS, nosniff, framing, CORP,
 * no-store), not those written for HTML pages.
 */
function headersOf(middleware: RequestHandler): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const res = {
    setHeader: (name: string, value: string) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
    getHeader: () => undefined,
  } as unknown as ServerResponse;
  middleware({ headers: {}, secure: true } as unknown as IncomingMessage as never, res as never, () => undefined);
  return headers;
}

export function apiSecurityHeaders(): RequestHandler {
  const headers = headersOf(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      xFrameOptions: { action: 'deny' },
      // Headers that only matter to HTML pages (OWASP's REST cheat sheet lists what an API needs):
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      referrerPolicy: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    }),
  );
  // Answers carry personal data: no cache along the way may keep them.
  headers.push(['Cache-Control', 'no-store']);
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
