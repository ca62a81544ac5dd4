// How sites include the widget: the loader tag twice (a tag manager and the
// theme), injected by a tag manager's code after DOMContentLoaded or after
// load, `async` in <head> or at the end of <body>, the ES module beside the
// script tag, init() called twice, and a data-config that is empty, missing
// or answered with the site's HTML page. One widget, one page view, one UI,
// and a clear error at most once; the page keeps working.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, waitForInit, recordEvents, recorded, kinds, root, until } from './support.mjs';

const env = useSite();

const LOADER = '<script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script>';
/** The test site's blog post (an awareness page with a banner, an inline slot and a gate) without its loader tag. */
const POST = readFileSync(join(root, 'tests/browser/site/blog/lead-scoring-101.html'), 'utf8').replace(LOADER, '');
assert.notEqual(POST.length, readFileSync(join(root, 'tests/browser/site/blog/lead-scoring-101.html'), 'utf8').length);

/**
 * Opens the blog post at /blog/incl-NAME with `head` added at the end of
 * <head> and `body` at the end of <body>; records the widget's events.
 * @param {string} name @param {{head?: string, body?: string}} tags
 */
async function post(name, { head = '', body = '' }) {
  const path = `/blog/incl-${name}`;
  env.server.override(path, {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: POST.replace('</head>', `${head}</head>`).replace('</body>', `${body}</body>`),
  });
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.server.url}${path}`);
  return page;
}

/** How often the server was asked for `path`. @param {string} path */
const asked = (path) => env.server.requests.filter((r) => r.url === path).length;

/** One widget on the page: one page view, each placement once, nothing reported. @param {any} page */
async function oneWidget(page) {
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  await until(async () => (await kinds(page)).length >= 3, 'the offers and the gate');
  await page.waitForTimeout(300); // (a second widget would render by now too)
  assert.equal(r.state.page_views, 1);
  assert.deepEqual((await kinds(page)).sort(), ['banner', 'gate', 'inline']);
  // (the inline offer at the post's end is rendered, not viewed: it is not in the window)
  assert.deepEqual((await recorded(page)).offers.map((/** @type {any} */ o) => o.offer).sort(), ['newsletter-bar', 'premium-unlock']);
  assert.deepEqual((await recorded(page)).errors, []);
  assert.deepEqual(page.problems(), []);
}

test('the loader tag twice (a tag manager and the theme), same config: one widget, loaded once', async () => {
  const before = asked('/leadscore/leadscore-widget.js');
  const page = await post('twice', { head: LOADER + LOADER });
  await oneWidget(page);
  assert.equal(asked('/leadscore/leadscore-widget.js') - before, 1);
  assert.deepEqual(page.warnings(), []);
  await page.context().close();
});

test('window.LeadScore frozen by the page before the loader runs (Object.freeze({...})): no uncaught error, one widget, the page\'s next script runs', async () => {
  // (the page's object stands in place of the queue the test records with: no recording here)
  const page = await post('frozen', { head: `<script>window.LeadScore = Object.freeze({ version: 'x' });</script>${LOADER}`, body: '<script>window.after = true;</script>' });
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  await until(async () => (await kinds(page)).length >= 3, 'the offers and the gate');
  assert.deepEqual((await kinds(page)).sort(), ['banner', 'gate', 'inline']);
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).after), true);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the loader tag twice with different configs: one widget, the first tag\'s config', async () => {
  const before = asked('/other.json');
  const page = await post('twice-other', { head: LOADER + LOADER.replace('/leadscore.json', '/other.json') });
  await oneWidget(page);
  assert.equal(asked('/other.json') - before, 0);
  await page.context().close();
});

for (const when of ['DOMContentLoaded', 'load']) {
  test(`the loader injected by a tag manager after ${when}: the page view counted, offers shown, scrolling tracked`, async () => {
    const page = await post(`inject-${when}`, {});
    await page.waitForLoadState(when === 'load' ? 'load' : 'domcontentloaded');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.src = '/leadscore/leadscore.js';
      s.dataset.config = '/leadscore.json';
      document.head.append(s);
    });
    await until(() => page.evaluate(() => typeof (/** @type {any} */ (window).LeadScore).init === 'function'), 'the loader');
    await oneWidget(page);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await until(() => page.evaluate(() => LeadScore.state().breakdown.find((/** @type {any} */ b) => b.rule === 'blog_read')?.fired), 'scroll depth 75');
    await page.context().close();
  });
}

for (const [where, tags] of /** @type {const} */ ([
  ['async in <head>', { head: LOADER.replace(' defer', ' async') }],
  ['async at the end of <body>', { body: LOADER.replace(' defer', ' async') }],
  ['defer at the end of <body>', { body: LOADER }],
])) {
  test(`the loader tag ${where}: one page view, offers shown`, async () => {
    const page = await post(where.replace(/\W+/g, '-'), tags);
    await oneWidget(page);
    await page.context().close();
  });
}

for (const [order, head] of [
  ['after', `${LOADER}<script type="module" src="/esm.js"></script>`],
  ['before', `<script type="module" src="/esm.js"></script>${LOADER}`],
]) test(`the ES module imported by the page ${order} the script tag: one widget, one page view, both see it`, async () => {
  const bundle = asked('/leadscore/leadscore-widget.js');
  const page = await post(`esm-${order}-tag`, { head });
  const esm = await page.evaluate(() => /** @type {any} */ (window).leadscoreReady);
  assert.equal(esm.page_views, 1, JSON.stringify(esm));
  await oneWidget(page);
  // The module's client and window.LeadScore are the same visitor, the same profile.
  const same = await page.evaluate(() => {
    LeadScore.track('demo_request');
    return /** @type {any} */ (window).leadscoreClient.state().breakdown.find((/** @type {any} */ b) => b.rule === 'demo_request')?.fired;
  });
  assert.equal(same, 1);
  assert.equal(asked('/leadscore/leadscore-widget.js') - bundle, 0, 'the module runs the widget: its bundle is not loaded too');
  await page.context().close();
});

test('the ES module imported by the app after the script tag\'s widget has started (a lazy chunk): errors from on(\'error\') and a rejected init() are instanceof its LeadScoreError, and of window.LeadScore\'s', async () => {
  const page = await post('esm-lazy-errors', { head: LOADER });
  assert.ok((await waitForInit(page)).ok);
  const heard = await page.evaluate(async () => {
    const m = await import('/leadscore/leadscore.mjs');
    /** @type {any[]} */
    const got = [];
    m.on('error', (e) => got.push(e));
    m.track('');
    return [got.length, got[0].id, got[0] instanceof m.LeadScoreError, got[0] instanceof LeadScore.LeadScoreError];
  });
  assert.deepEqual(heard, [1, 'leadscore.api.argument', true, true]);
  await page.context().close();

  const failed = await post('esm-lazy-rejected', { head: LOADER.replace('/leadscore.json', '/no-such-config.json') });
  await until(async () => (await recorded(failed)).errors.length, 'the failed start');
  const rejected = await failed.evaluate(async () => {
    const m = await import('/leadscore/leadscore.mjs');
    return m.init({ config: '/leadscore.json' }).then(() => 'resolved', (e) => [e.id, e instanceof m.LeadScoreError, e instanceof LeadScore.LeadScoreError]);
  });
  assert.deepEqual(rejected, ['leadscore.config.fetch', true, true]);
  await failed.context().close();
});

test('init() called twice with different options: one start, the first options, the same client, the second config never fetched', async () => {
  const page = await post('init-twice', { head: '<script src="/leadscore/leadscore.js" defer></script>' });
  const r = await page.evaluate(async () => {
    const a = LeadScore.init({ config: '/leadscore.json' });
    const b = LeadScore.init({ config: '/other.json' });
    const [ca, cb] = await Promise.all([a, b]);
    const c = LeadScore.init({ config: '/third.json' });
    return { sameClient: ca === cb, after: c === LeadScore.init({}) && ca === (await c) };
  });
  assert.deepEqual(r, { sameClient: true, after: true });
  assert.equal(env.server.requests.filter((q) => q.url === '/other.json' || q.url === '/third.json').length, 0);
  await oneWidget(page);
  await page.context().close();
});

test('an empty data-config: a clear error via on(\'error\') and console once, nothing else happens', async () => {
  const page = await post('empty-config', { head: LOADER.replace('/leadscore.json', '') });
  await until(async () => (await recorded(page)).errors.length, 'an error');
  assert.deepEqual((await recorded(page)).errors, ['leadscore.api.argument']);
  assert.equal(page.warnings().filter((w) => w.includes('[leadscore.api.argument]')).length, 1, page.warnings().join('\n'));
  assert.match(page.warnings()[0], /config/);
  assert.deepEqual(await kinds(page), []);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a config URL answered with the site\'s HTML page (a SPA fallback, 200 text/html): a clear error once, the page unharmed', async () => {
  env.server.override('/spa-fallback.json', { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><head><title>App</title></head><body><div id="root"></div></body></html>' });
  try {
    const page = await post('html-config', { head: LOADER.replace('/leadscore.json', '/spa-fallback.json') });
    const r = await waitForInit(page);
    assert.equal(r.ok, false);
    assert.deepEqual((await recorded(page)).errors, [r.id]);
    assert.match(r.message, /spa-fallback\.json/);
    assert.equal(r.id, 'leadscore.config.syntax'); // "…/spa-fallback.json: not a JSON document: line 1, column 1: expected a value"
    assert.match(r.message, /not a JSON document/);
    assert.equal(page.warnings().length, 1, page.warnings().join('\n'));
    assert.deepEqual(await kinds(page), []);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  } finally {
    env.server.override('/spa-fallback.json', null);
  }
});
