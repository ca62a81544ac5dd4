// The JavaScript side of dist/: what the build leaves (sizes: size-budget.test.mjs), and the
// rules the web/ sources keep (no HTML from strings, no eval, @ts-check).
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, dist } from './support.mjs';

const web = join(root, 'web');

test('the wasm build leaves everything a site hosts in dist/', () => {
  for (const f of ['leadscore.js', 'leadscore-widget.js', 'leadscore.wasm', 'leadscore.mjs', 'leadscore.d.ts']) {
    assert.ok(existsSync(join(dist, f)), `dist/${f} missing`);
  }
  assert.equal(readFileSync(join(dist, 'leadscore.d.ts'), 'utf8'), readFileSync(join(web, 'leadscore.d.ts'), 'utf8'));
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

test('the ES module imports where there is no DOM (a server rendering the app that imports it): its functions are there, no state', async () => {
  const m = await import(pathToFileURL(join(dist, 'leadscore.mjs')).href);
  assert.equal(typeof m.init, 'function');
  assert.equal(m.state(), null);
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
