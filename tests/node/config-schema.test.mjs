// The JSON Schema (schema/leadscore.config.schema.json) against the config fixtures:
// valid configs pass, malformed ones are refused exactly where the docs say JSON Schema can
// refuse them (invalid.json "schema": true) and accepted where only `leadscore validate`
// can tell ("schema": false), so the schema is neither stricter nor looser than docs/config.md.
// Run: node --test tests/node/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const schemaFile = path.join(root, 'schema', 'leadscore.config.schema.json');
const validDir = path.join(root, 'tests', 'fixtures', 'configs', 'valid');
const invalidFile = path.join(root, 'tests', 'fixtures', 'configs', 'invalid.json');
const peerRulesFile = path.join(root, 'bench', 'peer-rules.leadscore.json');

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const schema = readJson(schemaFile);
const cases = readJson(invalidFile);

const KINDS = ['syntax', 'type', 'required', 'unknown_key', 'version', 'range', 'enum', 'empty',
  'identifier', 'duplicate', 'duplicate_key', 'operator', 'field', 'glob', 'cap', 'threshold', 'reference', 'url', 'offer_stage'];

const explain = (errors) => JSON.stringify(errors, null, 1);

let compiled;
// Strict mode: unknown keywords, ignored keywords, missing types and undefined required
// properties are all compile errors.
const compile = () => (compiled ??= new Ajv2020({ strict: true, allErrors: true }).compile(schema));
const validate = (doc) => {
  const v = compile();
  const ok = v(doc);
  validate.errors = v.errors;
  return ok;
};

test('schema compiles in strict mode', () => {
  assert.equal(schema.$id, 'https://leadscore.dev/schema/leadscore.config.schema.json');
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(typeof compile(), 'function');
});

test('every property in the schema has a description (editors show them)', () => {
  const deref = (s) => (s && s.$ref ? deref(schema.$defs[s.$ref.replace('#/$defs/', '')]) : s);
  const missing = [];
  // Only the properties an editor offers; subschemas of oneOf/not/if/then that restate a
  // property just to constrain it are skipped.
  const visit = (node, where) => {
    if (!node || typeof node !== 'object') return;
    for (const [name, sub] of Object.entries(node.properties ?? {})) {
      if (!(sub.description ?? deref(sub)?.description)) missing.push(`${where}/properties/${name}`);
      visit(sub, `${where}/properties/${name}`);
    }
    if (node.items) visit(node.items, `${where}/items`);
  };
  visit(schema, '#');
  for (const [name, def] of Object.entries(schema.$defs)) visit(def, `#/$defs/${name}`);
  assert.deepEqual(missing, []);
});

const validFiles = () => [
  ...fs.readdirSync(validDir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(validDir, f)),
  peerRulesFile,
];

test('valid configs and the peer-rules benchmark config validate', () => {
  const files = validFiles();
  for (const name of ['minimal.json', 'b2b-saas.json', 'unicode.json']) {
    assert.ok(files.includes(path.join(validDir, name)), `missing ${name}`);
  }
  for (const file of files) {
    const doc = readJson(file);
    assert.ok(validate(doc), `${path.relative(root, file)} should validate: ${explain(validate.errors)}`);
  }
});

// What JSON Schema cannot express; the valid fixtures must satisfy it too, since the C++
// validator reads them.
test('valid configs also pass the checks JSON Schema cannot express', () => {
  for (const file of validFiles()) {
    const doc = readJson(file);
    const where = path.relative(root, file);
    const ids = [...(doc.rules ?? []), ...(doc.fit ?? [])].map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, `${where}: rule ids must be unique among event and fit rules`);
    for (const r of doc.rules ?? []) {
      if (r.cap === undefined) continue;
      assert.ok(Math.sign(r.cap) === Math.sign(r.points) && Math.abs(r.cap) >= Math.abs(r.points), `${where}: cap of ${r.id}`);
    }
    const stages = (doc.lifecycle ?? []).map((s) => s.stage);
    assert.equal(new Set(stages).size, stages.length, `${where}: stage ids must be unique`);
    const t = { warm: 20, hot: 60, ...doc.temperature };
    assert.ok(t.warm < t.hot, `${where}: temperature.warm must be below hot`);
    const globs = [];
    const collect = (g) => { if (typeof g === 'string') globs.push(g); else if (Array.isArray(g)) globs.push(...g); };
    for (const r of [...(doc.rules ?? []), ...(doc.journey?.tags ?? [])]) {
      collect(r.path);
      for (const c of r.if ?? []) collect(c.matches);
    }
    for (const g of globs) assert.ok(Buffer.byteLength(g, 'utf8') <= 1024, `${where}: glob over 1024 bytes`);
    // Forms and delivery.
    const formIds = (doc.forms ?? []).map((f) => f.id);
    assert.equal(new Set(formIds).size, formIds.length, `${where}: form ids must be unique`);
    for (const f of doc.forms ?? []) {
      const names = f.fields.map((x) => x.name);
      assert.equal(new Set(names).size, names.length, `${where}: field names must be unique in form ${f.id}`);
      for (const x of f.fields) {
        assert.ok((x.min_length ?? 0) <= (x.max_length ?? 1000), `${where}: ${f.id}/${x.name}: min_length above max_length`);
      }
    }
    for (const o of doc.offers ?? []) if (o.form) assert.ok(formIds.includes(o.form), `${where}: offer ${o.id}: no form ${o.form}`);
    for (const g of doc.gates ?? []) {
      if (g.unlock?.form) assert.ok(formIds.includes(g.unlock.form), `${where}: gate ${g.id}: no form ${g.unlock.form}`);
    }
    const targetIds = (doc.delivery?.targets ?? []).map((t) => t.id);
    assert.equal(new Set(targetIds).size, targetIds.length, `${where}: delivery target ids must be unique`);
    const laterStages = doc.lifecycle ? doc.lifecycle.map((s) => s.stage) : ['lead', 'mql', 'sql', 'customer'];
    for (const s of [doc.delivery?.on_stage ?? []].flat()) {
      assert.ok(laterStages.includes(s), `${where}: delivery.on_stage: no stage ${s} after visitor`);
    }
  }
});

test('peer-rules config holds the 25 benchmark rules in order', () => {
  const doc = readJson(peerRulesFile);
  assert.equal(doc.version, 1);
  assert.equal(doc.rules.length, 25);
  doc.rules.forEach((r, i) => {
    assert.match(r.id, new RegExp(`^R${String(i + 1).padStart(2, '0')}_[a-z0-9_]+$`));
    assert.ok(r.cap !== undefined, `${r.id} has a cap`);
  });
  assert.equal(doc.lifecycle, undefined);
  assert.equal(doc.decay, undefined);
  assert.ok(!JSON.stringify(doc).includes('ignore_case'), 'the benchmark is case-sensitive');
});

test('invalid.json: shape of the cases', () => {
  assert.ok(Array.isArray(cases));
  assert.ok(cases.length >= 35, `at least 35 cases, got ${cases.length}`);
  const names = new Set();
  for (const c of cases) {
    assert.equal(typeof c.name, 'string');
    assert.ok(c.name.length > 0);
    assert.ok(!names.has(c.name), `duplicate case name: ${c.name}`);
    names.add(c.name);
    assert.equal(('config' in c) + ('text' in c), 1, `${c.name}: exactly one of config and text`);
    assert.equal(typeof c.schema, 'boolean', `${c.name}: schema flag`);
    assert.ok(Array.isArray(c.errors) && c.errors.length > 0, `${c.name}: errors must be a non-empty list`);
    if ('encoding' in c) assert.ok('text' in c && c.encoding === 'latin1' && /^[\u0000-\u00ff]*$/.test(c.text), `${c.name}: a latin1 text`);
    for (const e of c.errors) {
      // A syntax error may say its message (line and column), which both readers must say alike.
      const keys = e.id === 'leadscore.config.syntax' && 'message' in e ? ['id', 'message', 'path'] : ['id', 'path'];
      assert.deepEqual(Object.keys(e).sort(), keys, `${c.name}: error keys`);
      assert.ok(KINDS.map((k) => `leadscore.config.${k}`).includes(e.id), `${c.name}: unknown error id ${e.id}`);
      assert.ok(e.path === '' || e.path.startsWith('/'), `${c.name}: ${e.path} is not a JSON pointer`);
    }
    if ('text' in c) {
      // Text that is not JSON, or JSON with a key given twice (which only the text shows).
      if (!c.errors.some((e) => e.id === 'leadscore.config.duplicate_key')) {
        assert.deepEqual(c.errors.map(({ id, path }) => ({ id, path })), [{ id: 'leadscore.config.syntax', path: '' }], `${c.name}: a syntax case`);
      }
    } else {
      assert.ok(!c.errors.some((e) => e.id === 'leadscore.config.syntax'), `${c.name}: syntax error on JSON`);
    }
  }
});

// Pre-order positions of every JSON pointer in the document, in the document's own key order.
function positions(doc) {
  const pos = new Map();
  const walk = (value, pointer) => {
    pos.set(pointer, pos.size);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${pointer}/${i}`));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(doc, '');
  return pos;
}

test('invalid.json: error paths exist and are listed in document order', () => {
  for (const c of cases.filter((x) => 'config' in x)) {
    const pos = positions(c.config);
    let last = -1;
    for (const e of c.errors) {
      let p = pos.get(e.path);
      if (p === undefined) {
        // A missing required key: sorts at its parent object's position.
        assert.equal(e.id, 'leadscore.config.required', `${c.name}: ${e.path} is not in the document`);
        const parent = e.path.slice(0, e.path.lastIndexOf('/'));
        p = pos.get(parent);
        assert.ok(p !== undefined, `${c.name}: parent of ${e.path} is not in the document`);
      }
      assert.ok(p >= last, `${c.name}: ${e.id} at ${e.path} is out of document order`);
      last = p;
    }
  }
});

test('invalid.json: "schema": true cases are refused by the schema', () => {
  for (const c of cases.filter((x) => x.schema)) {
    assert.ok('config' in c, `${c.name}: only JSON documents can be refused by a schema`);
    assert.equal(validate(c.config), false, `${c.name}: the schema should refuse it`);
  }
});

test('invalid.json: "schema": false cases are accepted by the schema, text cases are not JSON or repeat a key', () => {
  for (const c of cases.filter((x) => !x.schema)) {
    if ('text' in c) {
      // Bytes that are not UTF-8: JSON of no text a schema could see.
      if (c.encoding === 'latin1') continue;
      // Not JSON, or (1e999) JSON whose number no double holds, or a string with a lone surrogate (JSON.parse takes it; UTF-8 cannot hold it).
      let parsed;
      try {
        parsed = JSON.parse(c.text);
      } catch {
        continue;
      }
      if (c.errors.some((e) => e.id === 'leadscore.config.duplicate_key')) {
        // A repeated key: JSON.parse keeps the last value, so no schema can see it.
        const repeats = c.errors.filter((e) => e.id === 'leadscore.config.duplicate_key').length;
        assert.ok(JSON.stringify(parsed).length < c.text.replace(/\s/g, '').length, `${c.name}: ${repeats} repeated key(s) merged`);
        continue;
      }
      const text = JSON.stringify(parsed);
      assert.ok(text.includes('null') || /\\ud[89a-f][0-9a-f]{2}/.test(text), `${c.name}: text should not be usable JSON`); // stringify escapes only lone surrogates
      continue;
    }
    assert.ok(validate(c.config), `${c.name}: the schema should accept it (only leadscore validate can tell): ${explain(validate.errors)}`);
  }
});
