// The configs of the browser-test site (tests/browser/site/**/leadscore.json)
// load in the WebAssembly core without errors and validate against the JSON
// Schema, so a browser test fails for the behaviour it checks, not for a typo
// in its config (every section, forms and delivery included).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { root, loadCore } from './support.mjs';

const site = join(root, 'tests', 'browser', 'site');
const configs = readdirSync(site, { recursive: true })
  .filter((f) => f.endsWith('leadscore.json'))
  .sort()
  .map((f) => join(site, f));

test('the test-site configs load in the core and validate against the schema', async () => {
  assert.ok(configs.length >= 4, `found ${configs.length} configs under ${relative(root, site)}`);
  const { Core } = await loadCore();
  const schema = JSON.parse(readFileSync(join(root, 'schema', 'leadscore.config.schema.json'), 'utf8'));
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  for (const key of ['forms', 'delivery']) assert.ok(key in schema.properties, `the schema does not describe "${key}"`);
  for (const file of configs) {
    const where = relative(root, file);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const core = new Core();
    assert.deepEqual(core.loadConfig(doc), [], `${where}: the core refuses it`);
    core.delete();
    assert.ok(validate(doc), `${where}: ${JSON.stringify(validate.errors)}`);
  }
});
