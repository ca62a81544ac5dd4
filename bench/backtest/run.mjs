#!/usr/bin/env node
// Backtests the committed per-dataset configs against the real public
// datasets in ../shared/data (or $LEADSCORE_DATA_DIR), which are read at run
// time and never copied into the repository. Builds nothing: it needs
// build/native/cli/leadscore (cmake --build --preset native).
//
// For each dataset: convert it into LeadScore events + outcomes in a temp
// directory, then
//   1. `leadscore backtest` on all rows: the configs were written by hand
//      and fitted to nothing, so AUC and the MQL/SQL stage figures are honest
//      on every row;
//   2. split the outcome rows with a fixed seed (70% train / 30% held out),
//      take the suggested thresholds from the training rows only, and report
//      their precision/recall on the held-out rows (`--at`).
// Prints a short table; full reports go to bench/results/backtest/.
//
// Usage: node bench/backtest/run.mjs [--only NAME] [--seed 42] [--keep DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, dataDir, here, isTraining, root } from './common.mjs';
import * as xEducation from './x-education.mjs';
import * as uciShoppers from './uci-shoppers.mjs';
import * as olist from './olist.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const only = arg('only');
const seed = Number(arg('seed', '42'));
const keep = arg('keep');

const cli = join(root, 'build', 'native', 'cli', 'leadscore');
if (!existsSync(cli)) {
  console.error(`leadscore not built: ${cli}\n  cmake --preset native && cmake --build --preset native`);
  process.exit(2);
}
const data = dataDir();
if (!existsSync(data)) {
  console.error(`datasets not found in ${data}: set LEADSCORE_DATA_DIR to the folder holding x-education-leads/ etc.`);
  process.exit(2);
}

function backtest(config, events, outcomes, more = []) {
  const r = spawnSync(cli, ['backtest', '--config', config, '--events', events, '--outcomes', outcomes, ...more],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`leadscore backtest failed (${r.status}): ${r.stderr}`);
  const skipped = r.stderr.split('\n').filter((l) => /^leadscore: .* skipped/.test(l));
  if (skipped.length) console.error(`  ${skipped.join('\n  ')}`);
  return JSON.parse(r.stdout);
}

/** Splits an outcomes CSV (visitor,converted) into train and held-out files. */
function split(outcomesPath, dir, name) {
  const [header, ...rows] = readFileSync(outcomesPath, 'utf8').trim().split('\n');
  const train = [header];
  const test = [header];
  for (const row of rows) {
    // The converters write ids without quotes or commas; csvField would quote them.
    const visitor = row.slice(0, row.lastIndexOf(','));
    if (csvField(visitor) !== visitor) throw new Error(`unexpected id ${visitor}`);
    (isTraining(visitor, seed) ? train : test).push(row);
  }
  const paths = { train: join(dir, `${name}.train.csv`), test: join(dir, `${name}.test.csv`) };
  writeFileSync(paths.train, train.join('\n') + '\n');
  writeFileSync(paths.test, test.join('\n') + '\n');
  return paths;
}

const work = keep ?? mkdtempSync(join(tmpdir(), 'leadscore-backtest-'));
const results = join(root, 'bench', 'results', 'backtest');
mkdirSync(results, { recursive: true });
const rows = [];
try {
  for (const ds of [xEducation, uciShoppers, olist]) {
    if (only && ds.name !== only) continue;
    process.stderr.write(`${ds.name}: converting\n`);
    const converted = ds.convert(join(work, ds.name), data);
    const config = join(here, ds.config);
    process.stderr.write(`${ds.name}: backtesting ${converted.visitors} visitors\n`);
    const all = backtest(config, converted.events, converted.outcomes);
    const parts = split(converted.outcomes, join(work, ds.name), ds.name);
    const train = backtest(config, converted.events, parts.train);
    const mqlT = train.suggested_thresholds.mql.threshold;
    const sqlT = train.suggested_thresholds.sql.threshold;
    const at = [mqlT, sqlT].filter((t) => t !== null).flatMap((t) => ['--at', String(t)]);
    const test = backtest(config, converted.events, parts.test, at);
    writeFileSync(join(results, `${ds.name}.json`), JSON.stringify({ dataset: ds.name, seed, all, train, test }, null, 2) + '\n');
    rows.push({ name: ds.name, all, test, mqlT, sqlT });
  }
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}

const f = (v, d = 3) => (v === null || v === undefined ? '—' : Number(v).toFixed(d));
const pr = (s) => `${f(s.precision, 2)}/${f(s.recall, 2)}`;
const atT = (test, t) => { const a = test.at_thresholds.find((x) => x.threshold === t); return a ? `≥${t}: ${pr(a)}` : '—'; };
const table = [
  ['dataset', 'visitors', 'base rate', 'AUC', 'AUC fit', 'AUC eng.', 'AUC held-out', 'MQL P/R', 'SQL P/R', 'suggested MQL (held-out P/R)', 'suggested SQL (held-out P/R)'],
  ...rows.map(({ name, all, test, mqlT, sqlT }) => [
    name, String(all.counts.with_outcome), f(all.counts.base_rate), f(all.auc.score), f(all.auc.fit), f(all.auc.engagement),
    f(test.auc.score), pr(all.stages.mql), pr(all.stages.sql), atT(test, mqlT), atT(test, sqlT),
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log(line(table[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table.slice(1)) console.log(line(r));
console.log(`\nP/R = precision/recall. AUC, MQL and SQL on all rows (the configs are not fitted). Suggested thresholds: MQL max F1, SQL max F0.5, chosen on the 70% training split (seed ${seed}), precision/recall on the held-out rows. Reports: ${results}`);
