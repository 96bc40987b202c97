/**
 * npm run api:types — regenerates the typed client's types (test/support/api/schema.d.ts) from the
 * served OpenAPI document with openapi-typescript. test/platform/openapi-contract.test.ts fails when
 * the committed file differs from what the current document generates.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../src/app.js';
import { buildOpenApiDocument } from '../src/platform/http/openapi.js';
import { API_TYPES_FILE, apiTypesOf } from '../test/support/api/generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, API_TYPES_FILE), await apiTypesOf(buildOpenApiDocument()));
process.stdout.write(`wrote ${API_TYPES_FILE}\n`);
