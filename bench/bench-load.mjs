#!/usr/bin/env node
// What the widget costs a page load in Chromium: main-thread time and long
// tasks, median of N fresh loads (a new browser each), for three versions of
// the same landing page (the test site's blog post, its own scripts removed):
//   baseline   no script at all
//   leadscore  <script src="/leadscore/leadscore.js" data-config=... defer>,
//              until init() has resolved and the widget has rendered its
//              offers and gates (it loads the widget and wasm when the page
//              is idle, so the window runs until the page is quiet again)
//   posthog    posthog-js dist/array.js loaded the same way (defer) and
//              posthog.init() from a same-origin script, API host answered
//              locally; as in ../shared/bench/PEERS.md
// Each load is traced (CDP tracing, from navigation until the page has been
// quiet for --settle ms): the top-level tasks of the renderer's main thread,
// their elapsed (wall) and thread (cpu) time; the cpu figure is steadier on a
// busy machine, wall is what a visitor waits. Long tasks (>= 50 ms) from the
// trace and from a PerformanceObserver installed before the page's own code;
// those of the trace that ran the variant's code (its scripts by URL, promise
// reactions, WebAssembly) are counted apart: the bare page has long tasks too
// on a busy machine (a navigation's commit, a style pass), which the widget
// does not add. "Added" = median(variant) - median(baseline).
// Target: <= 10 ms, no long task running the widget's code.
//
// posthog-js is not a dependency of the project. To include it:
//   npm install --no-save posthog-js@1.449.2
// Without it the posthog row says "peer not available".
//
// Usage: node bench/bench-load.mjs [--runs 10] [--settle 1500] [--json FILE]
// Needs dist/ (cmake --build --preset wasm) and /usr/bin/chromium.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, siteMounts } from '../tests/browser/server.mjs';
import { launch, missing } from '../tests/browser/support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (/** @type {string} */ name, /** @type {string} */ dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('runs', '10'));
const SETTLE = Number(arg('settle', '1500'));
const JSON_OUT = arg('json', '');

const why = missing();
if (why) {
  console.error(`bench-load: ${why}`);
  process.exit(2);
}

/** posthog-js/dist, or null when it is not installed. */
function posthogDist() {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('posthog-js/dist/array.js'));
  } catch {
    return null;
  }
}
const phDist = posthogDist();
const phVersion = phDist ? JSON.parse(readFileSync(join(phDist, '..', 'package.json'), 'utf8')).version : null;

// The page: the blog post of the test site without any script.
const post = readFileSync(join(root, 'tests', 'browser', 'site', 'blog', 'lead-scoring-101.html'), 'utf8')
  .replace(/^\s*<script\b[^>]*><\/script>\n/gm, '');
if (/<script/i.test(post)) throw new Error('the bench page still has a script');
/** @param {string} scripts */
const pageWith = (scripts) => post.replace('</head>', `${scripts}\n</head>`);

const PH_INIT = `posthog.init('phc_bench', { api_host: location.origin + '/ph', persistence: 'localStorage' });
window.__phReady = new Promise((ok) => { const t = setInterval(() => { if (posthog.__loaded) { clearInterval(t); ok(true); } }, 20); });
`;

const variants = {
  baseline: { html: pageWith(''), ready: '' },
  leadscore: {
    html: pageWith('  <script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script>'),
    ready: 'LeadScore.init().then(() => true)',
  },
  posthog: phDist
    ? {
        html: pageWith('  <script src="/posthog/array.js" defer></script>\n  <script src="/bench/ph-init.js" defer></script>'),
        ready: 'window.__phReady',
      }
    : null,
};

const server = await startServer({ mounts: { ...siteMounts, ...(phDist ? { '/posthog/': phDist } : {}) } });
const html = { 'Content-Type': 'text/html; charset=utf-8' };
for (const [name, v] of Object.entries(variants)) {
  if (v) server.override(`/bench/${name}`, { headers: html, body: v.html });
}
server.override('/bench/blank', { headers: html, body: '<!doctype html><title>blank</title>' });
server.override('/bench/ph-init.js', { headers: { 'Content-Type': 'text/javascript' }, body: PH_INIT });
// posthog's API (flags, config, events, lazy extensions): answered empty, locally.
server.route('/ph/', () => ({ headers: { 'Content-Type': 'application/json' }, body: '{}' }));

/** The variants' scripts (by URL). */
const SCRIPT = /\/(leadscore|posthog)\/|\/bench\/ph-init\.js/;

/**
 * The main thread's top-level tasks of the page's renderer in a Chromium
 * trace: wall and CPU ms in total, and the wall ms of each task of 50 ms or
 * more (a long task).
 * @param {Buffer} buffer
 */
function mainThread(buffer) {
  const parsed = JSON.parse(buffer.toString('utf8'));
  /** @type {any[]} */
  const events = parsed.traceEvents || parsed;
  // The renderer main thread that parsed the page.
  const parse = events.find((e) => e.name === 'ParseHTML');
  if (!parse) throw new Error('no ParseHTML in the trace');
  const main = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X');
  const tasks = main.filter((e) => e.name === 'RunTask');
  const long = tasks.filter((e) => e.dur >= 50_000);
  // Whether a task ran the variant's code: its scripts (the page has none of
  // its own), their promise reactions, or WebAssembly.
  const script = main.filter((e) => SCRIPT.test(e.args?.data?.url || '') || /^(RunMicrotasks|v8\.wasm|wasm\.)/.test(e.name));
  const runsScript = (/** @type {any} */ t) => script.some((e) => e.ts >= t.ts && e.ts < t.ts + t.dur);
  return {
    wall: tasks.reduce((n, e) => n + e.dur, 0) / 1000,
    cpu: tasks.reduce((n, e) => n + (e.tdur ?? e.dur), 0) / 1000,
    long: long.map((e) => Math.round(e.dur / 1000)),
    longWithScript: long.filter(runsScript).map((e) => Math.round(e.dur / 1000)),
    scriptTasks: tasks.filter(runsScript).length,
  };
}

/** One fresh load: main-thread time (wall and CPU ms) and long tasks. @param {string} name */
async function load(name) {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.__long = [];
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__long.push(Math.round(e.duration));
        }).observe({ type: 'longtask', buffered: true });
      } catch {
        w.__long = null;
      }
    });
    // Start from an empty page of the same origin (the renderer is up).
    await page.goto(`${server.url}/bench/blank`);
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await page.goto(`${server.url}/bench/${name}`, { waitUntil: 'load' });
    const ready = variants[/** @type {'baseline'} */ (name)]?.ready;
    if (ready) {
      const ok = await page.evaluate(`Promise.race([${ready}, new Promise((r) => setTimeout(() => r(false), 10000))])`);
      if (!ok) throw new Error(`${name}: not ready within 10 s`);
    }
    // Quiet: no network request for SETTLE ms (late scripts, wasm, posthog's lazy parts).
    let last = Date.now();
    page.on('request', () => { last = Date.now(); });
    page.on('requestfinished', () => { last = Date.now(); });
    while (Date.now() - last < SETTLE) await page.waitForTimeout(100);
    const trace = mainThread(await browser.stopTracing());
    const observed = await page.evaluate(() => /** @type {any} */ (window).__long);
    const ui = await page.evaluate(() => document.querySelectorAll('leadscore-ui').length);
    return { ...trace, observed, ui };
  } finally {
    await browser.close();
  }
}

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (/** @type {number} */ x) => x.toFixed(1);

console.log(`bench-load: ${RUNS} fresh loads per page, Chromium ${(await (async () => { const b = await launch(); const v = b.version(); await b.close(); return v; })())}, settle ${SETTLE} ms`);
/** @type {Record<string, any>} */
const results = {};
for (const name of Object.keys(variants)) {
  if (!variants[/** @type {'baseline'} */ (name)]) {
    results[name] = null;
    continue;
  }
  /** @type {Awaited<ReturnType<typeof load>>[]} */
  const runs = [];
  // Interleaving would be fairer to drifts; warm the disk cache once first.
  await load(name);
  for (let i = 0; i < RUNS; i++) runs.push(await load(name));
  results[name] = {
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    runs: runs.map((r) => ({ wall: +r.wall.toFixed(1), cpu: +r.cpu.toFixed(1), long: r.long, longWithScript: r.longWithScript, scriptTasks: r.scriptTasks, observed: r.observed })),
    loadsWithLongTask: runs.filter((r) => r.long.length || (r.observed && r.observed.length)).length,
    loadsWithLongScriptTask: runs.filter((r) => r.longWithScript.length).length,
    maxLongTask: Math.max(0, ...runs.flatMap((r) => [...r.long, ...(r.observed || [])])),
    ui: median(runs.map((r) => r.ui)),
  };
  process.stdout.write(`  ${name}: done\n`);
}
await server.close();

const base = results.baseline;
/** @param {string} name */
const added = (name) => ({ wall: results[name].wall - base.wall, cpu: results[name].cpu - base.cpu });
/** @param {string} name */
const row = (name) => {
  const r = results[name];
  if (!r) return `${name.padEnd(10)} peer not available (npm install --no-save posthog-js@1.449.2)`;
  const a = added(name);
  return `${name.padEnd(10)} wall ${f1(r.wall).padStart(6)} ms  cpu ${f1(r.cpu).padStart(6)} ms  ` +
    `added: wall ${name === 'baseline' ? '     -' : f1(a.wall).padStart(6)} ms, cpu ${name === 'baseline' ? '     -' : f1(a.cpu).padStart(6)} ms  ` +
    `long tasks in ${r.loadsWithLongTask}/${RUNS} loads${r.maxLongTask ? ` (longest ${r.maxLongTask} ms)` : ''}` +
    (name === 'baseline' ? '' : `, running its code in ${r.loadsWithLongScriptTask}/${RUNS}`);
};
console.log('\nmain-thread time per page load (median of top-level tasks in a trace; wall = elapsed, cpu = thread time)');
for (const name of Object.keys(variants)) console.log(row(name));
const ls = results.leadscore;
const lsAdded = added('leadscore');
console.log(`\nleadscore adds ${f1(lsAdded.wall)} ms wall / ${f1(lsAdded.cpu)} ms cpu of main-thread time ` +
  `(target <= 10 ms: ${lsAdded.wall <= 10 ? 'met' : 'NOT MET'}), long tasks running its code in ${ls.loadsWithLongScriptTask} of ${RUNS} loads ` +
  `(target none: ${ls.loadsWithLongScriptTask ? 'NOT MET' : 'met'}; long tasks of any kind in ${ls.loadsWithLongTask}, the bare page's in ${base.loadsWithLongTask}); ${ls.ui} widget UI elements rendered per load`);
if (results.posthog) {
  const ph = added('posthog');
  console.log(`posthog-js ${phVersion} (array.js + init) adds ${f1(ph.wall)} ms wall / ${f1(ph.cpu)} ms cpu: ` +
    `${f1(ph.wall / lsAdded.wall)}x / ${f1(ph.cpu / lsAdded.cpu)}x what leadscore adds`);
} else {
  console.log('posthog-js: peer not available (to compare: npm install --no-save posthog-js@1.449.2)');
}
if (JSON_OUT) {
  writeFileSync(JSON_OUT, `${JSON.stringify({ runs: RUNS, settle: SETTLE, posthog: phVersion, results }, null, 2)}\n`);
  console.log(`raw figures: ${JSON_OUT}`);
}
