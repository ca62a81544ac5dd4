// Shared by the node tests: paths, the WebAssembly module as it ships in
// dist/, the native CLI, and the fixture matcher the C++ tests use too
// (tests/core/fixtures.cpp subset_match).
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = join(root, 'tests', 'fixtures');
export const dist = join(root, 'dist');
// LEADSCORE_CLI runs the node tests against another build (e.g. build/asan/cli/leadscore).
export const cliPath = process.env.LEADSCORE_CLI ?? join(root, 'build', 'native', 'cli', 'leadscore');

export const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/**
 * The module from dist/, instantiated from bytes (node cannot fetch a path),
 * wrapped by web/core.js as the browser wraps it. Returns { Core, LeadScoreError }.
 */
export async function loadCore() {
  const { default: createLeadScoreCore } = await import(join(dist, 'leadscore-core.mjs'));
  const { coreClass, LeadScoreError } = await import(join(root, 'web', 'core.js'));
  const module = await createLeadScoreCore({ wasmBinary: readFileSync(join(dist, 'leadscore.wasm')) });
  return { Core: coreClass(module), LeadScoreError, module };
}

export function peerEventsText() {
  return gunzipSync(readFileSync(join(fixtures, 'peer-rules', 'events-200k.ndjson.gz'))).toString('utf8');
}

/** Runs the native CLI; returns stdout (throws on a non-zero exit). */
export function runCli(args, input) {
  if (!existsSync(cliPath)) throw new Error(`native CLI not built: ${cliPath}`);
  return execFileSync(cliPath, args, { input, maxBuffer: 1 << 28, encoding: 'utf8' });
}

/** Deep "expected is contained in actual" (see tests/core/fixtures.cpp). Returns '' or where it differs. */
export function subsetMismatch(expected, actual, path = '') {
  const at = path || '/';
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) return `${at}: missing key "${key}" in ${JSON.stringify(actual)}`;
      const m = subsetMismatch(expected[key], actual[key], `${path}/${key}`);
      if (m) return m;
    }
    return '';
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(expected[i], actual[i], `${path}/${i}`);
      if (m) return m;
    }
    return '';
  }
  return Object.is(expected, actual) || expected === actual ? '' : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}
