// dist/leadscore-inspector.mjs, the core for tools (config editors, the demo
// studio): it lists a config's errors by path exactly as the widget's core
// does, and shows a profile the widget stored as the widget's core sees it,
// at any moment, without tracking anything.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, dist, loadCore, readJson, runCli } from './support.mjs';

const { createInspector, LeadScoreError } = await import(join(dist, 'leadscore-inspector.mjs'));
const wasmBinary = readFileSync(join(dist, 'leadscore-inspector.wasm'));
const config = readJson(join(root, 'demo', 'leadscore.json'));
const T0 = Date.parse('2026-03-02T09:00:00Z');
const DAY = 86400000;

/** A profile as the widget would store it, built by the widget's own core. */
async function storedProfile(events) {
  const { Core } = await loadCore();
  const core = new Core();
  assert.deepEqual(core.loadConfig(config), []);
  core.loadProfile(null, 'visitor-1');
  for (const [type, path, props, at = 0] of events) {
    const e = { type, url: `https://northwind.example${path}`, ts: T0 + at };
    if (props) e.props = props;
    assert.ok(core.track(JSON.stringify(e)) >= 0, `${type} refused`);
  }
  const profile = JSON.parse(JSON.stringify(core.profile())); // stored as text, read back
  const expected = (now) => core.state(now);
  return { profile, expected, core };
}

test('validate lists every error of a config by JSON path and id, and [] for a valid one', async () => {
  const inspector = await createInspector({ wasmBinary });
  assert.deepEqual(inspector.validate(config), []);
  const bad = structuredClone(config);
  bad.rules[3].points = '15';
  bad.rules[4].pionts = 2;
  bad.offers[0].placement = 'popup';
  const errors = inspector.validate(bad);
  const got = errors.map((e) => `${e.id} ${e.path}`);
  assert.ok(got.includes('leadscore.config.type /rules/3/points'), got.join('\n'));
  assert.ok(got.includes('leadscore.config.unknown_key /rules/4/pionts'), got.join('\n'));
  assert.ok(got.includes('leadscore.config.enum /offers/0/placement'), got.join('\n'));
  for (const e of errors) assert.equal(typeof e.message, 'string');
  // The same errors the widget's core gives.
  const { Core } = await loadCore();
  assert.deepEqual(errors, new Core().loadConfig(bad));
});

test('validateText reads config text as `leadscore validate` reads a file: a key given twice and text that is not JSON are refused with where', async () => {
  const inspector = await createInspector({ wasmBinary });
  const text = JSON.stringify(config, null, 2);
  assert.deepEqual(inspector.validateText(text), []);
  assert.deepEqual(inspector.validateText(new TextEncoder().encode(text)), []);
  // JSON.parse keeps the second "points" (15): parsed first, the config passes.
  const twice = text.replace('"id": "pricing_view",', '"id": "pricing_view", "points": 99,');
  assert.deepEqual(inspector.validate(JSON.parse(twice)), []);
  const errors = inspector.validateText(twice);
  assert.ok(errors.some((e) => e.id === 'leadscore.config.duplicate_key' && e.path === '/rules/3/points'), JSON.stringify(errors));
  const broken = inspector.validateText('{\n  "version": 1,,\n}');
  assert.deepEqual(broken.map((e) => e.id), ['leadscore.config.syntax']);
  assert.match(broken[0].message, /^not a JSON document: line 2, column 16: /);
});

test('a stored profile reads back as the widget core sees it, with decay at a later moment', async () => {
  const { profile, expected } = await storedProfile([
    ['page_view', '/blog/mql-vs-sql/'],
    ['page_view', '/pricing/', null, 60000],
    ['identify', '/pricing/', { email: 'ana@acme-logistics.com', job_title: 'VP Marketing', company_size: 250 }, 120000],
  ]);
  const inspector = await createInspector({ wasmBinary });
  assert.deepEqual(inspector.load({ config, profile, visitor: 'visitor-1' }), []);
  const now = inspector.state(T0 + 120000);
  assert.deepEqual(now, expected(T0 + 120000));
  assert.equal(now.stage, 'lead');
  assert.equal(now.journey, 'decision');
  assert.ok(now.engagement > 0 && now.fit > 0, `both scored: fit ${now.fit}, engagement ${now.engagement}`);
  const later = inspector.state(T0 + 45 * DAY + 120000);
  assert.ok(Math.abs(later.engagement - now.engagement / 2) < 0.01, `one half-life later: ${later.engagement} vs ${now.engagement}`);
  assert.equal(later.fit, now.fit, 'fit never decays');
});

test('offers and gates are what the widget core decides for that page', async () => {
  const { profile, core } = await storedProfile([['page_view', '/pricing/']]);
  const inspector = await createInspector({ wasmBinary });
  inspector.load({ config, profile, visitor: 'visitor-1' });
  const context = { url: 'https://northwind.example/pricing/', slots: ['pricing-aside'], now: T0 };
  const decision = inspector.decideOffers(context);
  assert.deepEqual(decision, core.decideOffers(context));
  assert.deepEqual(decision.show.map((o) => o.offer).sort(), ['demo-inline', 'pricing-sales']);
  assert.deepEqual(inspector.gateStatus('price-sheet', '/pricing/'), core.gateStatus('price-sheet', '/pricing/'));
  assert.equal(inspector.gateStatus('price-sheet', '/pricing/').status, 'locked');
});

test('pageView() counts the next page view in memory, so decideOffers() says what the next load shows: the banner that waits for the 2nd page view, the caps of a new visit after the session timeout', async () => {
  const { profile } = await storedProfile([['page_view', '/']]);
  const inspector = await createInspector({ wasmBinary });
  assert.equal(inspector.pageView({ url: 'https://northwind.example/', now: T0 }), false, 'nothing loaded');
  inspector.load({ config, profile, visitor: 'visitor-1' });
  const url = 'https://northwind.example/';
  const load = (now) => inspector.decideOffers({ url, slots: ['post-end'], now }).show.map((o) => o.offer).sort();
  assert.deepEqual(load(T0 + 60000), ['playbook-inline'], 'as the profile stands (the page view already made)');
  assert.equal(inspector.pageView({ url, now: T0 + 60000 }), true);
  assert.deepEqual(load(T0 + 60000), ['newsletter-bar', 'playbook-inline'], 'the 2nd page view: min_page_views 2');
  assert.equal(inspector.state(T0 + 60000).page_views, 2);
  // Nothing stored: loading the profile again goes back.
  inspector.load({ config, profile, visitor: 'visitor-1' });
  assert.equal(inspector.state(T0 + 60000).page_views, 1);
  // An hour later: a new visit, its first page view.
  inspector.pageView({ url, now: T0 + 3600000 });
  assert.deepEqual([inspector.state(T0 + 3600000).sessions, inspector.state(T0 + 3600000).page_views], [2, 2]);
});

test('the demo config pitches no contact or demo offer on the contact and demo pages themselves', async () => {
  // A decision-stage lead (pricing viewed, then identified), as the studio's visitor is.
  const { profile } = await storedProfile([
    ['page_view', '/pricing/'],
    ['identify', '/pricing/', { email: 'ana@acme-logistics.com' }, 60000],
  ]);
  const inspector = await createInspector({ wasmBinary });
  assert.deepEqual(inspector.load({ config, profile, visitor: 'visitor-1' }), []);
  assert.deepEqual([inspector.state(T0).journey, inspector.state(T0).stage], ['decision', 'lead']);
  /** The offers shown on a page, at once or after a delay. @param {string} path */
  const offers = (path) => {
    const url = `https://northwind.example${path}`;
    const now = inspector.decideOffers({ url, now: T0 + 120000 });
    const later = inspector.decideOffers({ trigger: 'delay', seconds: 60, url, now: T0 + 180000 });
    return [...new Set([...now.show, ...later.show].map((o) => o.offer))].sort();
  };
  assert.deepEqual(offers('/pricing/'), ['demo-modal', 'pricing-sales']);
  for (const path of ['/contact/', '/contact/fa/', '/demo/']) assert.deepEqual(offers(path), [], path);
});

test('a refused config loads nothing; a refused profile starts a fresh visitor', async () => {
  const inspector = await createInspector({ wasmBinary });
  const errors = inspector.load({ config: { version: 2 }, profile: null });
  assert.equal(errors[0].id, 'leadscore.config.version');
  assert.equal(inspector.state(T0), null);
  assert.equal(inspector.decideOffers({ url: 'https://northwind.example/', now: T0 }), null);
  const problems = inspector.load({ config, profile: { schema: 'something else' }, visitor: 'fresh' });
  assert.ok(problems.length > 0);
  const state = inspector.state(T0);
  assert.equal(state.visitor, 'fresh');
  assert.equal(state.score, 0);
});

test('warningsText says an event name a typo away from a built-in one, in the words of `leadscore validate`, and the config still passes', async () => {
  const inspector = await createInspector({ wasmBinary });
  const typo = structuredClone(config);
  typo.rules[3].event = 'page_veiw';
  const text = JSON.stringify(typo, null, 2);
  assert.deepEqual(inspector.validateText(text), []);
  const warnings = inspector.warningsText(text);
  assert.deepEqual(warnings, [{ id: 'leadscore.config.unknown_event', path: '/rules/3/event',
    message: '"page_veiw" is not a built-in event; did you mean "page_view"?' }]);
  assert.deepEqual(inspector.warningsText(new TextEncoder().encode(text)), warnings);
  assert.deepEqual(inspector.warningsText(JSON.stringify(config)), []);
  assert.deepEqual(inspector.warningsText('{"version": 1, "rules": ['), []); // validateText says why
  const cli = runCli(['validate', '-'], text);
  assert.deepEqual(cli.trim().split('\n'), warnings.map((w) => `warning: [${w.id}] ${w.path}: ${w.message}`));
});

test('warningsText says a regular expression pasted where a glob belongs, with the glob it means, as `leadscore validate` says it', async () => {
  const inspector = await createInspector({ wasmBinary });
  const regex = structuredClone(config);
  regex.rules[1].path = '^/blog/.*$';
  const text = JSON.stringify(regex, null, 2);
  assert.deepEqual(inspector.validateText(text), []);
  const warnings = inspector.warningsText(text);
  assert.deepEqual(warnings, [{ id: 'leadscore.config.regex', path: '/rules/1/path',
    message: '"^/blog/.*$" looks like a regular expression, but this is a glob (* any run of characters but "/", ** any run, ' +
      '? one character, the rest as written); did you mean "/blog/**"?' }]);
  const cli = runCli(['validate', '-'], text);
  assert.deepEqual(cli.trim().split('\n'), warnings.map((w) => `warning: [${w.id}] ${w.path}: ${w.message}`));
});

test('the build ships the inspector and its types next to the widget', () => {
  assert.equal(readFileSync(join(dist, 'leadscore-inspector.d.ts'), 'utf8'),
    readFileSync(join(root, 'web', 'leadscore-inspector.d.ts'), 'utf8'));
  assert.doesNotMatch(readFileSync(join(dist, 'leadscore-inspector.mjs'), 'utf8'), /\beval\s*\(|new Function\s*\(/);
});

test('a module that does not load rejects with leadscore.wasm.failed', async () => {
  await assert.rejects(createInspector({ wasmBinary: new Uint8Array([0, 1, 2, 3]) }), (e) => {
    assert.ok(e instanceof LeadScoreError);
    assert.equal(e.id, 'leadscore.wasm.failed');
    return true;
  });
  // wasmUrl is relative to the page: in node (no location) that is the same documented error
  await assert.rejects(createInspector({ wasmUrl: 'leadscore.wasm' }), (e) => {
    assert.ok(e instanceof LeadScoreError);
    assert.equal(e.id, 'leadscore.wasm.failed');
    return true;
  });
});
