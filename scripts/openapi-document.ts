/**
 * Writes the served OpenAPI document (/api/openapi.json) to a file, or to stdout, without a database
 * or a listening server: importing the app registers every area's paths, the generator does the rest.
 *   node --import tsx scripts/openapi-document.ts [out.json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import '../src/app.js';
import { buildOpenApiDocument } from '../src/platform/http/openapi.js';

export const openApiText = (): string => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;

const out = process.argv[2];
if (out) {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, openApiText());
} else {
  process.stdout.write(openApiText());
}
