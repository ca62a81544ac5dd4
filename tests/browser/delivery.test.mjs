// Lead delivery under faults, in Chromium against the real `leadscore serve`
// (the inbox of issue 4): offline then online; 500 three times then 200;
// the server not running at submit time and started later; a request that
// times out; the page closed right after submit (delivered by beacon or
// keepalive, or on the next visit); two tabs submitting at once; two tabs
// crossing MQL at once (one lead); localStorage
// full; localStorage blocked; the server restarted mid-run; a stored queue
// with a damaged item (and a 4xx, kept and reported, never retried). In every
// case
// GET /leads ends with each lead exactly once, and the stored payload's
// fields, score and stage are checked. Pages: tests/browser/site/delivery/
// (retry base 0.5 s, at most 2 s; timeout 2 s).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { launch, missing, openPage, waitForInit, watch, root, until } from './support.mjs';
import { makeSiteRoot, serveMissing, startInbox, startFaultProxy } from './inbox-server.mjs';

const config = JSON.parse(readFileSync(join(root, 'tests/browser/site/delivery/leadscore.json'), 'utf8'));
const PAGE = '/delivery/index.html';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {string} */
let site;

before(async () => {
  const why = missing() || serveMissing();
  assert.equal(why, '', `delivery tests cannot run: ${why}`);
  site = makeSiteRoot();
  browser = await launch();
});
after(() => browser && browser.close());


/**
 * A new visitor (own browser context) on the delivery page at `base`, with
 * what on('lead') and on('error') hear recorded in window.heard.
 * @param {string} base @param {{context?: import('playwright-core').BrowserContext, init?: () => void, path?: string}} [o]
 */
async function visit(base, o = {}) {
  let page;
  if (o.context) {
    page = watch(await o.context.newPage());
  } else {
    page = await openPage(browser);
  }
  if (o.init) await page.addInitScript(o.init);
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.heard = { lead: [], error: [] };
    w.LeadScore = w.LeadScore || [];
    w.LeadScore.push(['on', 'lead', (/** @type {any} */ l) => w.heard.lead.push({ action: l.action, id: l.id, status: l.status })]);
    w.LeadScore.push(['on', 'error', (/** @type {any} */ e) => w.heard.error.push(e.id)]);
  });
  await page.goto(base + (o.path || PAGE));
  const init = await waitForInit(page);
  assert.ok(init.ok, `init: ${JSON.stringify(init)}`);
  return page;
}

/** Fills and sends the contact form; returns the captured payload id. */
async function submit(page, who) {
  await page.fill('#email', who.email);
  await page.fill('#name', who.name);
  await page.fill('#job_title', who.title || '');
  await page.check('#contact [data-leadscore-consent]');
  await page.click('#contact button[type=submit]');
  await page.waitForFunction(() => /** @type {any} */ (window).heard.lead.some((l) => l.action === 'captured'));
  const heard = await page.evaluate(() => /** @type {any} */ (window).heard.lead);
  return heard.filter((l) => l.action === 'captured').at(-1).id;
}

/**
 * Runs a test's `fn` with a fresh inbox and a fault proxy in front of it
 * (answering like the inbox until told otherwise), both stopped after it,
 * whatever happens.
 * @param {(inbox: Awaited<ReturnType<typeof startInbox>>, proxy: Awaited<ReturnType<typeof startFaultProxy>>) => Promise<void>} fn
 */
async function withInbox(fn) {
  const inbox = await startInbox({ root: site });
  const proxy = await startFaultProxy(inbox);
  try {
    await fn(inbox, proxy);
  } finally {
    proxy.close();
    await inbox.stop();
  }
}

/**
 * The visitor's next page (in `context`) sends the one lead waiting in the
 * stored queue: the inbox gets it, the queue empties, the page hears it delivered.
 * @param {{url: string, leads: () => Promise<any[]>}} inbox @param {import('playwright-core').BrowserContext} context
 * @param {{id: string, email: string, name: string}} lead @param {number} timeout ms
 */
async function deliveredByNextVisit(inbox, context, lead, timeout) {
  const next = await visit(inbox.url, { context });
  await until(async () => (await inbox.leads()).length === 1, 'the lead sent by the next visit', timeout);
  assertInbox(await inbox.leads(), [lead]);
  await until(async () => (await queued(next)) === 0, 'the queue emptied');
  assert.deepEqual((await heard(next)).lead.map((l) => l.action), ['delivered']);
}

/** Page errors and console errors, but the browser's own notes of failed requests (the faults are on purpose). */
const widgetProblems = (page) => page.problems().filter((p) => !p.startsWith('console.error: Failed to load resource'));

const heard = (page) => page.evaluate(() => /** @type {any} */ (window).heard);
const queued = (page) => page.evaluate(() => {
  const q = localStorage.getItem('leadscore:v1:queue');
  return q ? JSON.parse(q).items.length : 0;
});

/**
 * The inbox holds exactly these leads, each once, and each is what the visitor
 * sent: contact, reason, form, consent, and the score and stage the core gave.
 * @param {any[]} leads from GET /leads
 * @param {Array<{id: string, email: string, name: string, title?: string}>} expected
 */
function assertInbox(leads, expected) {
  assert.deepEqual(leads.map((l) => l.id).sort(), expected.map((e) => e.id).sort(), 'each lead exactly once');
  for (const e of expected) {
    const p = leads.find((l) => l.id === e.id);
    const contact = { email: e.email, name: e.name, ...(e.title ? { job_title: e.title } : {}) };
    assert.deepEqual(p.contact, contact);
    assert.deepEqual([p.schema, p.reason, p.form, p.consent.granted, p.consent.text],
      ['leadscore.lead/v1', 'form_submit', 'contact', true, config.forms[0].consent.text]);
    // One page view (5) and the submit (20); a director adds 20 of fit and is an MQL (40).
    const fit = e.title && /director/i.test(e.title) ? 20 : 0;
    const views = 1;
    assert.deepEqual([p.score.total, p.score.fit, p.score.engagement, p.stage],
      [5 * views + 20 + fit, fit, 5 * views + 20, 5 * views + 20 + fit >= 40 ? 'mql' : 'lead'], `payload ${JSON.stringify(p.score)}`);
    assert.ok(p.page.url.endsWith(PAGE));
  }
}

test('offline at submit: kept in localStorage, sent when the browser is back online', () => withInbox(async (inbox) => {
  const page = await visit(inbox.url);
  await page.context().setOffline(true);
  const who = { email: 'an.offline@example.com', name: 'An Nguyễn', title: 'Sales Director' };
  const id = await submit(page, who);
  // Retries fail meanwhile; wait for a moment when the next one is over a second away.
  const wait = await until(() => page.evaluate(() => {
    const due = LeadScore.state().delivery.next_due - Date.now();
    return due > 1000 && due;
  }), 'a retry more than a second away', 8000);
  assert.equal(await queued(page), 1, 'the payload waits in localStorage');
  assert.deepEqual(await inbox.leads(), []);
  const back = Date.now();
  await page.context().setOffline(false);
  // The 'online' event sends at once, not when the retry is due.
  await until(async () => (await inbox.leads()).length === 1, 'the lead after going online', 5000);
  assert.ok(Date.now() - back < wait - 200, `sent ${Date.now() - back} ms after going online; the retry was ${wait} ms away`);
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  await until(async () => (await queued(page)) === 0, 'the queue emptied');
  assert.deepEqual((await heard(page)).lead.map((l) => l.action), ['captured', 'delivered']);
  assert.deepEqual(widgetProblems(page), []);
  await page.context().close();
}));

test('500 three times, then 200: retried with growing waits, stored once; the third 500 is told to the site owner once (a receiver failing, not only slow)', () => withInbox(async (inbox, proxy) => {
  proxy.fault = (n) => (n <= 3 ? { status: 500 } : undefined);
  const page = await visit(proxy.url);
  const who = { email: 'binh@example.com', name: 'Bình Trần' };
  const id = await submit(page, who);
  await until(async () => (await inbox.leads()).length === 1, 'the lead after three 500s');
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  assert.deepEqual(proxy.posts.map((p) => p.answer), [500, 500, 500, 201]);
  assert.ok(proxy.posts.every((p) => JSON.parse(p.body).id === id), 'the same payload (same id) each time');
  // Backoff: base 0.5 s doubling, half fixed and half jitter: waits of at
  // least 0.25, 0.5 and 1 s (and at most 0.5, 1 and 2 s, plus scheduling).
  const gaps = proxy.posts.slice(1).map((p, i) => p.at - proxy.posts[i].at);
  gaps.forEach((g, i) => {
    const nominal = 500 * 2 ** i;
    assert.ok(g >= nominal / 2 - 30 && g <= nominal + 700, `wait ${i + 1}: ${g} ms (nominal ${nominal} ms), all: ${gaps}`);
  });
  assert.deepEqual((await heard(page)).lead.map((l) => [l.action, l.status]), [['captured', undefined], ['delivered', 201]]);
  // One or two 500s are a moment's trouble, said nowhere; the third is a receiver failing.
  assert.deepEqual((await heard(page)).error, ['leadscore.delivery.failing']);
  const told = page.warnings().filter((w) => w.includes('[leadscore.delivery.failing]'));
  assert.equal(told.length, 1);
  assert.match(told[0], new RegExp(`lead ${id}: target inbox answered HTTP 500 to 3 sends; kept, sent again`));
  await page.context().close();
}));

test('500 twice, then 200: retried, delivered, and nothing told (a moment\'s trouble)', () => withInbox(async (inbox, proxy) => {
  proxy.fault = (n) => (n <= 2 ? { status: 500 } : undefined);
  const page = await visit(proxy.url);
  const id = await submit(page, { email: 'bao@example.com', name: 'Bảo Lý' });
  await until(async () => (await inbox.leads()).length === 1, 'the lead after two 500s');
  assert.deepEqual(proxy.posts.map((p) => p.answer), [500, 500, 201]);
  assert.equal(JSON.parse(proxy.posts[2].body).id, id);
  assert.deepEqual((await heard(page)).error, [], 'retryable answers are not errors until the third');
  await page.context().close();
}));

test('a request that times out is aborted and sent again; the late copy is a harmless duplicate', () => withInbox(async (inbox, proxy) => {
  // The first POST hangs for 3.5 s (the widget gives up at 2 s), then reaches the inbox anyway.
  proxy.fault = (n) => (n === 1 ? { hold: 3500 } : undefined);
  const page = await visit(proxy.url);
  const who = { email: 'chi@example.com', name: 'Chi Lê', title: 'Director of Ops' };
  const id = await submit(page, who);
  await until(async () => (await inbox.leads()).length === 1, 'the retried lead');
  await until(async () => inbox.posts().length >= 2, 'the late copy', 5000);
  await page.waitForTimeout(300);
  // The retry was stored (201) and the late first copy was a duplicate (200): one lead.
  assert.deepEqual(inbox.posts().map((l) => l.split(' ')[2]).sort(), ['200', '201']);
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  assert.ok(proxy.posts[1].at - proxy.posts[0].at >= 2000, 'the retry came after the 2 s timeout');
  assert.deepEqual((await heard(page)).lead.map((l) => l.action), ['captured', 'delivered']);
  await page.context().close();
}));

test('a receiver slower than the timeout three times: the site owner hears that it is slower than delivery.timeout_seconds, not only that it may be down or lack CORS', () => withInbox(async (inbox, proxy) => {
  proxy.fault = (n) => (n <= 3 ? { hold: 3500 } : undefined); // the widget gives up at 2 s
  const page = await visit(proxy.url);
  const who = { email: 'giang@example.com', name: 'Giang Võ' };
  const id = await submit(page, who);
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.delivery.unanswered'), null, { timeout: 15000 });
  const told = page.warnings().filter((w) => w.includes('[leadscore.delivery.unanswered]'));
  assert.equal(told.length, 1);
  assert.match(told[0], /slower than delivery\.timeout_seconds, or down/);
  await until(async () => (await inbox.leads()).length === 1, 'the lead once the receiver answers in time', 10000);
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  await page.context().close();
}));

test('flush() while the first send hangs waits for that send (the 2 s timeout) and does not send it again at once: a click that awaits it before leaving waits one timeout, not two', () => withInbox(async (inbox, proxy) => {
  proxy.fault = (n) => (n <= 2 ? { hold: 3500 } : undefined); // the widget gives up at 2 s
  const page = await visit(proxy.url);
  const id = await submit(page, { email: 'hoa@example.com', name: 'Hoa Đỗ' });
  const took = await page.evaluate(async () => {
    const t = performance.now();
    await LeadScore.flush();
    return performance.now() - t;
  });
  assert.ok(took < 3000, `flush() took ${Math.round(took)} ms`);
  assert.equal(proxy.posts.length, 1, 'sent once while flush() waited');
  await until(async () => (await inbox.leads()).length === 1, 'the lead after its backoff', 10000);
  assert.equal(JSON.parse(proxy.posts.at(-1).body).id, id);
  await page.context().close();
}));

test('the server not running at submit time: the site owner hears it once, and the lead is sent once the server is started', () => withInbox(async (inbox) => {
  const page = await visit(inbox.url);
  await inbox.stop();
  const who = { email: 'dung@example.com', name: 'Dũng Phạm' };
  const id = await submit(page, who);
  await page.waitForTimeout(2500); // refused connections, retried with backoff
  assert.equal(await queued(page), 1);
  // The third send without an answer (the browser online) is reported, once
  // per target on a page: an inbox down, unreachable, or without CORS headers.
  assert.deepEqual((await heard(page)).error, ['leadscore.delivery.unanswered']);
  assert.equal(page.warnings().filter((w) => w.includes('[leadscore.delivery.unanswered]') && w.includes('target inbox')).length, 1);
  await inbox.start(); // same port, same database
  await until(async () => (await inbox.leads()).length === 1, 'the lead after the server started');
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  assert.deepEqual((await heard(page)).error, ['leadscore.delivery.unanswered']);
  await page.context().close();
}));

test('the page closed right after submit: delivered by beacon or keepalive fetch, no page left open', () => withInbox(async (inbox) => {
  // The page's usual send waits for the Web Lock "leadscore:v1:send", held
  // here for good: only what the widget does as the page goes away can
  // deliver the lead.
  const page = await visit(inbox.url, {
    init: () => void navigator.locks.request('leadscore:v1:send', () => new Promise(() => {})),
  });
  const who = { email: 'giang@example.com', name: 'Giang Võ' };
  const id = await submit(page, who);
  await page.waitForTimeout(1000);
  assert.equal((await inbox.leads()).length, 0, 'not sent while the page is open');
  await page.close({ runBeforeUnload: true });
  await until(async () => (await inbox.leads()).length === 1, 'the lead from the closed page', 5000);
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  await page.context().close();
}));

test('the page closed right after submit while the server is down: delivered on the next visit', () => withInbox(async (inbox) => {
  const page = await visit(inbox.url);
  const context = page.context();
  await inbox.stop();
  const who = { email: 'ha@example.com', name: 'Hà Đỗ', title: 'Director' };
  const id = await submit(page, who);
  await page.close({ runBeforeUnload: true });
  await inbox.start();
  await new Promise((ok) => setTimeout(ok, 1000));
  assert.deepEqual(await inbox.leads(), [], 'nothing arrived while no page was open');
  await deliveredByNextVisit(inbox, context, { id, ...who }, 15000);
  await context.close();
}));

/**
 * A lead (`who`) stored while the inbox is down, its page closed, the inbox
 * started again; then, while no page of the site is open, `edit` runs on what
 * is stored (in a page of the inbox's origin).
 * @param {any} inbox @param {{email: string, name: string}} who @param {() => any} edit
 * @returns {Promise<{context: import('playwright-core').BrowserContext, id: string, edited: any}>} the context, the lead's id, what `edit` returned
 */
async function storedThenEdited(inbox, who, edit) {
  const page = await visit(inbox.url);
  const context = page.context();
  await inbox.stop();
  const id = await submit(page, who);
  await until(async () => (await queued(page)) === 1, 'the lead stored');
  await page.close({ runBeforeUnload: true });
  await inbox.start();
  const writer = await context.newPage();
  await writer.goto(`${inbox.url}/leads`);
  const edited = await writer.evaluate(edit);
  await writer.close();
  return { context, id, edited };
}

test('a stored queue that starts with a byte order mark (saved back by a tool): its lead is delivered, a lead sent on that page too, and nothing is reported', () => withInbox(async (inbox) => {
  const who = { email: 'tam@example.com', name: 'Tâm Lý' };
  // (and the visitor forgotten, all but the queue: the next page's form asks for every field again)
  const { context, id } = await storedThenEdited(inbox, who, () => {
    for (const key of Object.keys(localStorage)) if (key !== 'leadscore:v1:queue') localStorage.removeItem(key);
    localStorage.setItem('leadscore:v1:queue', `\uFEFF${localStorage.getItem('leadscore:v1:queue')}`);
  });
  const next = await visit(inbox.url, { context });
  await until(async () => (await inbox.leads()).length === 1, 'the stored lead delivered');
  const also = { email: 'vy@example.com', name: 'Vy Lý' };
  const second = await submit(next, also);
  assert.deepEqual(await said(next, 'contact'), { text: config.forms[0].thanks, visible: true }, 'the visitor thanked');
  await until(async () => (await inbox.leads()).length === 2, 'the lead sent on that page delivered');
  assertInbox(await inbox.leads(), [{ id, ...who }, { id: second, ...also }]);
  await until(async () => (await queued(next)) === 0, 'the stored queue written again, empty');
  assert.deepEqual((await heard(next)).error, []);
  assert.deepEqual(widgetProblems(next), []);
  await context.close();
}));

test('a stored queue with one damaged item: the others are delivered, the damaged one is kept aside and reported', () => withInbox(async (inbox) => {
  const who = { email: 'lan@example.com', name: 'Lan Phạm' };
  // While no page of the site is open, something (another script, an old
  // copy) damages the stored queue: a second item whose header would start
  // another header line.
  const { context, id, edited: planted } = await storedThenEdited(inbox, who, () => {
    const q = JSON.parse(/** @type {string} */ (localStorage.getItem('leadscore:v1:queue')));
    // its own payload (id other-1): were it sent, the inbox would hold a second lead
    const body = JSON.parse(q.items[0].body);
    q.items.push({ ...q.items[0], id: 'other-1/inbox', body: JSON.stringify({ ...body, id: 'other-1' }), headers: { 'X-Note': 'a\r\nX-Evil: 1' } });
    const text = JSON.stringify(q);
    localStorage.setItem('leadscore:v1:queue', text);
    return text;
  });
  const next = await visit(inbox.url, { context });
  await until(async () => (await inbox.leads()).length === 1, 'the sound lead delivered');
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  await until(async () => (await queued(next)) === 0, 'the stored queue without the damaged item');
  assert.deepEqual((await heard(next)).error, ['leadscore.queue.header']);
  assert.equal(await next.evaluate(() => localStorage.getItem('leadscore:v1:queue-refused')), planted, 'kept as it was, for inspection');
  await new Promise((ok) => setTimeout(ok, 2500)); // past the longest retry (max_seconds 2)
  assert.equal((await inbox.leads()).length, 1, 'the damaged item is never sent');
  assert.ok(!(await heard(next)).lead.some((l) => l.id === 'other-1'), 'nor reported delivered');
  assert.deepEqual(widgetProblems(next), []);
  await context.close();
}));

for (const locks of [true, false]) {
  test(`two tabs submitting at once${locks ? '' : ', without Web Locks (the storage lease alone)'}: both leads stored once, no payload sent twice`, () => withInbox(async (inbox, proxy) => {
    // Every POST takes 300 ms, the first two answer 500: sends overlap if anything lets them.
    proxy.fault = (n) => (n <= 2 ? { status: 500 } : { hold: 300 });
    const init = locks ? undefined : () => Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get: () => undefined });
    const first = await visit(proxy.url, { init });
    const context = first.context();
    const second = await visit(proxy.url, { context, init });
    if (!locks) assert.equal(await second.evaluate(() => navigator.locks), undefined);
    const a = { email: 'khanh@example.com', name: 'Khánh Bùi' };
    const b = { email: 'linh@example.com', name: 'Linh Hồ', title: 'Director' };
    const fill = async (page, who) => {
      await page.fill('#email', who.email);
      await page.fill('#name', who.name);
      await page.fill('#job_title', who.title || '');
      await page.check('#contact [data-leadscore-consent]');
    };
    await fill(first, a);
    await fill(second, b);
    await Promise.all([first.click('#contact button[type=submit]'), second.click('#contact button[type=submit]')]);
    await until(async () => (await inbox.leads()).length === 2, 'both leads');
    await new Promise((ok) => setTimeout(ok, 1500)); // time for any other send to show up
    const sends = proxy.posts.map((p) => ({ id: JSON.parse(p.body).id, at: p.at, done: p.done || Infinity }));
    // Never the same payload in flight twice at once.
    for (const x of sends) {
      for (const y of sends) {
        if (x !== y && x.id === y.id) assert.ok(x.done <= y.at || y.done <= x.at, `${x.id} sent twice at once: ${JSON.stringify(sends)}`);
      }
    }
    // Stored: each lead once, and only the 500s were sent again.
    assert.equal(new Set(sends.map((s) => s.id)).size, 2);
    assert.equal(proxy.posts.filter((p) => p.answer !== 500).length, 2, `each payload stored by one POST: ${JSON.stringify(proxy.posts.map((p) => p.answer))}`);
    // One visitor in both tabs (shared storage).
    const leads = await inbox.leads();
    assert.equal(leads[0].visitor_id, leads[1].visitor_id);
    assert.deepEqual(leads.map((l) => l.contact.email).sort(), [a.email, b.email]);
    assert.deepEqual(leads.map((l) => l.reason), ['form_submit', 'form_submit']);
    await context.close();
  }));
}

test('two tabs that see the visitor reach MQL at the same moment, before either hears of the other\'s profile: one MQL lead, posted once', () => withInbox(async (inbox, proxy) => {
  // The second tab does not hear the first's storage events (as when both
  // cross within the few ms it takes one to reach the other): each crosses
  // MQL on its own copy of the profile.
  const path = '/delivery/stages.html';
  const first = await visit(proxy.url, { path });
  const context = first.context();
  await first.evaluate(() => /** @type {any} */ (window).LeadScore.identify({ email: 'ana@example.com' }));
  await until(() => first.evaluate(() => /ana@example\.com/.test(localStorage.getItem('leadscore:v1:profile') || '')), 'the profile stored');
  const deaf = () => addEventListener('storage', (e) => e.stopImmediatePropagation(), true);
  const second = await visit(proxy.url, { context, path, init: deaf });
  const stage = (page) => page.evaluate(() => /** @type {any} */ (window).LeadScore.state().stage);
  assert.deepEqual([await stage(first), await stage(second)], ['lead', 'lead']);
  await Promise.all([first, second].map((page) => page.evaluate(() => /** @type {any} */ (window).LeadScore.track('demo_request'))));
  assert.deepEqual([await stage(first), await stage(second)], ['mql', 'mql']);
  await until(async () => (await inbox.leads()).length >= 1, 'the MQL lead');
  await new Promise((ok) => setTimeout(ok, 2500)); // time for another to show up
  const leads = await inbox.leads();
  assert.deepEqual(leads.map((l) => [l.reason, l.stage, l.transition.to]), [['stage_change', 'mql', 'mql']]);
  // Both tabs made that one lead: the same id, posted once.
  const captured = async (page) => (await heard(page)).lead.filter((l) => l.action === 'captured').map((l) => l.id);
  assert.deepEqual([await captured(first), await captured(second)], [[leads[0].id], [leads[0].id]]);
  assert.deepEqual(proxy.posts.map((p) => JSON.parse(p.body).id), [leads[0].id]);
  assert.equal(await queued(first), 0);
  assert.deepEqual([...widgetProblems(first), ...widgetProblems(second)], []);
  await context.close();
}));

/** Fills localStorage to the quota with another script's data (the page's own, not the widget's). */
function fillStorage() {
  addEventListener('DOMContentLoaded', () => {
    let chunk = 'x'.repeat(1 << 20);
    for (let i = 0; chunk.length > 8; ) {
      try {
        localStorage.setItem(`site-cache-${i++}`, chunk);
      } catch (_) {
        chunk = chunk.slice(0, chunk.length >> 1);
      }
    }
  });
}

/** localStorage that throws on touch (storage blocked for the site). */
function blockStorage() {
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  });
}

/**
 * Site data blocked as Chromium blocks it (cookies blocked for the site, a
 * sandboxed frame): localStorage throws, and the Web Locks API refuses
 * every request.
 */
function blockSiteData() {
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('Access is denied for this document.', 'SecurityError');
    },
  });
  const locks = /** @type {any} */ (navigator).locks;
  locks.request = () => Promise.reject(new DOMException('Access to the Locks API is denied in this context.', 'SecurityError'));
}

for (const [how, init, error] of /** @type {const} */ ([['full', fillStorage, 'leadscore.storage.full'], ['blocked', blockStorage, 'leadscore.storage.unavailable'],
  ['blocked with the Web Locks API (site data blocked)', blockSiteData, 'leadscore.storage.unavailable']])) {
  test(`localStorage ${how}: the lead is sent from memory, the site owner hears ${error}, once`, () => withInbox(async (inbox, proxy) => {
    proxy.fault = (n) => (n === 1 ? { status: 503 } : undefined); // one retry, from memory
    const page = await visit(proxy.url, { init });
    const who = { email: `mai.${how.replace(/\W+/g, '')}@example.com`, name: 'Mai Trịnh' };
    const id = await submit(page, who);
    await until(async () => (await inbox.leads()).length === 1, 'the lead');
    assertInbox(await inbox.leads(), [{ id, ...who }]);
    assert.deepEqual(proxy.posts.map((p) => p.answer), [503, 201]);
    const h = await heard(page);
    assert.deepEqual(h.lead.map((l) => l.action), ['captured', 'delivered']);
    assert.deepEqual(h.error, [error]);
    assert.deepEqual(widgetProblems(page), []);
    await page.context().close();
  }));
}

test('a 4xx answer: the site owner hears leadscore.delivery.refused at once; the lead is sent once more after the longest wait, and refused again it stays for inspection, not sent again', () => withInbox(async (inbox, proxy) => {
  proxy.fault = () => ({ status: 422 });
  const page = await visit(proxy.url);
  const id = await submit(page, { email: 'quyen@example.com', name: 'Quyên Lý' });
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.delivery.refused'));
  assert.deepEqual(await page.evaluate(() => LeadScore.state().delivery.failed), []);
  await until(() => proxy.posts.length === 2, 'sent once more after the longest wait', 8000);
  const gap = proxy.posts[1].at - proxy.posts[0].at;
  assert.ok(gap >= 1900, `sent again ${gap} ms later: after the config's longest wait (2 s), not a retry's first (0.25-0.5 s)`);
  await page.waitForFunction(() => LeadScore.state().delivery.failed.length === 1);
  const { failed, next_due } = await page.evaluate(() => LeadScore.state().delivery);
  assert.deepEqual(failed.map((f) => [f.id, f.target, f.status, f.attempts]), [[`${id}/inbox`, 'inbox', 422, 2]]);
  assert.equal(next_due, -1, 'never due again');
  // Kept in the stored queue: still there, and still not sent, on the next page.
  await page.reload();
  assert.ok((await waitForInit(page)).ok);
  await page.waitForTimeout(1000);
  assert.equal(await queued(page), 1);
  assert.equal(proxy.posts.length, 2);
  assert.deepEqual(await inbox.leads(), []);
  await page.context().close();
}));

test('an endpoint that answers 404 for a while (the site deploying) takes the lead after: sent once more after the longest wait, delivered, nothing left queued', () => withInbox(async (inbox, proxy) => {
  let n = 0;
  proxy.fault = () => (n++ === 0 ? { status: 404 } : undefined);
  const page = await visit(proxy.url);
  const who = { email: 'hieu@example.com', name: 'Hiếu Phan' };
  const id = await submit(page, who);
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.delivery.refused'));
  await until(async () => (await inbox.leads()).length === 1, 'the lead, once the deploy is over', 10000);
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  assert.deepEqual(proxy.posts.map((p) => p.answer), [404, 201]);
  await page.waitForFunction(() => /** @type {any} */ (window).heard.lead.some((/** @type {any} */ l) => l.action === 'delivered'));
  assert.deepEqual(await page.evaluate(() => LeadScore.state().delivery), { items: 0, bytes: 0, next_due: -1, failed: [] });
  await page.context().close();
}));

test('the server restarted mid-run: what it stored survives, what came meanwhile is sent after', () => withInbox(async (inbox) => {
  const first = await visit(inbox.url);
  const second = await visit(inbox.url); // another visitor, arrived before the restart
  const one = { email: 'nam@example.com', name: 'Nam Đặng' };
  const idOne = await submit(first, one);
  await until(async () => (await inbox.leads()).length === 1, 'the first lead');
  await inbox.stop();
  const two = { email: 'oanh@example.com', name: 'Oanh Mai', title: 'Director of IT' };
  const idTwo = await submit(second, two);
  await second.waitForTimeout(1200); // refused while the server is down
  await inbox.start(); // same port, same SQLite file
  await until(async () => (await inbox.leads()).length === 2, 'the second lead after the restart');
  assertInbox(await inbox.leads(), [{ id: idOne, ...one }, { id: idTwo, ...two }]);
  // The first visitor's next page has nothing left to send: nothing is sent
  // again, even past the longest retry (max_seconds 2).
  const posts = (await inbox.posts()).length;
  await first.reload();
  assert.ok((await waitForInit(first)).ok);
  await first.waitForTimeout(2500);
  assert.deepEqual((await heard(first)).lead, [], 'nothing left to send from the first visit');
  assert.equal((await inbox.posts()).length, posts, 'no POST after the reload');
  assert.equal((await inbox.leads()).length, 2);
  await first.context().close();
  await second.context().close();
}));

// ------------------------------------------------------------------ a small queue, long backoffs
// /delivery/limits.html (limits.json): three sign-up forms, a queue of two
// leads at most, retries 30 s apart at first.

const limits = JSON.parse(readFileSync(join(root, 'tests/browser/site/delivery/limits.json'), 'utf8'));
const LIMITS = '/delivery/limits.html';
const FULL_VI = 'Rất tiếc, hiện chưa thể gửi thông tin của bạn. Vui lòng thử lại sau vài phút.';

/** Fills and sends sign-up form `f` (a, b or c) of the limits page. */
async function signUp(page, f, who) {
  await page.fill(`#${f}-email`, who.email);
  await page.fill(`#${f}-name`, who.name);
  const box = page.locator(`#${f} [data-leadscore-consent]`);
  if (!(await box.isChecked())) await box.check();
  await page.click(`#${f} button[type=submit]`);
}

/** The live region after form `f`: its text and whether a person sees it. */
const said = (page, f) => page.evaluate((f) => {
  const s = /** @type {HTMLElement} */ (document.querySelector(`#${f} + .leadscore-status`));
  return { text: s.textContent, visible: s.getBoundingClientRect().width > 2 };
}, f);

const captured = async (page) => (await heard(page)).lead.filter((l) => l.action === 'captured').map((l) => l.id);

test('the queue full: the visitor is told to try again, the site owner hears it, and no accepted lead is lost', () => withInbox(async (inbox) => {
  const page = await visit(inbox.url, { path: LIMITS });
  await inbox.stop(); // down: nothing leaves, the queue fills
  const an = { email: 'an@example.vn', name: 'Trần An' };
  const bao = { email: 'bao@example.vn', name: 'Lê Bảo' };
  const chi = { email: 'chi@example.vn', name: 'Võ Chi' };
  await signUp(page, 'a', an);
  await signUp(page, 'b', bao);
  await until(async () => (await captured(page)).length === 2, 'two leads captured');
  assert.equal(await queued(page), 2);
  // The third does not fit: not a thank-you for a lead that would never be sent.
  await signUp(page, 'c', chi);
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.delivery.queue_full'));
  assert.deepEqual(await said(page, 'c'), { text: FULL_VI, visible: true });
  assert.equal(await page.isVisible('#c'), true, 'the form stays, as filled in');
  assert.equal(await page.inputValue('#c-name'), chi.name);
  // Nothing of the refused submit was kept: the visitor is still who the second form said.
  let state = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([state.contact.email, state.contact.name], [bao.email, bao.name]);
  // Sent again while still full: told again; the site owner's console hears it once.
  await signUp(page, 'c', chi);
  await until(async () => (await heard(page)).error.filter((e) => e === 'leadscore.delivery.queue_full').length === 2, 'the second refusal');
  assert.deepEqual((await heard(page)).error, ['leadscore.delivery.queue_full', 'leadscore.delivery.queue_full']);
  assert.equal(page.warnings().filter((w) => w.includes('leadscore.delivery.queue_full')).length, 1, page.warnings().join('\n'));
  assert.equal((await captured(page)).length, 2, 'the refused submit is no captured lead');
  assert.equal(await queued(page), 2);

  // The server is back; the page asks for delivery (its retries are 30 s away).
  await inbox.start();
  await page.evaluate(() => LeadScore.flush());
  await until(async () => (await inbox.leads()).length === 2, 'the two queued leads');
  await until(async () => (await queued(page)) === 0, 'room in the queue');
  // Room again: the visitor's next try is taken and delivered.
  await signUp(page, 'c', chi);
  assert.deepEqual(await said(page, 'c'), { text: limits.forms[0].thanks.vi, visible: true });
  await page.evaluate(() => LeadScore.flush());
  await until(async () => (await inbox.leads()).length === 3, 'the third lead');
  const ids = await captured(page);
  const leads = await inbox.leads();
  assert.deepEqual(leads.map((l) => l.id).sort(), [...ids].sort(), 'each accepted lead exactly once');
  // One page view (5) and a submit each (20).
  const expect = [[an, 25, 'lead'], [bao, 45, 'mql'], [chi, 65, 'mql']];
  for (const [k, [who, total, stage]] of expect.entries()) {
    const p = leads.find((l) => l.id === ids[k]);
    assert.deepEqual([p.contact.email, p.contact.name, p.form, p.score.total, p.stage, p.consent.text],
      [who.email, who.name, 'signup', total, stage, limits.forms[0].consent.text.vi]);
  }
  state = await page.evaluate(() => LeadScore.state());
  assert.equal(state.score, 65);
  assert.deepEqual(widgetProblems(page), []);
  await page.context().close();
}));

test('flush() sends a lead waiting out a backoff now, not 30 s later', () => withInbox(async (inbox, proxy) => {
  proxy.fault = (n) => (n === 1 ? { status: 503 } : undefined);
  const page = await visit(proxy.url, { path: LIMITS });
  await signUp(page, 'a', { email: 'duy@example.vn', name: 'Phan Duy' });
  await until(() => proxy.posts.length === 1 && proxy.posts[0].done, 'the first answer (503)');
  const wait = await until(() => page.evaluate(() => {
    const due = LeadScore.state().delivery.next_due - Date.now();
    return due > 10000 && due;
  }), 'a retry far away');
  const asked = Date.now();
  await page.evaluate(() => LeadScore.flush());
  assert.deepEqual(proxy.posts.map((p) => p.answer), [503, 201]);
  assert.ok(Date.now() - asked < wait - 5000, `flush() took ${Date.now() - asked} ms; the retry was ${wait} ms away`);
  const [lead] = await inbox.leads();
  assert.deepEqual([lead.id, lead.contact.name, lead.stage], [(await captured(page))[0], 'Phan Duy', 'lead']);
  assert.equal(await queued(page), 0);
  assert.deepEqual((await heard(page)).lead.map((l) => l.action), ['captured', 'delivered']);
  assert.deepEqual(widgetProblems(page), []);
  await page.context().close();
}));

test('a target address corrected in the config: the lead its old address refused (404) is sent again on the next page and delivered', () => withInbox(async (inbox) => {
  /** The delivery page's config, with the target at `url`. @param {string} url */
  const served = (url) => JSON.stringify({ ...config, delivery: { ...config.delivery, targets: [{ ...config.delivery.targets[0], url }] } });
  // A typo in the target's address (/lead): the inbox answers 404.
  const context = await browser.newContext();
  await context.route('**/delivery/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: served('/lead') }));
  const page = await visit(inbox.url, { context });
  const who = { email: 'quynh@example.com', name: 'Quỳnh Đỗ' };
  const id = await submit(page, who);
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.delivery.refused'), null, { timeout: 5000 });
  assert.deepEqual(await page.evaluate(() => LeadScore.state().delivery.items), 1);
  assert.deepEqual(await inbox.leads(), []);
  // The site owner fixes the address; the visitor comes back.
  await context.unroute('**/delivery/leadscore.json');
  await context.route('**/delivery/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: served('/leads') }));
  await page.reload();
  assert.ok((await waitForInit(page)).ok);
  await until(async () => (await inbox.leads()).length === 1, 'the lead at the corrected address');
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  await page.waitForFunction(() => /** @type {any} */ (window).heard.lead.some((l) => l.action === 'delivered'));
  assert.deepEqual(await page.evaluate(() => LeadScore.state().delivery), { items: 0, bytes: 0, next_due: -1, failed: [] });
  assert.deepEqual(widgetProblems(page), []);
  await context.close();
}));

test('two tabs on two configs (one opened before the target was corrected): the queue is not written back and forth, and the corrected target, busy, is not asked again before its backoff', () => withInbox(async (inbox, proxy) => {
  const served = (url) => JSON.stringify({ ...config, delivery: { ...config.delivery, targets: [{ ...config.delivery.targets[0], url }] } });
  let url = '/lead'; // mistyped: the inbox answers 404
  const context = await browser.newContext();
  await context.route('**/delivery/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: served(url) }));
  await context.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.queueWrites = 0;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k === 'leadscore:v1:queue') w.queueWrites++;
      return set.call(this, k, v);
    };
  });
  const old = await visit(proxy.url, { context });
  const who = { email: 'vy@example.com', name: 'Vy Tạ' };
  const id = await submit(old, who);
  await old.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.delivery.refused'), null, { timeout: 5000 });
  // Corrected to /leads, which is busy (503) for now; the old tab stays open.
  proxy.fault = () => ({ status: 503 });
  url = '/leads';
  const fixed = await visit(proxy.url, { context });
  await until(() => proxy.posts.length > 0, 'a send to the corrected address');
  const writes = async () => (await old.evaluate(() => /** @type {any} */ (window).queueWrites)) + (await fixed.evaluate(() => /** @type {any} */ (window).queueWrites));
  const before = await writes();
  await fixed.waitForTimeout(3000);
  // Retries 0.5 s, doubling to 2 s: four sends in 3 s at most.
  assert.ok(proxy.posts.length <= 4, `${proxy.posts.length} sends to the busy target in about 3 s`);
  assert.ok((await writes()) - before < 40, `${(await writes()) - before} writes of the stored queue in 3 s`);
  // The target answers again: delivered once, and no tab keeps it.
  proxy.fault = () => undefined;
  await until(async () => (await inbox.leads()).length === 1, 'the lead at the corrected address', 8000);
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  await until(async () => (await queued(fixed)) === 0 && (await fixed.evaluate(() => LeadScore.state().delivery.items)) === 0 &&
    (await old.evaluate(() => LeadScore.state().delivery.items)) === 0, 'both tabs done with it');
  // (a third 503 in a row, if it came, is told: the target failing)
  assert.deepEqual(widgetProblems(fixed).filter((p) => !p.includes('[leadscore.delivery.failing]')), []);
  await context.close();
}));

test('a target whose headers give the content type in lower case: one Content-Type is sent, and the lead is delivered', () => withInbox(async (inbox, proxy) => {
  const target = { ...config.delivery.targets[0], headers: { 'content-type': 'application/json; charset=utf-8' } };
  const context = await browser.newContext();
  await context.route('**/delivery/leadscore.json', (r) => r.fulfill({
    contentType: 'application/json', body: JSON.stringify({ ...config, delivery: { ...config.delivery, targets: [target] } }),
  }));
  /** @type {Promise<Record<string, string>>[]} */
  const sent = [];
  context.on('request', (r) => r.method() === 'POST' && sent.push(r.allHeaders()));
  const page = await visit(proxy.url, { context });
  const who = { email: 'thao@example.com', name: 'Thảo Vương' };
  const id = await submit(page, who);
  await until(async () => (await inbox.leads()).length === 1, 'the lead', 5000);
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  assert.deepEqual(proxy.posts.map((p) => p.answer), [201]);
  assert.deepEqual((await Promise.all(sent)).map((h) => h['content-type']), ['application/json; charset=utf-8']);
  assert.deepEqual((await heard(page)).error, []);
  await context.close();
}));

/**
 * A lead whose first two sends are answered `first` and `second` ({status,
 * retryAfter: the header, or a function giving it when the send comes}), then
 * 201: it reaches the inbox once, after those answers.
 * Returns the page and the two waits between the sends (ms).
 * @param {any} inbox @param {any} proxy @param {{status: number, retryAfter: string | (() => string)}[]} answers
 * @param {{email: string, name: string}} who @param {any} [o] visit()'s options
 */
async function sentAfterTwoRetries(inbox, proxy, [first, second], who, o) {
  proxy.fault = (n) => {
    const answer = n === 1 ? first : n === 2 ? second : undefined;
    const retryAfter = typeof answer?.retryAfter == 'function' ? answer.retryAfter() : answer?.retryAfter;
    return answer && { status: answer.status, headers: { 'Retry-After': retryAfter } };
  };
  const page = await visit(proxy.url, o);
  const id = await submit(page, who);
  await until(async () => (await inbox.leads()).length === 1, `the lead after a ${first.status} and a ${second.status}`, 10000);
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  assert.deepEqual(proxy.posts.map((p) => p.answer), [first.status, second.status, 201]);
  const gaps = proxy.posts.slice(1).map((p, i) => p.at - proxy.posts[i].at);
  return { page, gaps };
}

test('Retry-After is honoured (seconds or an HTTP date), up to retry.max_seconds: a busy server is not asked again sooner, and no lead waits an hour', () => withInbox(async (inbox, proxy) => {
  // Without Retry-After the waits would be 0.25-0.5 s, then 0.5-1 s (base 0.5 s).
  const { page, gaps } = await sentAfterTwoRetries(inbox, proxy, [{ status: 429, retryAfter: '3600' },
    { status: 503, retryAfter: () => new Date(Date.now() + 3000).toUTCString() }], { email: 'tuan@example.com', name: 'Tuấn Lý' });
  // Both waits are retry.max_seconds (2 s): the hour asked for, and the 2-3 s until the date, capped.
  assert.ok(gaps.every((g) => g >= 1900 && g <= 2900), `waits ${gaps} ms`);
  assert.deepEqual((await heard(page)).error, [], 'retryable answers are not errors');
  await page.context().close();
}));

test('a Retry-After date in the two obsolete forms RFC 9110 has recipients accept (RFC 850, asctime: no zone, GMT) is honoured, also where the visitor\'s clock is not on GMT', () => withInbox(async (inbox, proxy) => {
  // Without Retry-After the waits would be 0.25-0.5 s, then 0.5-1 s (base 0.5 s).
  // 3 s from now, in each form; the visitor is 7 hours east of GMT, where an
  // asctime date read as local time is 7 hours past: no wait.
  const soon = () => new Date(Date.now() + 3000), two = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const time = (/** @type {Date} */ d) => d.toUTCString().slice(17, 25);
  const rfc850 = () => {
    const d = soon();
    return `${d.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' })}, ${two(d.getUTCDate())}-${d.toUTCString().slice(8, 11)}-${two(d.getUTCFullYear() % 100)} ${time(d)} GMT`;
  };
  const asctime = () => {
    const d = soon(), u = d.toUTCString();
    return `${u.slice(0, 3)} ${u.slice(8, 11)} ${String(d.getUTCDate()).padStart(2)} ${time(d)} ${d.getUTCFullYear()}`;
  };
  const context = await browser.newContext({ timezoneId: 'Asia/Ho_Chi_Minh' });
  const { page, gaps } = await sentAfterTwoRetries(inbox, proxy, [{ status: 503, retryAfter: rfc850 },
    { status: 429, retryAfter: asctime }], { email: 'quy@example.com', name: 'Quý Hà' }, { context });
  // Both waits are retry.max_seconds (2 s): the 2-3 s until each date, capped.
  assert.ok(gaps.every((g) => g >= 1900 && g <= 2900), `waits ${gaps} ms`);
  assert.deepEqual((await heard(page)).error, [], 'retryable answers are not errors');
  await context.close();
}));

test('a Retry-After past any sensible wait (a date in 2099, a trillion seconds) is the longest wait, retry.max_seconds: the busy server is not asked again sooner', () => withInbox(async (inbox, proxy) => {
  // Without Retry-After the waits would be 0.25-0.5 s, then 0.5-1 s (base 0.5 s).
  const { page, gaps } = await sentAfterTwoRetries(inbox, proxy, [{ status: 503, retryAfter: 'Wed, 21 Oct 2099 07:28:00 GMT' },
    { status: 429, retryAfter: '1000000000000' }], { email: 'uyen@example.com', name: 'Uyên Lạc' });
  assert.ok(gaps.every((g) => g >= 1900 && g <= 2900), `waits ${gaps} ms`);
  assert.deepEqual((await heard(page)).error, [], 'retryable answers are not errors');
  await page.context().close();
}));

test('a malformed Retry-After (0x10, 1e3: not whole seconds nor an HTTP date) is no Retry-After: the normal backoff, not seconds read leniently', () => withInbox(async (inbox, proxy) => {
  // Read leniently they would ask 16 s and 1000 s, both capped to retry.max_seconds (2 s);
  // as no Retry-After, the waits are 0.25-0.5 s, then 0.5-1 s (base 0.5 s).
  const { page, gaps } = await sentAfterTwoRetries(inbox, proxy, [{ status: 503, retryAfter: '0x10' },
    { status: 429, retryAfter: '1e3' }], { email: 'vinh@example.com', name: 'Vĩnh Đào' });
  assert.ok(gaps[0] < 1700 && gaps[1] < 1700, `waits ${gaps} ms: the normal backoff (at most 1 s), not the 2 s a lenient read asks`);
  assert.deepEqual((await heard(page)).error, [], 'retryable answers are not errors');
  await page.context().close();
}));

test('a Retry-After date that is no HTTP date (ISO 8601, a numeric zone: Date.parse reads both) is no Retry-After: the normal backoff, not the date read leniently', () => withInbox(async (inbox, proxy) => {
  // Read leniently both ask to wait until 2099, capped to retry.max_seconds (2 s);
  // as no Retry-After, the waits are 0.25-0.5 s, then 0.5-1 s (base 0.5 s).
  const { page, gaps } = await sentAfterTwoRetries(inbox, proxy, [{ status: 503, retryAfter: '2099-10-21T07:28:00Z' },
    { status: 429, retryAfter: 'Wed, 21 Oct 2099 07:28:00 +0000' }], { email: 'yen@example.com', name: 'Yến Tạ' });
  assert.ok(gaps[0] < 1700 && gaps[1] < 1700, `waits ${gaps} ms: the normal backoff (at most 1 s), not the 2 s a lenient read asks`);
  assert.deepEqual((await heard(page)).error, [], 'retryable answers are not errors');
  await page.context().close();
}));

test('a 301 from the endpoint is no delivery: fetch re-asks with a GET, without the lead; refused and kept, never reported delivered', () => withInbox(async (inbox, proxy) => {
  // The endpoint moved: POST /leads answers 301 to /leads?v=2, which the
  // browser follows as a GET (the lead's body dropped) and the inbox
  // answers 200 with its list.
  proxy.fault = () => ({ status: 301, headers: { Location: '/leads?v=2' } });
  const page = await visit(proxy.url);
  const id = await submit(page, { email: 'son@example.com', name: 'Sơn Hoàng' });
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.delivery.refused'), null, { timeout: 5000 });
  await page.waitForTimeout(1500); // longer than a retry would wait
  assert.deepEqual(await inbox.leads(), [], 'the inbox never got the lead');
  assert.deepEqual((await heard(page)).lead.map((l) => l.action), ['captured'], 'not reported delivered');
  assert.equal(proxy.posts.length, 1, 'not sent again');
  const q = await page.evaluate(() => LeadScore.state().delivery);
  assert.deepEqual([q.items, q.failed], [1, []], 'kept (sent once more after the longest wait)');
  assert.ok(q.next_due > 0);
  assert.ok(page.warnings().some((w) => w.includes('/leads?v=2')), `the site owner reads where it was redirected: ${page.warnings()}`);
  await page.context().close();
}));

test('the visitor\'s clock a year ahead, then corrected: the lead that waited for a retry is sent on the next visit, not a year later', () => withInbox(async (inbox) => {
  const ahead = () => {
    const now = Date.now;
    Date.now = () => now() + 365 * 86400000;
  };
  const page = await visit(inbox.url, { init: ahead });
  const context = page.context();
  await inbox.stop();
  const who = { email: 'xuan@example.com', name: 'Xuân Đinh' };
  const id = await submit(page, who);
  await until(() => page.evaluate(() => LeadScore.state().delivery.next_due - Date.now() > 200), 'a retry scheduled');
  await page.close({ runBeforeUnload: true });
  await inbox.start();
  // The clock is right again (a new page without the init script).
  await deliveredByNextVisit(inbox, context, { id, ...who }, 8000);
  await context.close();
}));

// ---------------------------------------------------------------- page hide

/** Holds the Web Lock "leadscore:v1:send" (the page's own sends wait for it) until the page calls window.unlock(). */
const holdSendLock = () => void navigator.locks.request('leadscore:v1:send', () => new Promise((ok) => { /** @type {any} */ (window).unlock = ok; }));

/** Makes the page hidden (another tab, another app) or visible again, as the browser would tell it. */
const setHidden = (page, hidden) => page.evaluate((h) => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}, hidden);

/** A valid lead payload of about `bytes` bytes of UTF-8 (a long form: notes in Vietnamese, ~1.3 bytes a character). */
function bigLead(id, bytes) {
  const sentence = 'Ghi chú: cần báo giá cho 250 người dùng, tích hợp CRM và đào tạo. ';
  const contact = { email: `${id}@example.vn`, name: 'Nguyễn Thị Ánh' };
  let size = 400;
  for (let k = 1; size < bytes; k++) {
    let note = '';
    while (Buffer.byteLength(note + sentence) <= Math.min(4000, bytes - size)) note += sentence;
    if (!note) note = 'x'.repeat(bytes - size);
    contact[`note_${k}`] = note;
    size += Buffer.byteLength(note) + 12;
  }
  return JSON.stringify({ schema: 'leadscore.lead/v1', id, visitor_id: 'v-big', reason: 'form_submit',
    submitted_at: new Date().toISOString(), form: 'contact', contact, consent: { granted: true, text: 'ok' } });
}

test('page hide with several large leads queued: as many as fit the browser\'s 64 KiB keepalive quota go at once, oldest first; the rest wait for the next page, with no attempt counted', () => withInbox(async (inbox, proxy) => {
  // A slow inbox: what the page hide sends is still in flight when the next ones start.
  proxy.fault = () => ({ hold: 1500 });
  const now = Date.now();
  // Queued by earlier pages (oldest first): ~24, 24, 21 and 3 KB. The first
  // two and the last fit 64 KiB together; the third does not.
  const leads = [['big-a', 24000], ['big-b', 24000], ['big-c', 21000], ['big-d', 3000]];
  const items = leads.map(([id, bytes], k) => ({
    id: `${id}/inbox`, target: 'inbox', url: '/leads', content_type: 'application/json', headers: {}, body: bigLead(id, bytes),
    cors: true, beacon: false, created: now - 60000 + k, next_attempt: now - 60000 + k, attempts: 0, failed: false,
    last_status: -1, leased_until: 0, lease_owner: '',
  }));
  const sizes = items.map((i) => Buffer.byteLength(i.body));
  assert.ok(sizes[0] + sizes[1] + sizes[3] <= 65536 && sizes[0] + sizes[1] + sizes[2] > 65536, `sizes ${sizes}`);
  // In characters all four would fit: the browser counts bytes.
  assert.ok(items.reduce((n, i) => n + i.body.length, 0) <= 65536 && items.every((i) => i.body.length < 20000));
  const page = await openPage(browser);
  const context = page.context();
  await page.goto(`${proxy.url}/leads`); // the origin, without the widget
  await page.evaluate((q) => localStorage.setItem('leadscore:v1:queue', q),
    JSON.stringify({ schema: 'leadscore.queue', version: 1, items, delivered: [] }));
  // The page's own sends wait for a lock held here: only the page hide sends.
  await page.addInitScript(holdSendLock);
  await page.goto(proxy.url + PAGE);
  const init = await waitForInit(page);
  assert.ok(init.ok, JSON.stringify(init));
  assert.equal(await page.evaluate(() => LeadScore.state().delivery.items), 4);
  assert.equal(proxy.posts.length, 0);
  // The visitor goes on to another page (here one without the widget).
  await page.goto(`${proxy.url}/leads`);
  await until(async () => (await inbox.leads()).length >= 3, 'the leads sent at page hide', 6000);
  await new Promise((ok) => setTimeout(ok, 500));
  assert.deepEqual((await inbox.leads()).map((l) => l.id).sort(), ['big-a', 'big-b', 'big-d']);
  // The one that did not fit waits, due, untouched: no lease, no attempt.
  const stored = await page.evaluate(() => JSON.parse(/** @type {string} */ (localStorage.getItem('leadscore:v1:queue'))).items);
  const left = stored.find((i) => i.id === 'big-c/inbox');
  assert.deepEqual([left.attempts, left.last_status, left.leased_until <= Date.now(), left.next_attempt <= Date.now()], [0, -1, true, true]);
  // The next page sends it at once (the others' leases, 7 s, keep them from going twice meanwhile).
  proxy.fault = () => undefined;
  await page.close(); // (its init script would hold the lock again)
  const next = watch(await context.newPage());
  const back = Date.now();
  await next.goto(proxy.url + PAGE);
  await until(async () => (await inbox.leads()).length === 4, 'the fourth lead, by the next page', 4000);
  assert.ok(Date.now() - back < 4000);
  const posted = proxy.posts.map((p) => JSON.parse(p.body).id);
  assert.deepEqual([posted.slice(0, 3).sort(), posted.slice(3)], [['big-a', 'big-b', 'big-d'], ['big-c']], 'each lead posted once');
  await context.close();
}));

/** A browser context whose delivery page's config has these targets (and a 1 s timeout: leases of 6 s). */
async function contextWithTargets(targets) {
  const context = await browser.newContext();
  await context.route('**/delivery/leadscore.json', (r) => r.fulfill({
    contentType: 'application/json', body: JSON.stringify({ ...config, delivery: { ...config.delivery, targets, timeout_seconds: 1 } }),
  }));
  return context;
}

test('Salesforce (no CORS, no de-duplication): a lead sent while the tab is hidden is posted once, not again after a lease', () => withInbox(async (inbox, proxy) => {
  // Salesforce's Web-to-Lead servlet, as the proxy plays it: 200, no CORS.
  proxy.fault = () => ({ status: 200 });
  const context = await contextWithTargets([{ id: 'crm', format: 'salesforce', oid: '00D5g000004ZbKE', url: '/leads' }]);
  const page = await visit(proxy.url, { context, init: holdSendLock });
  const who = { email: 'khoa@example.com', name: 'Khoa Bùi' };
  await submit(page, who);
  await page.waitForTimeout(300);
  assert.equal(proxy.posts.length, 0, 'the page\'s own send waits for the lock');
  // The visitor switches to another tab, and comes back.
  await setHidden(page, true);
  await until(() => proxy.posts.length === 1, 'the send at hide', 3000);
  await setHidden(page, false);
  await page.evaluate(() => /** @type {any} */ (window).unlock());
  // Its lease (timeout 1 s + 5 s) ends: a send whose answer was never known would go again now.
  await page.waitForTimeout(7500);
  assert.equal(proxy.posts.length, 1, 'posted once');
  const body = new URLSearchParams(proxy.posts[0].body);
  assert.deepEqual([body.get('oid'), body.get('email'), body.get('last_name')], ['00D5g000004ZbKE', who.email, 'Bùi']);
  assert.deepEqual((await heard(page)).lead.map((l) => l.action), ['captured', 'delivered']);
  assert.equal(await queued(page), 0);
  await context.close();
}));

test('flush() after the tab was hidden and shown again waits for what the hide sent: the queue is empty when it resolves', () => withInbox(async (inbox, proxy) => {
  proxy.fault = (n) => (n === 1 ? { hold: 1500 } : undefined); // a slow answer to the send at hide
  const page = await visit(proxy.url, { init: holdSendLock });
  const who = { email: 'linh@example.com', name: 'Linh Đặng' };
  const id = await submit(page, who);
  await setHidden(page, true);
  await until(() => proxy.posts.length === 1, 'the send at hide', 3000);
  await setHidden(page, false);
  await page.evaluate(() => /** @type {any} */ (window).unlock());
  // The page asks for delivery before a navigation of its own.
  await page.evaluate(() => LeadScore.flush());
  assert.deepEqual([await queued(page), await page.evaluate(() => LeadScore.state().delivery.items)], [0, 0], 'nothing left when flush() resolves');
  assertInbox(await inbox.leads(), [{ id, ...who }]);
  assert.deepEqual((await heard(page)).lead.map((l) => l.action), ['captured', 'delivered']);
  assert.equal(proxy.posts.length, 1);
  await page.context().close();
}));

/**
 * A server that takes requests and never answers, for the host page's own
 * keepalive requests to stay in flight (holding the browser's 64 KiB
 * keepalive quota) for as long as a test runs.
 */
async function startSilentServer() {
  const server = http.createServer((req) => void req.resume());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}/beacon`, close: () => (server.closeAllConnections(), server.close()) };
}

/** The host page's own analytics: a keepalive POST of ~63.5 KiB that stays in flight (the widget's lead no longer fits the quota). */
const fillKeepaliveQuota = (page, url) => page.evaluate((u) => void fetch(u, {
  method: 'POST', body: 'x'.repeat(65000), keepalive: true, mode: 'no-cors',
}).catch(() => {}), url);

test('the host page\'s own keepalive requests fill the browser\'s quota: a lead submitted on the open page is sent at once (without keepalive), once, and no error is reported', () => withInbox(async (inbox, proxy) => {
  const silent = await startSilentServer();
  try {
    const page = await visit(proxy.url);
    await fillKeepaliveQuota(page, silent.url);
    const who = { email: 'mai@example.com', name: 'Mai Hồ' };
    const id = await submit(page, who);
    await until(async () => (await inbox.leads()).length === 1, 'the lead while the quota is full', 5000);
    assertInbox(await inbox.leads(), [{ id, ...who }]);
    assert.equal(proxy.posts.length, 1, 'posted once');
    await until(async () => (await queued(page)) === 0, 'the queue emptied');
    assert.deepEqual(await heard(page), { lead: [{ action: 'captured', id, status: undefined }, { action: 'delivered', id, status: 201 }], error: [] });
    await page.context().close();
  } finally {
    silent.close();
  }
}));

test('a receiver that takes each POST but sends no CORS headers (the page cannot read the answer, a network error): one POST per attempt, not a second one without keepalive', () => withInbox(async (inbox, proxy) => {
  // Another origin (the proxy's port), answering 200 without Access-Control-Allow-Origin.
  proxy.fault = () => ({ status: 200 });
  const context = await contextWithTargets([{ id: 'hook', format: 'form', url: `${proxy.url}/leads` }]);
  const page = await visit(inbox.url, { context });
  const id = await submit(page, { email: 'vinh@example.com', name: 'Vinh Hà' });
  // The third send without an answer is reported; the fourth waits 1-2 s.
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.delivery.unanswered'), null, { timeout: 5000 });
  const attempts = () => page.evaluate(() => JSON.parse(/** @type {string} */ (localStorage.getItem('leadscore:v1:queue'))).items[0].attempts);
  await until(async () => (await attempts()) === 3, 'three attempts stored', 3000);
  assert.equal(proxy.posts.length, 3, 'one POST per attempt');
  assert.ok(proxy.posts.every((p) => new URLSearchParams(p.body).get('id') === id));
  assert.deepEqual((await heard(page)).lead.map((l) => l.action), ['captured'], 'not reported delivered');
  await context.close();
}));

test('the tab closed while the host page\'s keepalive requests fill the quota: the lead still goes as the tab closes', () => withInbox(async (inbox, proxy) => {
  const silent = await startSilentServer();
  try {
    // The page's own sends wait for a lock held here: only the page hide sends.
    const page = await visit(proxy.url, { init: holdSendLock });
    const context = page.context();
    await fillKeepaliveQuota(page, silent.url);
    const who = { email: 'nam@example.com', name: 'Nam Lý' };
    const id = await submit(page, who);
    await page.close({ runBeforeUnload: true });
    await until(async () => (await inbox.leads()).length === 1, 'the lead from the closed tab', 4000);
    assertInbox(await inbox.leads(), [{ id, ...who }]);
    assert.equal(proxy.posts.length, 1);
    await context.close();
  } finally {
    silent.close();
  }
}));

test('the tab closed while the host page\'s own requests fill every quota the browser has for it: the lead the browser would not send is not left leased, and the next page sends it at once', () => withInbox(async (inbox, proxy) => {
  const silent = await startSilentServer();
  try {
    const page = await visit(proxy.url, { init: holdSendLock });
    const context = page.context();
    await fillKeepaliveQuota(page, silent.url);
    // ... and its own deferred requests (fetchLater) to the lead's origin, sent when the page goes.
    await page.evaluate(() => /** @type {any} */ (window).fetchLater?.('/analytics', { method: 'POST', body: 'x'.repeat(65300) }));
    const who = { email: 'oanh@example.com', name: 'Oanh Tạ' };
    const id = await submit(page, who);
    await page.close({ runBeforeUnload: true });
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal(proxy.posts.length, 0, 'the browser sent nothing from the closed tab');
    // What the closed tab left (read from a page of the site without the widget): due, not leased, no attempt.
    const next = watch(await context.newPage());
    await next.goto(`${proxy.url}/leads`);
    const [left] = await next.evaluate(() => JSON.parse(/** @type {string} */ (localStorage.getItem('leadscore:v1:queue'))).items);
    assert.deepEqual([left.id, left.attempts, left.leased_until <= Date.now()], [`${id}/inbox`, 0, true]);
    // The next page with the widget sends it at once (a lease would hold it 7 s: timeout 2 s + 5 s).
    await next.goto(proxy.url + PAGE);
    await until(async () => (await inbox.leads()).length === 1, 'the lead, sent by the next page', 3000);
    assertInbox(await inbox.leads(), [{ id, ...who }]);
    await context.close();
  } finally {
    silent.close();
  }
}));

test('the tab hidden (not closed) while the host page\'s keepalive requests fill the quota: the lead the browser would not send is stored unleased, and goes as soon as the page may send', () => withInbox(async (inbox, proxy) => {
  const silent = await startSilentServer();
  try {
    const page = await visit(proxy.url, { init: holdSendLock });
    await fillKeepaliveQuota(page, silent.url);
    const who = { email: 'phuc@example.com', name: 'Phúc Lâm' };
    const id = await submit(page, who);
    // The visitor switches to another tab: the send at hide is refused by the browser (-1, no attempt).
    await setHidden(page, true);
    const stored = () => page.evaluate(() => JSON.parse(/** @type {string} */ (localStorage.getItem('leadscore:v1:queue'))).items);
    // A lease left in storage would hold the lead 7 s (timeout 2 s + 5 s): released well before.
    await until(async () => (await stored())[0].leased_until <= Date.now(), 'the lease the refused send released, in storage', 4000);
    const [left] = await stored();
    assert.deepEqual([left.id, left.attempts, left.last_status, left.lease_owner], [`${id}/inbox`, 0, -1, '']);
    assert.equal(proxy.posts.length, 0);
    await setHidden(page, false);
    await page.evaluate(() => /** @type {any} */ (window).unlock());
    await until(async () => (await inbox.leads()).length === 1, 'the lead, once the page may send');
    assertInbox(await inbox.leads(), [{ id, ...who }]);
    await until(async () => (await queued(page)) === 0, 'the queue emptied');
    assert.equal(proxy.posts.length, 1, 'posted once');
    await page.context().close();
  } finally {
    silent.close();
  }
}));
