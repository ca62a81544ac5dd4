// The hand-written types in dist/ (leadscore.d.ts, .d.mts and the
// inspector's) as a TypeScript user meets them: tests/node/types/consumer.mts
// must compile with tsc --strict under node16 and bundler module resolution,
// and its @ts-expect-error lines (wrong uses) must be refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const consumer = join(root, 'tests', 'node', 'types', 'consumer.mts');

/** tsc's output (empty when the file compiles). @param {string[]} flags */
function compile(flags) {
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom',
      ...flags, consumer], { cwd: root, encoding: 'utf8' });
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
