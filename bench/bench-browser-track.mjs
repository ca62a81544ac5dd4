#!/usr/bin/env node
// Per-event cost in the browser: events per second through LeadScore.track()
// in Chromium, on the test site's blog post with its config (offers, gates,
// 9 rules) after init() has resolved: everything a call does in the page (the
// event as JSON, the core scoring it in WebAssembly, listeners, follow-ups,
// the deferred save) is in the figure. Three kinds of event:
//   custom    an event type no rule matches
//   click     a CTA click: a rule fires (and its cap is reached soon)
//   download  an asset download: a rule fires and the journey can move
// For each, --rounds rounds of --events calls in a fresh page; the median
// round is printed as events/s and microseconds per event. Also: the first
// 100 events right after init (the figure ../shared/bench/PEERS.md gives for
// a naive module) and flush() (the profile written to localStorage) after them.
// Usage: node bench/bench-browser-track.mjs [--events 5000] [--rounds 5]
// Needs dist/ (cmake --build --preset wasm) and /usr/bin/chromium.
import { startServer, siteMounts } from '../tests/browser/server.mjs';
import { launch, missing } from '../tests/browser/support.mjs';

const arg = (/** @type {string} */ name, /** @type {string} */ dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const EVENTS = Number(arg('events', '5000'));
const ROUNDS = Number(arg('rounds', '5'));

const why = missing();
if (why) {
  console.error(`bench-browser-track: ${why}`);
  process.exit(2);
}

const server = await startServer({ mounts: siteMounts });
const browser = await launch();
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** @type {Record<string, [string, object]>} */
const KINDS = {
  custom: ['bench_custom', { n: 1 }],
  click: ['click', { cta: 'bench', text: 'Ask for a demo' }],
  download: ['download', { file: '/files/checklist.pdf', asset: 'checklist' }],
};

/** A fresh page on the blog post, the widget ready. */
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/blog/lead-scoring-101`);
  await page.evaluate(() => LeadScore.init());
  return page;
}

console.log(`bench-browser-track: Chromium ${browser.version()}, ${ROUNDS} rounds of ${EVENTS} track() calls per kind`);
for (const [kind, [type, props]] of Object.entries(KINDS)) {
  /** @type {number[]} */
  const perSecond = [];
  /** @type {number[]} */
  const first100 = [];
  /** @type {number[]} */
  const flushMs = [];
  let errors = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const page = await freshPage();
    const m = await page.evaluate(async ({ type, props, n }) => {
      const ls = /** @type {any} */ (window).LeadScore;
      let errors = 0;
      ls.on('error', () => { errors++; });
      let t0 = performance.now();
      for (let i = 0; i < 100; i++) ls.track(type, props);
      await Promise.resolve(); // follow-ups run in a microtask
      const first = performance.now() - t0;
      t0 = performance.now();
      await ls.flush();
      const flush = performance.now() - t0;
      t0 = performance.now();
      for (let i = 0; i < n; i++) ls.track(type, props);
      await Promise.resolve();
      const all = performance.now() - t0;
      return { first, flush, all, errors, views: ls.state().page_views };
    }, { type, props, n: EVENTS });
    perSecond.push(EVENTS / (m.all / 1000));
    first100.push(m.first);
    flushMs.push(m.flush);
    errors += m.errors;
    await page.context().close();
  }
  const eps = median(perSecond);
  console.log(`${kind.padEnd(9)} ${Math.round(eps).toLocaleString('en-US').padStart(9)} events/s  ` +
    `${(1e6 / eps).toFixed(1).padStart(6)} us/event   first 100 after init ${median(first100).toFixed(1)} ms   ` +
    `flush() after them ${median(flushMs).toFixed(1)} ms${errors ? `   (${errors} errors reported!)` : ''}`);
}
await browser.close();
await server.close();
