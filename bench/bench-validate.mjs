#!/usr/bin/env node
// How long validating a big config takes, natively (`leadscore validate`,
// process start to exit, wall time) and in the WebAssembly module the widget
// uses (Core.loadConfigText in node), median of N runs, for generated configs
// a spreadsheet export gone wrong could produce:
//   - 20,000 valid rules;
//   - 20,000 rules whose points are text (20,000 errors);
//   - 20,000 such fit rules before 20,000 such rules (40,000 errors, the fit
//     ones first: errors are listed in document order);
//   - 20,000 offers (valid).
// Every error is listed (the CLI prints one per line); the bench checks the
// count. No peer validates this config format, so there is no ratio.
// Usage: node bench/bench-validate.mjs [--runs 5]
// Needs the native and wasm builds (cmake --build --preset native / wasm).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--runs');
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 5;
const cli = join(root, 'build', 'native', 'cli', 'leadscore');
const median = (/** @type {number[]} */ a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const now = () => Number(process.hrtime.bigint()) / 1e6;

const N = 20000;
const list = (/** @type {(i: number) => object} */ make) => Array.from({ length: N }, (_, k) => make(k));
const rule = (/** @type {number} */ k, /** @type {unknown} */ points) => ({ id: `r${k}`, event: 'page_view', points });
const configs = {
  '20,000 valid rules': [{ version: 1, rules: list((k) => rule(k, 5)) }, 0],
  '20,000 bad rules': [{ version: 1, rules: list((k) => rule(k, '5')) }, N],
  '20,000 bad fit rules, then 20,000 bad rules': [{
    version: 1,
    fit: list((k) => ({ id: `f${k}`, field: 'job_title', eq: 'cto', points: '5' })),
    rules: list((k) => rule(k, '5')),
  }, 2 * N],
  '20,000 offers': [{
    version: 1,
    offers: list((k) => ({ id: `o${k}`, type: 'ebook', placement: 'banner', content: { title: `Offer ${k}`, url: '/x' } })),
  }, 0],
};

const { default: createLeadScoreCore } = await import(join(root, 'dist', 'leadscore-core.mjs'));
const { coreClass } = await import(join(root, 'web', 'core.js'));
const Core = coreClass(await createLeadScoreCore({ wasmBinary: readFileSync(join(root, 'dist', 'leadscore.wasm')) }));

const dir = join(root, 'build', 'bench');
mkdirSync(dir, { recursive: true });
console.log(`bench-validate: median of ${RUNS} runs`);
console.log(`${'config'.padEnd(46)} ${'native validate'.padStart(16)} ${'wasm loadConfigText'.padStart(20)}  errors`);
for (const [name, [config, errors]] of Object.entries(configs)) {
  const text = JSON.stringify(config);
  const file = join(dir, 'validate.json');
  writeFileSync(file, text);
  const native = [];
  let printed = -1;
  for (let r = 0; r < RUNS; r++) {
    const t = now();
    const p = spawnSync(cli, ['validate', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    native.push(now() - t);
    if (p.status !== (errors ? 1 : 0)) throw new Error(`${name}: leadscore validate exited ${p.status}: ${p.stderr.slice(0, 300)}`);
    printed = errors ? (p.stdout + p.stderr).split('\n').filter((l) => l.includes('leadscore.config.')).length : 0;
  }
  if (printed !== errors) throw new Error(`${name}: ${printed} errors printed, ${errors} expected`);
  const wasm = [];
  for (let r = 0; r < RUNS; r++) {
    const core = new Core();
    const t = now();
    const found = core.loadConfigText(text);
    wasm.push(now() - t);
    if (found.length !== errors) throw new Error(`${name}: the module found ${found.length} errors, ${errors} expected`);
  }
  console.log(`${name.padEnd(46)} ${`${median(native).toFixed(0)} ms`.padStart(16)} ${`${median(wasm).toFixed(0)} ms`.padStart(20)}  ${errors}`);
}
