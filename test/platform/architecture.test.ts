import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The boundaries `npm run lint` enforces (.dependency-cruiser.mjs, docs/ARCHITECTURE.md): probe
 * files written into src/ for one test each, cruised with the project's own configuration, must be
 * refused with the rule that names the breach — and an area's legal import must pass.
 */
const root = path.resolve(import.meta.dirname, '../..');
const tag = `${process.pid}_${Date.now().toString(36)}`;
let probes: string[] = [];

function probe(relative: string, source: string): string {
  const file = path.join(root, relative.replace('TAG', tag));
  writeFileSync(file, source);
  probes.push(file);
  return file;
}

function cruise(files: string[]): { status: number | null; output: string } {
  const bin = path.join(root, 'node_modules', '.bin', 'depcruise');
  const run = spawnSync(bin, [...files.map((f) => path.relative(root, f)), '--config', '.dependency-cruiser.mjs', '--output-type', 'err'], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterEach(() => {
  for (const file of probes) rmSync(file, { force: true });
  probes = [];
});

// Each probe cruises the whole tree it imports (tens of seconds on a busy 2-core machine): a timeout of its own.
describe('the boundaries npm run lint checks', { timeout: 240_000 }, () => {
  it('refuses an import past another area’s index (payments reaching into orders/models)', () => {
    const file = probe('src/payments/__probe_deep_TAG.ts', "import { Order } from '../orders/models.js';\nexport const probe = Order;\n");
    const { status, output } = cruise([file]);
    expect(status).not.toBe(0);
    expect(output).toMatch(/__probe_deep_/);
    expect(output).toMatch(/orders\/models\.ts/);
  });

  it('refuses an import against the layer order (pricing importing payments)', () => {
    const file = probe(
      'src/pricing/__probe_layer_TAG.ts',
      "import { canSeePayment } from '../payments/index.js';\nexport const probe = canSeePayment;\n",
    );
    const { status, output } = cruise([file]);
    expect(status).not.toBe(0);
    expect(output).toMatch(/__probe_layer_/);
    expect(output).toMatch(/payments\/index\.ts/);
  });

  it('refuses an import cycle, even of types only', () => {
    const a = probe(
      'src/ledger/__probe_cycle_a_TAG.ts',
      `import type { B } from './__probe_cycle_b_${tag}.js';\nexport type A = { b?: B };\n`,
    );
    const b = probe(
      'src/ledger/__probe_cycle_b_TAG.ts',
      `import type { A } from './__probe_cycle_a_${tag}.js';\nexport type B = { a?: A };\n`,
    );
    const { status, output } = cruise([a, b]);
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-circular/);
  });

  it('lets an area import a lower area through its index', () => {
    const file = probe(
      'src/payments/__probe_legal_TAG.ts',
      "import { outstandingCents } from '../orders/index.js';\nexport const probe = outstandingCents;\n",
    );
    const { status, output } = cruise([file]);
    expect(output).not.toMatch(/error/);
    expect(status).toBe(0);
  });
});
