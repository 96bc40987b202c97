// @ts-check
/**
 * The boundaries of the code base, checked by dependency-cruiser in `npm run lint`
 * (docs/ARCHITECTURE.md explains them). This file is the single source of the layer order.
 *
 * - LAYERS: each entry may import the entries before it (and itself), never one after it.
 *   A new area under src/ must be placed here (the check refuses to run otherwise).
 * - Units: every folder src/<area>/ (except src/platform/) is an area; a folder inside an area
 *   that has an index.ts is a sub-area. A unit's index.ts is its public module: code outside the
 *   unit imports only that; code inside imports its siblings directly, never its own index.
 * - No import cycles, type-only imports included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Lowest first. `config` is ../config, `platform` is src/platform (imported module by module). */
const LAYERS = [
  'config',
  'platform',
  'audit',
  'tenancy',
  'identity',
  'ledger',
  'discounts',
  'pricing',
  'orders',
  'reviews',
  'payments',
  'writers',
  'editors',
  'support',
  'notifications',
  'analytics',
  'admin-auth',
  // The edges of the application: they may import every area (through its index).
  'top',
];

/** Where each layer's files are (top: the composition root and the three ways in). */
const layerPath = (layer) =>
  layer === 'config' ? '^config/' : layer === 'top' ? '^(resources|jobs|seeders)/|^src/[^/]+\\.tsx?$' : `^src/${layer}/`;

const SRC = path.join(root, 'src');
const areas = fs
  .readdirSync(SRC, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'platform')
  .map((e) => e.name);
const unplaced = areas.filter((a) => !LAYERS.includes(a));
if (unplaced.length) throw new Error(`.dependency-cruiser.mjs: place the area(s) ${unplaced.join(', ')} in LAYERS`);

/** Unit folders relative to the root ('src/orders', 'src/orders/messages', …). */
const units = [];
for (const area of areas) {
  units.push(`src/${area}`);
  (function walk(dir) {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const sub = `${dir}/${e.name}`;
      if (fs.existsSync(path.join(root, sub, 'index.ts'))) units.push(sub);
      walk(sub);
    }
  })(`src/${area}`);
}
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const subUnitsOf = (unit) => units.filter((u) => u.startsWith(unit + '/'));

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `${layer} may not import a layer above it (${LAYERS.slice(i + 1).join(', ')}): see LAYERS in .dependency-cruiser.mjs`,
  severity: 'error',
  from: { path: layerPath(layer) },
  to: {
    path: LAYERS.slice(i + 1)
      .map(layerPath)
      .join('|'),
  },
}));

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const frontDoorRules = units.map((unit) => {
  const inner = subUnitsOf(unit).map((u) => `^${esc(u)}/`);
  return {
    name: `front-door-${unit.replace(/^src\//, '').replace(/\//g, '-')}`,
    comment: `code outside ${unit}/ imports it only through ${unit}/index.ts`,
    severity: 'error',
    from: { path: '^(src|resources|jobs|seeders)/', pathNot: `^${esc(unit)}/` },
    to: { path: `^${esc(unit)}/`, pathNot: [`^${esc(unit)}/index\\.ts$`, ...inner].join('|') },
  };
});

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const ownIndexRules = units.map((unit) => ({
  name: `own-index-${unit.replace(/^src\//, '').replace(/\//g, '-')}`,
  comment: `inside ${unit}/ files import their siblings directly, not their own index (barrel cycles)`,
  severity: 'error',
  from: { path: `^${esc(unit)}/`, pathNot: `^${esc(unit)}/index\\.ts$` },
  to: { path: `^${esc(unit)}/index\\.ts$` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycles, type-only imports included (docs/ARCHITECTURE.md)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    ...frontDoorRules,
    ...ownIndexRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|resources|jobs|seeders|config)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
