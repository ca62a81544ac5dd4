#!/usr/bin/env node
// What the widget costs a page whose web components are defined after it has
// started (an app's bundle registering its components: Lit, Shoelace,
// Stencil): the test site's blog post with 1,200 more paragraphs (~5,000
// elements) and 40 custom elements of 40 names, not defined yet; then, in
// one task, the page defines all 40 (each attaches an open shadow root). The
// widget looks into each new component's shadow root (gates, slots and forms
// can be in there). Measured: the main thread's time from the first define()
// to the next task (the page's own constructors included, and every promise
// reaction the definitions wake), and CDP's script and task time over the
// 500 ms after it. The same page with the widget's files blocked is the
// baseline; the difference is the widget's. Median of N loads each (default
// 5), interleaved.
//   node bench/bench-components.mjs [N]
import { setup, openPage, waitForInit } from '../tests/browser/support.mjs';
import { interleaved } from './interleaved.mjs';

const N = Number(process.argv[2]) || 5;
const COMPONENTS = 40;
const env = await setup();

/** One load: ms until the next task after the defines, script and task ms of the 500 ms after. @param {boolean} widget */
async function run(widget) {
  const page = await openPage(env.browser);
  if (!widget) await page.route('**/leadscore/**', (r) => r.abort());
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  if (widget) await waitForInit(page);
  await page.evaluate((n) => {
    let tags = '';
    for (let i = 0; i < n; i++) tags += `<x-card-${i}><p>card ${i}</p></x-card-${i}>`;
    document.querySelector('main')?.insertAdjacentHTML('beforeend', '<div><p><span>x</span> <a href="#">y</a></p></div>'.repeat(1200) + tags);
  }, COMPONENTS);
  await page.waitForTimeout(500); // the widget's scan of what was added is over
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  const defines = await page.evaluate((n) => new Promise((done) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      customElements.define(`x-card-${i}`, class extends HTMLElement {
        constructor() {
          super();
          this.attachShadow({ mode: 'open' }).innerHTML = '<div class="card"><slot></slot></div>';
        }
      });
    }
    setTimeout(() => done(performance.now() - t0));
  }), COMPONENTS);
  await page.waitForTimeout(500);
  const m1 = await metrics();
  await page.context().close();
  return { defines, script: (m1.ScriptDuration - m0.ScriptDuration) * 1e3, task: (m1.TaskDuration - m0.TaskDuration) * 1e3 };
}

const rows = await interleaved(N, run);
await env.close();
const fmt = (/** @type {number} */ x) => x.toFixed(1).padStart(10);
console.log(`${COMPONENTS} web components defined in one task on a page of ~5,000 elements, median of ${N} loads:`);
console.log('               to next task  script ms   task ms');
for (const [name, r] of Object.entries(rows)) console.log(`${name.padEnd(15)}${fmt(r.defines)}${fmt(r.script)}${fmt(r.task)}`);
console.log(`added by the widget: ${(rows.widget.defines - rows.bare.defines).toFixed(1)} ms before the page's next task, ${(rows.widget.task - rows.bare.task).toFixed(1)} ms of task time`);
