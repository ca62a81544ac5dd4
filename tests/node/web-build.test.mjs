// The JavaScript side of dist/: what the build leaves, size budgets, and the
// rules the web/ sources keep (no HTML from strings, no eval, @ts-check).
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { root, dist } from './support.mjs';

const web = join(root, 'web');
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

test('the wasm build leaves everything a site hosts in dist/', () => {
  for (const f of ['leadscore.js', 'leadscore-widget.js', 'leadscore.wasm', 'leadscore.mjs', 'leadscore.d.ts']) {
    assert.ok(existsSync(join(dist, f)), `dist/${f} missing`);
  }
  assert.equal(readFileSync(join(dist, 'leadscore.d.ts'), 'utf8'), readFileSync(join(web, 'leadscore.d.ts'), 'utf8'));
});

test('size budgets: loader <= 1.5 KB gzip, widget JS without the Emscripten glue <= 13 KB gzip', async () => {
  const loader = gzip(readFileSync(join(dist, 'leadscore.js')));
  assert.ok(loader <= 1536, `dist/leadscore.js is ${loader} B gzip`);
  // The widget as the build bundles it, with the glue left out.
  const out = await build({
    entryPoints: [join(web, 'widget.js')], bundle: true, minify: true, format: 'iife', target: 'es2020',
    loader: { '.css': 'text' }, legalComments: 'none', write: false, logLevel: 'silent',
    external: ['../dist/leadscore-core.mjs'],
  });
  const widget = gzip(out.outputFiles[0].contents);
  // 9 KB before forms and delivery; forms-ui.js and delivery.js add ~3 KB.
  assert.ok(widget <= 13312, `widget JS without the glue is ${widget} B gzip`);
});

test('the ES module exports init and LeadScoreError (and the client functions)', async () => {
  const text = readFileSync(join(dist, 'leadscore.mjs'), 'utf8');
  const exported = text.match(/export\s*\{([^}]*)\}\s*;?\s*$/);
  assert.ok(exported, 'no export clause at the end of dist/leadscore.mjs');
  const names = exported[1].split(',').map((s) => s.trim().split(/\s+as\s+/).pop());
  for (const n of ['init', 'LeadScoreError', 'track', 'identify', 'state', 'on', 'consent', 'forget', 'flush']) {
    assert.ok(names.includes(n), `dist/leadscore.mjs does not export ${n} (exports: ${names.join(', ')})`);
  }
});

test('web/ sources: @ts-check first, no HTML from strings, no eval or new Function, kebab-case names', () => {
  for (const f of readdirSync(web)) {
    assert.match(f, /^[a-z0-9]+(-[a-z0-9]+)*(\.d)?\.(js|css|ts)$/, `${f}: kebab-case file names`);
    if (!f.endsWith('.js')) continue;
    const text = readFileSync(join(web, f), 'utf8');
    assert.ok(text.startsWith('// @ts-check\n'), `${f}: starts with // @ts-check`);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const bad of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /\beval\s*\(/, /new\s+Function\b/, /document\.write/]) {
      assert.doesNotMatch(code, bad, `${f}: ${bad}`);
    }
  }
});

test('the widget bundle has no eval or new Function (strict CSP)', () => {
  for (const f of ['leadscore.js', 'leadscore-widget.js', 'leadscore.mjs']) {
    const text = readFileSync(join(dist, f), 'utf8');
    assert.doesNotMatch(text, /\beval\s*\(|new Function\s*\(/, `dist/${f}`);
  }
});
