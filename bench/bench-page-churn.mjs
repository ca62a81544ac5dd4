#!/usr/bin/env node
// What the widget costs a page that keeps changing after the load: the test
// site's blog post with 2,000 more paragraphs (~8,000 elements) and a ticker
// rewriting one of them every 20 ms (a live price, a chat, a carousel), with
// the widget started, then 3 s measured (CDP Performance metrics: script
// time and task time of the page's main thread). The same page with the
// widget's files blocked is the baseline; the difference is the widget's
// (its MutationObserver, its re-scans of gates, slots and forms). Median of
// N loads each (default 5), interleaved.
//   node bench/bench-page-churn.mjs [N]
import { setup, openPage, waitForInit } from '../tests/browser/support.mjs';
import { interleaved } from './interleaved.mjs';

const N = Number(process.argv[2]) || 5;
const env = await setup();

/** One load: script and task ms of the 3 s measured. @param {boolean} widget */
async function run(widget) {
  const page = await openPage(env.browser);
  if (!widget) await page.route('**/leadscore/**', (r) => r.abort());
  await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
    const big = document.body.appendChild(document.createElement('div'));
    big.innerHTML = '<p><span>x</span> <a href="#">y</a></p>'.repeat(2000);
    const t = document.body.appendChild(document.createElement('p'));
    setInterval(() => { t.textContent = String(performance.now()); }, 20);
  }));
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  if (widget) await waitForInit(page);
  await page.waitForTimeout(1000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  await page.waitForTimeout(3000);
  const m1 = await metrics();
  await page.context().close();
  return { script: (m1.ScriptDuration - m0.ScriptDuration) * 1e3, task: (m1.TaskDuration - m0.TaskDuration) * 1e3 };
}

const rows = await interleaved(N, run);
await env.close();
const fmt = (/** @type {number} */ x) => x.toFixed(1).padStart(7);
console.log(`3 s of a changing page (~8,000 elements, a change every 20 ms), median of ${N} loads:`);
console.log('                 script ms   task ms');
for (const [name, r] of Object.entries(rows)) console.log(`${name.padEnd(15)}${fmt(r.script)}${fmt(r.task)}`);
console.log(`added by the widget: ${(rows.widget.script - rows.bare.script).toFixed(1)} ms script in 3 s`);
