// The hand-written types in dist/ (leadscore.d.ts, .d.mts and the
// inspector's) as a TypeScript user meets them: tests/node/types/consumer.mts
// must compile with tsc --strict under node16 and bundler module resolution,
// and its @ts-expect-error lines (wrong uses) must be refused. And web/*.js,
// each marked // @ts-check, must pass that check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const consumer = join(root, 'tests', 'node', 'types', 'consumer.mts');

/** tsc's output (empty when the files compile). @param {string[]} flags @param {string[]} files */
function compile(flags, files = [consumer]) {
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom,dom.iterable',
      ...flags, ...files], { cwd: root, encoding: 'utf8' });
    return '';
  } catch (e) {
    return /** @type {any} */ (e).stdout || String(e);
  }
}

for (const [name, flags] of /** @type {const} */ ([
  ['node16', ['--module', 'node16', '--moduleResolution', 'node16']],
  ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler']],
])) {
  test(`dist's types compile for a TypeScript user (${name} resolution), and refuse wrong uses`, () => {
    for (const f of ['leadscore.d.ts', 'leadscore.d.mts', 'leadscore-inspector.d.ts', 'leadscore-inspector.d.mts']) {
      assert.ok(existsSync(join(root, 'dist', f)), `dist/${f} is built`);
    }
    assert.equal(compile(flags), '');
  });
}

test('the widget\'s sources pass their own // @ts-check (tsc --strict)', () => {
  const web = join(root, 'web');
  const sources = readdirSync(web).filter((f) => f.endsWith('.js'));
  for (const f of sources) assert.match(readFileSync(join(web, f), 'utf8'), /^\/\/ @ts-check$/m, `web/${f} is checked`);
  // the entry points reach every source; widget-css.d.ts types the build's CSS alias
  assert.equal(compile(['--allowJs', '--module', 'esnext', '--moduleResolution', 'bundler'],
    ['widget-css.d.ts', 'widget.js', 'module.js', 'inspector.js', 'loader.js'].map((f) => join(web, f))), '');
});
