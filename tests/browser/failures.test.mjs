// When things go wrong the page keeps working: the wasm file 404s or is not
// WebAssembly, the config 404s, is not JSON or is refused, a config object
// holds what JSON cannot, the stored profile is damaged, the widget bundle
// is missing, localStorage throws (blocked, or full). No uncaught error, no
// console error of ours (only the browser's own line for a 404), each problem
// reported to on('error') exactly once (and console.warn once).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, missing, recordEvents, recorded, waitForUi, kinds } from './support.mjs';

const env = useSite();

/** The browser's own console line for a failed request: not ours, allowed where a test serves a 404. */
const NOT_FOUND = /^console\.error: Failed to load resource: the server responded with a status of 404/;

/**
 * Serves `path` with `response` while `fn` runs, on a fresh page that records
 * the widget's events; returns what the page reported.
 * @param {string} path @param {import('./server.mjs').Override} response
 * @param {(page: Awaited<ReturnType<typeof openPage>>) => Promise<void>} fn
 */
async function broken(path, response, fn) {
  env.server.override(path, response);
  const page = await openPage(env.browser);
  try {
    await recordEvents(page);
    await fn(page);
    return page;
  } finally {
    env.server.override(path, null);
    await page.context().close();
  }
}

/** The page's own script still works (SPA navigation), no widget UI, no error but a 404 line. @param {any} page @param {number} notFound */
async function pageWorks(page, notFound) {
  await page.click('#to-reports');
  assert.equal(await page.textContent('h1'), 'Reports');
  assert.deepEqual(await kinds(page), []);
  assert.equal(await page.evaluate(() => LeadScore.state()), null);
  const problems = page.problems();
  assert.deepEqual(problems.filter((/** @type {string} */ p) => !NOT_FOUND.test(p)), []);
  assert.equal(problems.length, notFound, problems.join('\n'));
}

/** on('error') heard exactly these ids, and console.warn said each once. @param {any} page @param {string[]} ids */
async function heardOnce(page, ids) {
  assert.deepEqual((await recorded(page)).errors, ids);
  for (const id of ids) {
    assert.equal(page.warnings().filter((/** @type {string} */ w) => w.includes(`[${id}]`)).length, 1, `${id}: ${page.warnings().join('\n')}`);
  }
}

for (const [what, path, response, id, notFound] of /** @type {const} */ ([
  ['the wasm file 404s', '/leadscore/leadscore.wasm', { status: 404 }, 'leadscore.wasm.failed', 1],
  ['the wasm file is not WebAssembly', '/leadscore/leadscore.wasm', { headers: { 'Content-Type': 'application/wasm' }, body: '<!doctype html><h1>Oops</h1>' }, 'leadscore.wasm.failed', 0],
  // A valid module that is not ours (another build, a stale cache): its start-up code is missing.
  ['the wasm file is from another build', '/leadscore/leadscore.wasm', { headers: { 'Content-Type': 'application/wasm' }, body: Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) }, 'leadscore.wasm.failed', 0],
  ['the config 404s', '/leadscore.json', { status: 404 }, 'leadscore.config.fetch', 1],
  ['the config is not JSON', '/leadscore.json', { headers: { 'Content-Type': 'application/json' }, body: '{"version": 1, "rules": [' }, 'leadscore.config.syntax', 0],
  ['the config is refused', '/leadscore.json', { headers: { 'Content-Type': 'application/json' }, body: '{"version": 1, "rules": [{"id": "x", "points": "ten"}]}' }, 'leadscore.config.type', 0],
  ['the widget bundle 404s', '/leadscore/leadscore-widget.js', { status: 404 }, 'leadscore.load.failed', 1],
])) {
  test(`${what}: init rejects with ${id}, on('error') hears it once, the page keeps working`, async () => {
    await broken(path, response, async (page) => {
      await page.goto(`${env.server.url}/app/`);
      const r = await waitForInit(page);
      assert.deepEqual([r.ok, r.id], [false, id], r.message);
      // Asking again (init(), flush(), state()) reports nothing more.
      await page.evaluate(() => Promise.all([LeadScore.init({ config: '/leadscore.json' }).catch(() => {}), LeadScore.flush()]));
      await heardOnce(page, [id]);
      await pageWorks(page, notFound);
      assert.equal(await page.evaluate(() => localStorage.length), 0);
      // The loader notes an app's routes for the widget to track once started:
      // none once the widget could not load, at most 50 while it has not started.
      const noted = await page.evaluate(() => {
        for (let i = 0; i < 60; i++) history.pushState({}, '', `/app/?r=${i}`);
        return LeadScore._routes.length;
      });
      assert.ok(id === 'leadscore.load.failed' ? noted === 0 : noted <= 50, `${noted} routes noted`);
    });
  });
}

for (const [what, path, id, limit] of /** @type {const} */ ([
  ['the config', '/leadscore.json', 'leadscore.config.fetch', 'not come in 30 s'],
  ['the wasm file', '/leadscore/leadscore.wasm', 'leadscore.wasm.failed', 'not come in 30 s'],
  ['the widget bundle', '/leadscore/leadscore-widget.js', 'leadscore.load.failed', 'not come in 60 s'],
])) {
  test(`${what} requested and never answered (a stalled server): init() rejects with ${id} (${limit}), heard once, and flush() settles (a click that awaits it before leaving leaves)`, async () => {
    await broken(path, { delay: 600_000 }, async (page) => {
      await page.clock.install();
      // AbortSignal.timeout() as the browser has it, but on the page's timers, which the test's clock runs on.
      await page.addInitScript(() => {
        AbortSignal.timeout = (ms) => {
          const c = new AbortController();
          setTimeout(() => c.abort(new DOMException('signal timed out', 'TimeoutError')), ms);
          return c.signal;
        };
      });
      // (a script element whose request stalls holds the page's load event: the widget's does)
      await page.goto(`${env.server.url}/app/`, { waitUntil: 'domcontentloaded' });
      await page.evaluate(() => {
        const w = /** @type {any} */ (window);
        w.inited = LeadScore.init({ config: '/leadscore.json' }).then(() => 'ok', (e) => `${e.id} ${e.message}`);
        w.left = LeadScore.flush().then(() => 'left');
      });
      await page.waitForTimeout(300); // the request under way
      await page.clock.runFor(65_000); // (the widget is asked for when the page is idle, at most 3 s in)
      const [inited, left] = await page.evaluate(() => Promise.all([/** @type {any} */ (window).inited, /** @type {any} */ (window).left]));
      assert.match(inited, new RegExp(`^${id.replace(/\./g, '\\.')} .*${limit}`));
      assert.equal(left, 'left');
      await heardOnce(page, [id]);
    });
  });
}

test('an offer image that cannot load (404): the offer shows without it, no empty space above its title; the page keeps working', async () => {
  await broken('/files/guide.svg', { status: 404 }, async (page) => {
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    assert.ok((await waitForInit(page)).ok);
    await waitForUi(page, 'inline');
    const shown = () => page.evaluate(() => {
      const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('.inline'));
      const root = /** @type {ShadowRoot} */ (host?.shadowRoot);
      return { images: root.querySelectorAll('.img').length, title: root.querySelector('.t')?.textContent };
    });
    // The image is asked for (once the visitor scrolls near it), fails, and leaves the offer.
    await page.evaluate(() => document.querySelector('[data-leadscore-slot]')?.scrollIntoView());
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/files/guide.svg')));
    await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.inline .img')), null, { timeout: 5000 });
    assert.deepEqual(await shown(), { images: 0, title: "The lead scoring buyer's guide" });
    assert.deepEqual(page.problems().filter((p) => !NOT_FOUND.test(p)), []);
  });
});

test('a config object holding what JSON cannot (a function): init rejects with leadscore.config.syntax, on(\'error\') hears it once, the page keeps working', async () => {
  const page = await openPage(env.browser);
  try {
    await recordEvents(page);
    // Queued before the loader, as a page passing its config object does: it wins over data-config.
    await page.addInitScript(() => {
      /** @type {any} */ (window).LeadScore.push(['init', {
        config: { version: 1, rules: [{ id: 'pv', event: 'page_view', points: 1, when: () => true }] },
      }]);
    });
    await page.goto(`${env.server.url}/app/`);
    const r = await waitForInit(page);
    assert.deepEqual([r.ok, r.id], [false, 'leadscore.config.syntax'], r.message);
    assert.equal(r.message, '[leadscore.config.syntax] not a JSON document: "when": function is not JSON');
    await heardOnce(page, ['leadscore.config.syntax']);
    await pageWorks(page, 0);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
  } finally {
    await page.context().close();
  }
});

// A config saved in Windows-1252 ("Café" as the one byte E9): response.text()
// made it "Caf\uFFFD" and the widget showed that banner with no error, while
// `leadscore validate` refused the file. The widget hands the core the bytes:
// refused with the CLI's id, line and column (tests/node/cli.test.mjs says the same of these bytes).
test('a config that is not UTF-8 (Latin-1): refused where the bad byte is, as leadscore validate refuses it; heard once, the page keeps working', async () => {
  const body = Buffer.from(JSON.stringify({
    version: 1,
    offers: [{ id: 'cafe', type: 'newsletter', placement: 'banner', content: { title: 'Caf\u00e9 newsletter', cta: 'Subscribe', url: '/subscribe' } }],
  }, null, 2), 'latin1');
  const at = body.indexOf(0xe9);
  const line = body.subarray(0, at).toString('latin1').split('\n');
  await broken('/leadscore.json', { headers: { 'Content-Type': 'application/json' }, body }, async (page) => {
    await page.goto(`${env.server.url}/app/`);
    const r = await waitForInit(page);
    assert.deepEqual([r.ok, r.id], [false, 'leadscore.config.syntax'], r.message);
    assert.equal(r.message, `[leadscore.config.syntax] ${env.server.url}/leadscore.json: not a JSON document: line ${line.length}, column ${line[line.length - 1].length + 1}: invalid UTF-8 in string`);
    await heardOnce(page, ['leadscore.config.syntax']);
    await pageWorks(page, 0);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
  });
});

// A UTF-8 byte order mark (Windows editors write one) is read past, as `leadscore validate` reads past it.
test('a config with a UTF-8 byte order mark loads', async () => {
  const site = await (await fetch(`${env.server.url}/leadscore.json`)).arrayBuffer();
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(site)]);
  await broken('/leadscore.json', { headers: { 'Content-Type': 'application/json' }, body }, async (page) => {
    await page.goto(`${env.server.url}/app/`);
    const r = await waitForInit(page);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual((await recorded(page)).errors, []);
    assert.deepEqual(page.problems(), []);
  });
});

test('a stored profile whose text is damaged: reported once, kept aside, the visitor starts fresh, the page keeps working', async () => {
  const damaged = '{"schema":"leadscore.profile","version":2,"visitor_id":"v-old","events":7,"counts":{"page_view":7';
  // What a new visitor's first load of the page gives (with the scroll
  // depths the page shows, measured in the frame after the page view).
  /** @param {import('playwright-core').Page} p */
  const settled = (p) => p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(() => ok(LeadScore.state())))));
  const control = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(control)).ok);
  const fresh = await settled(control);
  await control.context().close();
  const page = await openPage(env.browser);
  try {
    await recordEvents(page);
    await page.addInitScript((text) => {
      if (sessionStorage.getItem('planted')) return; // once: later loads read what the widget stored
      sessionStorage.setItem('planted', '1');
      localStorage.setItem('leadscore:v1:visitor', 'v-old');
      localStorage.setItem('leadscore:v1:profile', text);
    }, damaged);
    await page.goto(`${env.server.url}/app/`);
    const r = await waitForInit(page);
    assert.ok(r.ok, JSON.stringify(r));
    r.state = await settled(page);
    assert.deepEqual([r.state.events, r.state.known, r.state.score], [fresh.events, false, fresh.score], 'a fresh visitor');
    await heardOnce(page, ['leadscore.profile.syntax']);
    assert.ok(page.warnings().some((w) => w.includes(`line 1, column ${damaged.length + 1}: expected ',' or '}' (end of text)`)), page.warnings().join('\n'));
    assert.equal(await page.evaluate(() => localStorage.getItem('leadscore:v1:profile-refused')), damaged, 'kept as it was');
    await page.evaluate(() => LeadScore.flush());
    const stored = await page.evaluate(() => JSON.parse(/** @type {string} */ (localStorage.getItem('leadscore:v1:profile'))));
    assert.deepEqual([stored.visitor_id, stored.events], ['v-old', fresh.events], 'the same visitor id, a fresh profile stored');
    // The next load reads that profile: nothing more is reported.
    await page.reload();
    const again = await waitForInit(page);
    assert.ok(again.ok && again.state.events > fresh.events, JSON.stringify(again));
    assert.deepEqual((await recorded(page)).errors, []);
    assert.deepEqual(page.problems(), []);
  } finally {
    await page.context().close();
  }
});

// Until the widget has decided its gates the loader hides gated content; a
// widget that fails decides to leave them open: the content, hidden while
// the file was on its way (held back here), is shown once it fails.
for (const [what, file, id] of /** @type {const} */ ([
  ['the wasm file 404s', 'leadscore.wasm', 'leadscore.wasm.failed'],
  ['the widget bundle 404s', 'leadscore-widget.js', 'leadscore.load.failed'],
])) {
  test(`${what}: the gated content, hidden while it was loading, is shown; the page keeps working`, async () => {
    const page = await openPage(env.browser);
    /** @type {() => void} */
    let release = () => {};
    const released = new Promise((ok) => (release = ok));
    await page.route(`**/leadscore/${file}`, async (route) => {
      await released;
      await route.fulfill({ status: 404 });
    });
    const asked = page.waitForRequest(`**/leadscore/${file}`);
    await page.goto(`${env.server.url}/blog/lead-scoring-101`, { waitUntil: 'domcontentloaded' });
    await asked;
    /** Whether the reader sees the two gated sections and the page's heading (CSS visibility counted), and whether they are inert. */
    const shown = () => page.evaluate(() => [document.getElementById('premium'), document.getElementById('article-body'), document.querySelector('h1')].map((el) =>
      [el?.hasAttribute('inert'), el?.checkVisibility({ visibilityProperty: true })]));
    assert.deepEqual(await shown(), [[false, false], [false, false], [false, true]], 'hidden while loading');
    release();
    assert.equal((await waitForInit(page)).id, id);
    assert.deepEqual(await shown(), [[false, true], [false, true], [false, true]], 'readable once the widget failed');
    assert.deepEqual(page.problems().filter((p) => !NOT_FOUND.test(p)), []);
    await page.context().close();
  });
}

/** Installs a localStorage that fails as `how` says, before any script of the page. @param {any} page @param {'blocked'|'throws'|'full'} how */
function breakStorage(page, how) {
  return page.addInitScript((how) => {
    if (how === 'blocked') {
      // As with cookies blocked: touching window.localStorage throws.
      Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
      });
      return;
    }
    const fail = (name) => function () {
      throw new DOMException(name === 'QuotaExceededError' ? "Failed to execute 'setItem' on 'Storage': quota exceeded" : 'The operation is insecure.', name);
    };
    if (how === 'throws') {
      for (const m of ['getItem', 'setItem', 'removeItem', 'key', 'clear']) Storage.prototype[m] = fail('SecurityError');
    } else {
      Storage.prototype.setItem = fail('QuotaExceededError');
    }
  }, how);
}

for (const [how, id] of /** @type {const} */ ([
  ['blocked', 'leadscore.storage.unavailable'],
  ['throws', 'leadscore.storage.unavailable'],
  ['full', 'leadscore.storage.full'],
])) {
  test(`localStorage ${how}: the widget works in memory, ${id} once`, async () => {
    const page = await openPage(env.browser);
    await recordEvents(page);
    await breakStorage(page, how);
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    const r = await waitForInit(page);
    assert.ok(r.ok, JSON.stringify(r));
    await waitForUi(page, 'inline');
    // Many events and saves: the error is still reported once.
    for (let i = 0; i < 5; i++) {
      await page.evaluate((i) => LeadScore.track('note', { i }), i);
      await page.evaluate(() => LeadScore.flush());
    }
    await page.evaluate(() => LeadScore.identify({ email: 'quyen@northwind.example' }));
    await page.waitForFunction(() => !document.getElementById('premium')?.hasAttribute('inert'));
    await page.evaluate(() => LeadScore.flush());
    // (read at once: the gates locking again for the new visitor shorten the
    // page, and the inline offer coming into view is then rightly counted as theirs)
    const s = await page.evaluate(async () => {
      await LeadScore.forget();
      return LeadScore.state();
    });
    assert.deepEqual([s.known, s.events], [false, 0], 'forget() works in memory too');
    await heardOnce(page, [id]);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}
