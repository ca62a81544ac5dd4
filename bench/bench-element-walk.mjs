#!/usr/bin/env node
// What looking for web components' open shadow roots costs a big page at
// start-up. The loader's init() walks every element once, in the page's
// load, to hide gated content inside shadow roots too; the widget's first
// scan walks them once more (dom.js rootsIn). Both run once per page, so
// their code runs cold (not yet optimised by V8).
// 1. The loader: LeadScore.init() timed on pages of 1,500, 5,000 and 20,000
//    elements (20 of them hosting an open shadow root), cold, median of N
//    pages each (default 9).
// 2. The loop forms such a walk can take, each run once in a fresh page of
//    1,500 and of 20,000 elements: for-of over [root, ...querySelectorAll('*')]
//    (the widget's walk until the nineteenth session), for-of over the
//    NodeList (the loader's), NodeList.forEach, an indexed loop (both now)
//    and a TreeWalker.
//   node bench/bench-element-walk.mjs [N] [other-loader.js]
// With other-loader.js (another build of dist/leadscore.js, e.g. saved from
// an older checkout), its init() is timed in the same run, interleaved.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setup, openPage, root } from '../tests/browser/support.mjs';
import { median } from './interleaved.mjs';

const N = Number(process.argv[2]) || 9;
const other = process.argv[3];
const env = await setup();
const loaders = { built: readFileSync(join(root, 'dist', 'leadscore.js'), 'utf8'), ...(other ? { other: readFileSync(other, 'utf8') } : {}) };

/** A page of `n` elements, 20 of them shadow hosts, and `script` at its end. @param {number} n @param {string} script */
const html = (n, script) => '<!doctype html><html lang="en"><title>walk</title><body>' +
  '<div><p><span>x</span> <a href="#">y</a></p></div>'.repeat(Math.round(n / 4)) +
  '<script>for (let i = 0; i < 20; i++) document.body.appendChild(document.createElement("div")).attachShadow({ mode: "open" }).innerHTML = "<p>in a component</p>";</script>' +
  `<script>${script}</script></body></html>`;

/** ms of `code` run once, cold, at the end of a fresh page of `n` elements. @param {number} n @param {string} code */
async function once(n, code) {
  const page = await openPage(env.browser);
  await page.route(`${env.server.url}/walk`, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: html(n, code) }));
  await page.goto(`${env.server.url}/walk`);
  const ms = await page.evaluate(() => /** @type {any} */ (window).walkMs);
  await page.context().close();
  return ms;
}

const fmt = (/** @type {number} */ x) => x.toFixed(2).padStart(10);
console.log(`LeadScore.init() on a page of n elements (20 open shadow roots), ms, cold, median of ${N} pages:`);
console.log(`  elements ${Object.keys(loaders).map((k) => k.padStart(10)).join('')}`);
for (const n of [1500, 5000, 20000]) {
  /** @type {Record<string, number[]>} */
  const ms = {};
  for (let i = 0; i < N; i++) {
    const each = Object.entries(loaders);
    for (const [k, js] of i % 2 ? each.reverse() : each) { // each first in turn
      (ms[k] ||= []).push(await once(n, `${js}\n{ const t = performance.now(); LeadScore.init({ config: '/leadscore.json' }); window.walkMs = performance.now() - t; }`));
    }
  }
  console.log(`  ${String(n).padStart(8)} ${Object.values(ms).map((v) => fmt(median(v))).join('')}`);
}

const FORMS = {
  'for-of over [root, ...NodeList]': 'for (const e of [document, ...document.querySelectorAll("*")]) if (e.shadowRoot) n++;',
  'for-of over the NodeList (loader)': 'for (const e of document.querySelectorAll("*")) if (e.shadowRoot) n++;',
  'NodeList.forEach': 'document.querySelectorAll("*").forEach((e) => e.shadowRoot && n++);',
  'indexed (both now)': 'const l = document.querySelectorAll("*"); for (let i = 0, e; (e = l[i++]); ) if (e.shadowRoot) n++;',
  'TreeWalker': 'const w = document.createTreeWalker(document, 1); while (w.nextNode()) if (w.currentNode.shadowRoot) n++;',
};
for (const size of [1500, 20000]) {
  console.log(`\nOne walk of ${size.toLocaleString('en')} elements for shadow roots, ms, cold, median of ${N} pages:`);
  /** @type {Record<string, number[]>} */
  const ms = {};
  for (let i = 0; i < N; i++) {
    const each = Object.entries(FORMS);
    for (const [k, code] of i % 2 ? each.reverse() : each) {
      (ms[k] ||= []).push(await once(size, `{ let n = 0; const t = performance.now(); ${code} window.walkMs = performance.now() - t; if (n != 20) throw new Error(n); }`));
    }
  }
  for (const [k, v] of Object.entries(ms)) console.log(`  ${k.padEnd(36)}${fmt(median(v))}`);
}
await env.close();
