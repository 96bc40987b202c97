/**
 * npm run lint:openapi — writes the served OpenAPI document to var/openapi.json and lints it with
 * Redocly CLI (redocly.yaml: the recommended rules). Redocly exits 0 on warnings; the contract
 * allows none, so any problem fails here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../src/app.js';
import { buildOpenApiDocument } from '../src/platform/http/openapi.js';

interface Problem {
  ruleId: string;
  severity: string;
  message: string;
  location: Array<{ pointer?: string }>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'var', 'openapi.json');
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);

const redocly = path.join(root, 'node_modules', '.bin', 'redocly');
const run = spawnSync(redocly, ['lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'json'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
let report: { totals: { errors: number; warnings: number }; problems: Problem[] };
try {
  report = JSON.parse(run.stdout);
} catch {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(run.status || 1);
}
for (const p of report.problems) {
  process.stdout.write(`${p.severity.padEnd(5)} ${p.ruleId}  ${p.location[0]?.pointer ?? ''}\n      ${p.message}\n`);
}
const { errors, warnings } = report.totals;
process.stdout.write(
  `OpenAPI (${path.relative(root, file)}, Redocly ${(report as { version?: string }).version ?? ''}): ${errors} errors, ${warnings} warnings\n`,
);
process.exit(errors + warnings > 0 ? 1 : 0);
