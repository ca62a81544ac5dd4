// The JavaScript API's own mistakes are reported, never silent: calls queued
// before init() beyond what may wait (200), async-snippet entries that call
// no method, and init() options of the wrong type.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage } from './support.mjs';

const env = useSite();

/** A page with the loader and no data-config: the test calls init() itself. */
const PAGE = '/api-test';
const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API</title><link rel="icon" href="/favicon.svg">
<script src="/leadscore/leadscore.js" defer></script></head><body><main><h1>API</h1></main></body></html>`;

async function page() {
  env.server.override(PAGE, { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: HTML });
  const p = await openPage(env.browser, `${env.server.url}${PAGE}`);
  await p.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.heard = [];
    LeadScore.on('error', (e) => w.heard.push({ id: e.id, message: e.message }));
  });
  return p;
}

test('calls queued before init() beyond 200 are reported once, with how many were dropped; the first 200 run', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    for (let i = 0; i < 250; i++) LeadScore.track('demo_request');
    await LeadScore.init({ config: '/leadscore.json' });
    await LeadScore.flush(); // a call after init runs as usual
    LeadScore.track('demo_request');
    return {
      heard: /** @type {any} */ (window).heard,
      fired: LeadScore.state().breakdown.find((/** @type {any} */ b) => b.rule === 'demo_request')?.fired,
    };
  });
  assert.deepEqual(r.heard.map((/** @type {any} */ e) => e.id), ['leadscore.api.queue_full']);
  assert.match(r.heard[0].message, /\b50 calls\b.*dropped/);
  assert.equal(r.fired, 201);
  assert.deepEqual(p.problems(), []);
  await p.context().close();
});

test('an async-snippet entry that calls no method (a typo, an entry that is no array, the loader\'s own push or _register) is reported with leadscore.api.argument naming it, to on(\'error\') and the console once, before the widget has loaded and after; the entries around it still run', async () => {
  const p = await openPage(env.browser);
  await p.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.heard = [];
    w.LeadScore = w.LeadScore || [];
    w.LeadScore.push(['on', 'error', (/** @type {any} */ e) => w.heard.push(`${e.id} ${e.message}`)], ['trak', 'demo_request'],
      'track', ['_register', {}], ['push', ['track', 'demo_request']], ['LeadScoreError', 'x'], ['track', 'demo_request']);
  });
  await p.goto(`${env.server.url}/blog/lead-scoring-101`);
  const r = await p.evaluate(async () => {
    await LeadScore.init({ config: '/leadscore.json' }); // (the page's data-config started it: the same start)
    const before = /** @type {any} */ (window).heard.splice(0);
    LeadScore.push(['identfy', { job_title: 'VP Sales' }], ['track', 'demo_request']);
    return {
      before,
      after: /** @type {any} */ (window).heard,
      fired: LeadScore.state().breakdown.find((/** @type {any} */ b) => b.rule === 'demo_request')?.fired,
    };
  });
  assert.deepEqual(r.before.map((/** @type {string} */ h) => h.split(' ')[0]), Array(5).fill('leadscore.api.argument'), r.before.join('\n'));
  ['trak', 'track', '_register', 'push', 'LeadScoreError'].forEach((m, i) => assert.ok(r.before[i].includes(m), `${m} named: ${r.before[i]}`));
  assert.equal(r.after.length, 1);
  assert.match(r.after[0], /^leadscore\.api\.argument .*identfy/);
  assert.equal(r.fired, 2, 'the entries around them ran');
  assert.equal(p.warnings().filter((w) => w.includes('leadscore.api.argument')).length, 1, 'the console once');
  assert.deepEqual(p.problems(), []);
  await p.context().close();
});

test('init() with labels the widget could not use (a close label of null, an empty one, a key it has no text for) rejects with leadscore.api.argument instead of naming the close buttons "null" or nothing', async () => {
  for (const labels of [{ close: null }, { close: '' }, { lock: 'Locked' }, 'Close']) {
    const p = await page();
    const r = await p.evaluate(async (labels) => {
      try {
        await LeadScore.init({ config: '/leadscore.json', labels: /** @type {any} */ (labels) });
        return { ok: true };
      } catch (e) {
        return { ok: false, id: /** @type {any} */ (e).id, message: /** @type {any} */ (e).message, state: LeadScore.state() };
      }
    }, labels);
    assert.equal(r.ok, false, JSON.stringify(labels));
    assert.equal(r.id, 'leadscore.api.argument');
    assert.match(r.message, /labels/);
    assert.equal(r.state, null, 'nothing started');
    assert.deepEqual(p.problems(), []);
    await p.context().close();
  }
});

test('init() with labels where a translation is missing (locked: undefined) starts, as an absent label would: the close buttons keep the given one', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    try {
      await LeadScore.init({ config: '/leadscore.json', labels: { close: 'Schließen', locked: undefined } });
      return { ok: true, started: !!LeadScore.state() };
    } catch (e) {
      return { ok: false, id: /** @type {any} */ (e).id };
    }
  });
  assert.deepEqual(r, { ok: true, started: true });
  assert.deepEqual(p.problems(), []);
  await p.context().close();
});

test('methods a page kept before the widget loaded (const { track, on, flush } = LeadScore, as wrappers do) still work once it has: calls reach the widget, listeners hear, promises settle', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const { init, track, on, flush, state } = LeadScore;
    await init({ config: '/leadscore.json' });
    let heard = 0;
    on('score', () => heard++);
    track('demo_request');
    const settled = await Promise.race([flush().then(() => true), new Promise((ok) => setTimeout(() => ok(false), 5000))]);
    return { fired: state()?.breakdown.find((/** @type {any} */ b) => b.rule === 'demo_request')?.fired, heard: heard > 0, settled };
  });
  assert.deepEqual(r, { fired: 1, heard: true, settled: true });
  assert.deepEqual(await p.evaluate(() => /** @type {any} */ (window).heard), []);
  assert.deepEqual(p.problems(), []);
  await p.context().close();
});

test('a call made before the widget has started takes its values as they were then: the page changing its object later (a reused one) does not change what is recorded (the loader\'s queue, and the ES module\'s own)', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const props = { seconds: 40 };
    LeadScore.track('dwell', props);
    props.seconds = 1;
    // A value of a class with toJSON (a date library's, a decimal's): sent as what that gives, as after the start.
    class Day { constructor() { this.d = [2026, 11, 25]; } toJSON() { return '2026-11-25'; } }
    LeadScore.identify({ company: 'Acme', signed_up: new Day() });
    await LeadScore.init({ config: '/leadscore.json' });
    await LeadScore.flush();
    return {
      fired: LeadScore.state().breakdown.find((/** @type {any} */ b) => b.rule === 'dwell_30s')?.fired,
      signedUp: LeadScore.state().contact.signed_up,
      heard: /** @type {any} */ (window).heard,
    };
  });
  assert.deepEqual(r, { fired: 1, signedUp: '2026-11-25', heard: [] }, 'scored with 40 seconds; the date as its toJSON gives it');
  await p.context().close();
  // The ES module on a page without the loader: calls before init() wait in the widget.
  env.server.override('/esm-bare', { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ESM</title><link rel="icon" href="/favicon.svg"></head><body><h1>ESM</h1></body></html>' });
  const m = await openPage(env.browser, `${env.server.url}/esm-bare`);
  const fired = await m.evaluate(async () => {
    const ls = await import('/leadscore/leadscore.mjs');
    const props = { seconds: 40 };
    const started = ls.init({ config: '/leadscore.json' });
    ls.track('dwell', props);
    props.seconds = 1;
    await started;
    await ls.flush();
    return ls.state()?.breakdown.find((/** @type {any} */ b) => b.rule === 'dwell_30s')?.fired;
  });
  assert.equal(fired, 1, 'scored with 40 seconds');
  assert.deepEqual(m.problems(), []);
  await m.context().close();
});

test('identify() with a field that is an object or a list (an address, tags) says so with leadscore.api.argument naming them, and takes the other fields', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    await LeadScore.init({ config: '/leadscore.json' });
    LeadScore.identify({ email: 'ana@example.com', address: { city: 'Paris' }, tags: ['x'], company: 'Acme' });
    await LeadScore.flush();
    return { contact: LeadScore.state().contact, heard: /** @type {any} */ (window).heard };
  });
  assert.deepEqual([r.contact.email, r.contact.company, 'address' in r.contact, 'tags' in r.contact], ['ana@example.com', 'Acme', false, false]);
  assert.deepEqual(r.heard.map((/** @type {any} */ e) => e.id), ['leadscore.api.argument']);
  assert.match(r.heard[0].message, /address, tags/);
  await p.context().close();
});

test('identify() with a field that refers back to itself, or is a BigInt or a function, leaves that field out with one leadscore.api.argument and takes the email and the rest, before and after init', async () => {
  for (const when of ['after init', 'before init']) {
    const p = await page();
    const r = await p.evaluate(async (when) => {
      const company = /** @type {any} */ ({ name: 'Acme' });
      company.self = company;
      const call = () => LeadScore.identify({ email: 'ana@example.com', company, crm_id: BigInt(123), onSave() {}, job_title: 'CTO' });
      if (when == 'before init') call();
      await LeadScore.init({ config: '/leadscore.json' });
      if (when == 'after init') call();
      await LeadScore.flush();
      return { contact: LeadScore.state().contact, heard: /** @type {any} */ (window).heard };
    }, when);
    assert.deepEqual([r.contact.email, r.contact.job_title, 'company' in r.contact, 'crm_id' in r.contact], ['ana@example.com', 'CTO', false, false], when);
    assert.deepEqual(r.heard.map((/** @type {any} */ e) => e.id), ['leadscore.api.argument'], when);
    assert.match(r.heard[0].message, /identify\(fields\): company, crm_id, onSave: /, when);
    assert.deepEqual(p.problems(), [], when);
    await p.context().close();
  }
});

test('identify() with a model that has toJSON (a Backbone model) takes the fields it gives', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    await LeadScore.init({ config: '/leadscore.json' });
    const model = { attributes: { email: 'model@example.com', company: 'Acme' }, toJSON() { return { ...this.attributes }; } };
    LeadScore.identify(model);
    return { contact: LeadScore.state().contact, heard: /** @type {any} */ (window).heard };
  });
  assert.deepEqual([r.contact.email, r.contact.company], ['model@example.com', 'Acme']);
  assert.deepEqual(r.heard, []);
  await p.context().close();
});

test('init() with a clock that is not a function, or one that gives no epoch milliseconds (a Date, performance.now), rejects with leadscore.api.argument, like a bad config, instead of starting and refusing every event', async () => {
  for (const clock of ['1767225600000', '() => new Date()', '() => performance.now()']) {
    const p = await page();
    const r = await p.evaluate(async (clock) => {
      try {
        await LeadScore.init({ config: '/leadscore.json', clock: (0, eval)(clock) });
        return { ok: true, heard: /** @type {any} */ (window).heard.map((/** @type {any} */ h) => h.id) };
      } catch (e) {
        return { ok: false, id: /** @type {any} */ (e).id, message: /** @type {any} */ (e).message, heard: /** @type {any} */ (window).heard.map((/** @type {any} */ h) => h.id), state: LeadScore.state() };
      }
    }, clock);
    assert.equal(r.ok, false, `${clock}: ${JSON.stringify(r)}`);
    assert.equal(r.id, 'leadscore.api.argument');
    assert.match(r.message, /clock/);
    assert.deepEqual(r.heard, ['leadscore.api.argument'], 'on(\'error\') listeners hear it too');
    assert.equal(r.state, null, 'nothing started');
    assert.deepEqual(p.problems(), []);
    await p.context().close();
  }
});

test('identify() with an email that is no email address (a typo, a number) is refused with leadscore.event.email, once: the visitor stays unknown and sends no lead; a real one is taken', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    await LeadScore.init({ config: '/leadscore.json' });
    const after = () => {
      const s = LeadScore.state();
      return { known: s.known, email: s.contact.email ?? null, title: s.contact.job_title ?? null };
    };
    LeadScore.identify({ email: 'not an email', job_title: 'VP Sales' });
    LeadScore.identify({ email: 5000 });
    const refused = after();
    LeadScore.identify({ email: 'linh.nguyen@congty.vn', job_title: 'VP Sales' });
    return { heard: /** @type {any} */ (window).heard, refused, taken: after() };
  });
  assert.deepEqual(r.heard.map((/** @type {any} */ e) => e.id), ['leadscore.event.email', 'leadscore.event.email']);
  assert.match(r.heard[0].message, /not an email address/);
  assert.deepEqual(r.refused, { known: false, email: null, title: null });
  assert.deepEqual(r.taken, { known: true, email: 'linh.nguyen@congty.vn', title: 'VP Sales' });
  await p.context().close();
});

test('identify() and track() with NaN or an infinity in their values are refused with leadscore.api.argument, nothing changed: a stored field is not erased (JSON would have made it null, which forgets it)', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    await LeadScore.init({ config: '/leadscore.json' });
    LeadScore.identify({ email: 'linh.nguyen@congty.vn', employees: 250 });
    const events = LeadScore.state().events;
    LeadScore.identify({ employees: NaN });
    LeadScore.identify({ employees: 300, revenue: [1, -Infinity] });
    LeadScore.track('demo_request', { value: Infinity });
    const s = LeadScore.state();
    return {
      heard: /** @type {any} */ (window).heard,
      employees: s.contact.employees,
      added: s.events - events,
      fired: s.breakdown.find((/** @type {any} */ b) => b.rule === 'demo_request')?.fired ?? 0,
    };
  });
  // (a list is no contact field: said and left out, whatever it holds, and the rest is taken)
  assert.deepEqual(r.heard.map((/** @type {any} */ e) => e.id), ['leadscore.api.argument', 'leadscore.api.argument', 'leadscore.api.argument']);
  assert.match(r.heard[0].message, /employees.*NaN/);
  assert.match(r.heard[1].message, /revenue: no text/);
  assert.match(r.heard[2].message, /value.*Infinity is not JSON/);
  assert.deepEqual([r.employees, r.added, r.fired], [300, 1, 0]);
  await p.context().close();
});

test('flush() before any init() (a loader without data-config, the ES module) settles at once, nothing to send: a click handler that awaits it before leaving the page leaves', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    /** Whether `promise` has settled once the tasks queued now have run. @param {Promise<unknown>} promise */
    const settled = (promise) => {
      let done = false;
      promise.then(() => (done = true), () => (done = true));
      return new Promise((resolve) => setTimeout(() => resolve(done)));
    };
    const loader = await settled(LeadScore.flush());
    const module = await import('/leadscore/leadscore.mjs');
    return { loader, module: await settled(module.flush()), global: await settled(LeadScore.flush()) };
  });
  assert.deepEqual(r, { loader: true, module: true, global: true });
  assert.deepEqual(p.problems(), []);
  await p.context().close();
});
