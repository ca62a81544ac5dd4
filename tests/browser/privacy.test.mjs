// Privacy in Chromium: with `privacy.consent: "required"` nothing at all is
// kept in the browser (localStorage, sessionStorage, cookies, IndexedDB,
// Cache Storage) before consent(true); consent(false) and forget() wipe what
// LeadScore stored (and only that); under Do Not Track (or Global Privacy
// Control) nothing is tracked, stored or shown, but a form the visitor sends
// still reaches the inbox.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, watch, waitForInit, stored, waitForUi, kinds, until, root } from './support.mjs';

const env = useSite();

const NOTHING = { local: [], session: [], cookie: '', indexedDB: [], caches: [], cookies: [] };
const KEYS = ['leadscore:v1:consent', 'leadscore:v1:profile', 'leadscore:v1:visitor'];

/** A page of the site's own (without the widget) that a form's action leads to. */
const THANKS = { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Thanks</title><link rel="icon" href="/favicon.svg"><p>Thanks' };

/** @param {import('playwright-core').Page} page */
async function load(page, path = '/consent/') {
  if (path) await page.goto(`${env.server.url}${path}`);
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  return r.state;
}

/** What a visitor does on the page: a CTA click, contact data, a dismissal, scrolling; then flush(). @param {import('playwright-core').Page} page */
async function interact(page) {
  await page.click('#cta');
  await page.evaluate(() => LeadScore.identify({ email: 'linh@northwind.example' }));
  const close = page.locator('leadscore-ui .banner .x');
  if (await close.count()) await close.click();
  await page.mouse.wheel(0, 400);
  await page.evaluate(() => LeadScore.flush());
}

/** @param {import('playwright-core').Page} page */
const visitorId = (page) => page.evaluate(() => LeadScore.state()?.visitor);

test('consent required: nothing is stored anywhere before consent(true), even across reloads; then it is', async () => {
  const page = await openPage(env.browser);
  const first = await load(page);
  assert.equal(await waitForUi(page, 'banner'), 'A weekly idea', 'the widget works before consent');
  await interact(page);
  let s = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([s.known, s.unlocked], [true, ['members']], 'in memory, for this page');
  assert.deepEqual(await stored(page), NOTHING);

  await page.reload(); // pagehide stores the profile, when allowed
  const second = await load(page, '');
  assert.deepEqual(await stored(page), NOTHING);
  assert.notEqual(second.visitor, first.visitor, 'no visitor id was kept');
  assert.deepEqual([second.page_views, second.known], [1, false]);

  await page.click('#accept');
  await page.waitForFunction(() => localStorage.getItem('leadscore:v1:consent') === '1');
  await interact(page);
  const after = await stored(page);
  assert.deepEqual(after, { ...NOTHING, local: KEYS }, 'only localStorage, only leadscore: keys');
  await page.reload();
  const third = await load(page, '');
  assert.deepEqual([third.visitor, third.page_views, third.known], [second.visitor, 2, true]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('consent(false) wipes and stores nothing more; forget() wipes every leadscore: key, starts over, and asks again', async () => {
  const page = await openPage(env.browser);
  await load(page);
  await page.click('#accept');
  await interact(page);
  assert.deepEqual((await stored(page)).local, KEYS);

  await page.click('#decline');
  assert.deepEqual(await stored(page), NOTHING);
  await interact(page);
  assert.deepEqual(await stored(page), NOTHING, 'nothing after consent(false)');

  await page.click('#accept');
  await interact(page);
  await page.evaluate(() => localStorage.setItem('site:theme', 'dark')); // the site's own data
  const before = await visitorId(page);
  await page.click('#forget');
  assert.deepEqual((await stored(page)).local, ['site:theme'], 'every leadscore: key is gone, the site keeps its own');
  const s = await page.evaluate(() => LeadScore.state());
  assert.notEqual(s.visitor, before);
  assert.deepEqual([s.known, s.events, s.unlocked, s.contact], [false, 0, [], {}]);
  await interact(page);
  assert.deepEqual((await stored(page)).local, ['site:theme'], 'after forget() consent is asked again');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('without a consent requirement, forget() wipes at once, re-locks gates and continues as a new visitor', async () => {
  const page = await openPage(env.browser);
  await load(page, '/blog/lead-scoring-101');
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('premium')?.hasAttribute('inert'));
  await page.evaluate(() => LeadScore.flush());
  assert.deepEqual((await stored(page)).local, ['leadscore:v1:profile', 'leadscore:v1:visitor']);
  const before = await visitorId(page);

  await page.evaluate(() => LeadScore.forget());
  assert.deepEqual(await stored(page), NOTHING, 'wiped at once');
  await page.waitForFunction(() => document.getElementById('premium')?.hasAttribute('inert'));
  const s = await page.evaluate(() => LeadScore.state());
  assert.notEqual(s.visitor, before);
  assert.deepEqual([s.known, s.stage, s.unlocked], [false, 'visitor', []]);
  await page.evaluate(() => LeadScore.flush());
  const again = await page.evaluate(() => [localStorage.getItem('leadscore:v1:visitor'), localStorage.getItem('leadscore:v1:profile')]);
  assert.equal(again[0], s.visitor, 'the new visitor is stored, not the old one');
  assert.ok(!again[1]?.includes('an@northwind.example'), 'the old contact data is gone');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

// Do Not Track, and its successor Global Privacy Control (Sec-GPC, sent by
// Brave, Firefox's setting and privacy extensions): either one is the
// visitor's "do not track me".
for (const [signal, property, value] of /** @type {const} */ ([['Do Not Track', 'doNotTrack', '1'], ['Global Privacy Control', 'globalPrivacyControl', true]])) {
  test(`${signal} with respect_dnt: nothing is tracked, stored or shown, whatever the page's consent()`, async () => {
    const page = await openPage(env.browser);
    await page.addInitScript(([p, v]) => Object.defineProperty(Navigator.prototype, p, { get: () => v }), [property, value]);
    await page.goto(`${env.server.url}/consent/`);
    const r = await waitForInit(page);
    assert.deepEqual([r.ok, r.state], [true, null]);
    await page.click('#accept');
    await page.click('#cta');
    await page.evaluate(() => LeadScore.flush());
    assert.deepEqual(await kinds(page), []);
    assert.equal(await page.evaluate(() => document.getElementById('members')?.hasAttribute('inert')), false);
    assert.deepEqual(await stored(page), NOTHING);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });

  test(`${signal} with respect_dnt: a form the visitor sends still reaches the inbox, validated; nothing else is tracked, stored, shown or sent`, async () => {
    const page = await openPage(env.browser);
    await page.addInitScript(([p, v]) => Object.defineProperty(Navigator.prototype, p, { get: () => v }), [property, value]);
    await page.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.heard = [];
      w.LeadScore = [['on', 'lead', (/** @type {any} */ l) => w.heard.push(l.action)], ['on', 'score', () => w.heard.push('score')]];
    });
    const url = `${env.server.url}/dnt/`;
    await page.goto(url);
    const r = await waitForInit(page);
    assert.deepEqual([r.ok, r.state], [true, null]);
    // What the page's code says of the visitor is not kept.
    await page.evaluate(() => LeadScore.identify({ email: 'site-said@northwind.example' }));
    await page.evaluate(() => LeadScore.track('pricing_seen'));
    await page.click('#cta');
    const posts = env.server.inbox.posts.length;

    await page.click('#contact button[type=submit]');
    await page.locator('#email[aria-invalid="true"]').waitFor({ timeout: 5000 });
    assert.match(await page.locator('#contact .leadscore-error').first().textContent(), /\S/, 'the usual message next to the field');
    assert.equal(page.url(), url, 'the empty form was not sent by the browser');

    const email = `${property}@northwind.example`;
    await sendForm(page, email);
    const lead = await until(() => inboxed(email), 'the lead in the inbox');
    assert.equal(page.url(), url, 'no answers in the URL: the browser did not send the form');
    assert.deepEqual(env.server.inbox.posts.slice(posts).map((p) => JSON.parse(p.body).contact.email), [email], 'one post: this lead, nothing else');
    assert.deepEqual([lead.reason, lead.form, lead.contact], ['form_submit', 'contact', { email, name: 'Mai Tran' }]);
    assert.deepEqual([lead.consent.granted, lead.consent.text], [true, 'Northwind may answer me by email.']);
    assert.deepEqual([lead.page.url, lead.page.title], [url, 'Write to us — Northwind']);
    assert.deepEqual([lead.activity, lead.attribution, lead.score.breakdown], [undefined, undefined, undefined], 'nothing of what the visitor did was tracked');
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).heard), ['captured', 'delivered']);

    assert.deepEqual(await stored(page), NOTHING);
    assert.deepEqual(await kinds(page), [], 'no offer');
    assert.equal(await page.evaluate(() => document.getElementById('members')?.hasAttribute('inert')), false, 'the gate stays open');
    assert.equal(await page.evaluate(() => LeadScore.state()), null);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });

  test(`${signal} with respect_dnt: the form sent by the page's own code (form.submit(), no submit event) goes to its action as the page asked, and its lead reaches the inbox, nothing stored`, async () => {
    env.server.override('/thanks', THANKS);
    const page = await openPage(env.browser);
    await page.addInitScript(([p, v]) => Object.defineProperty(Navigator.prototype, p, { get: () => v }), [property, value]);
    await page.goto(`${env.server.url}/dnt/`);
    const r = await waitForInit(page);
    assert.deepEqual([r.ok, r.state], [true, null]);
    // A page whose own script sends its form somewhere (as forms-by-code.test.mjs's contact page does).
    await page.evaluate(() => Object.assign(/** @type {HTMLFormElement} */ (document.querySelector('#contact')), { action: '/thanks', method: 'post' }));
    const email = `${property}.by-code@northwind.example`;
    await page.fill('#email', email);
    await page.fill('#name', 'Mai Tran');
    await page.check('#contact [data-leadscore-consent]');
    const posted = page.waitForRequest((q) => q.url().endsWith('/thanks') && q.method() === 'POST');
    await Promise.all([page.waitForURL(`${env.server.url}/thanks`, { waitUntil: 'load' }),
      page.evaluate(() => /** @type {HTMLFormElement} */ (document.querySelector('#contact')).submit())]);
    assert.deepEqual([...new URLSearchParams((await posted).postData() || '').keys()], ['email', 'name'], 'the site gets the answers, not the honeypot');
    const lead = await until(() => [...env.server.inbox.leads.values()].find((l) => l.contact?.email === email), 'the lead in the inbox');
    assert.deepEqual([lead.reason, lead.form, lead.contact, lead.consent.granted, lead.page.url, lead.activity],
      ['form_submit', 'contact', { email, name: 'Mai Tran' }, true, `${env.server.url}/dnt/`, undefined]);
    assert.deepEqual(await stored(page), NOTHING, 'nothing stored on the way');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
    env.server.override('/thanks', null);
  });
}

/**
 * A started page of /dnt/ (no Do Not Track yet) whose receiver is down
 * (503) from now on: the leads sent there stay queued.
 */
async function openWhileReceiverDown() {
  const page = await openPage(env.browser);
  const url = `${env.server.url}/dnt/`;
  await page.goto(url);
  assert.ok((await waitForInit(page)).ok);
  env.server.inbox.answer = () => 503;
  return { page, url };
}

test('Do Not Track turned on after a tracked visit: what was stored is wiped at start, as forget() wipes it; a lead still queued from before is delivered from memory, then its stored queue goes too', async () => {
  // Yesterday's tracked visit: a profile, a visitor id, and a lead the receiver could not take yet.
  const { page } = await openWhileReceiverDown();
  const email = 'before-dnt@northwind.example';
  await sendForm(page, email);
  assert.deepEqual((await stored(page)).local, ['leadscore:v1:profile', 'leadscore:v1:queue', 'leadscore:v1:visitor']);
  await page.evaluate(() => localStorage.setItem('site:theme', 'dark')); // the site's own data

  // Today: Do Not Track is on.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
  await page.reload();
  const r = await waitForInit(page);
  assert.deepEqual([r.ok, r.state], [true, null]);
  const local = (await stored(page)).local;
  assert.ok(!local.includes('leadscore:v1:profile') && !local.includes('leadscore:v1:visitor'), `the profile and visitor id are gone at start: ${local}`);
  env.server.inbox.answer = null; // the receiver is back
  const lead = await until(() => [...env.server.inbox.leads.values()].find((l) => l.contact?.email === email), 'the lead from before in the inbox');
  assert.deepEqual([lead.form, lead.contact], ['contact', { email, name: 'Mai Tran' }]);
  await until(async () => (await stored(page)).local.length === 1, 'the delivered queue removed');
  assert.deepEqual(await stored(page), { ...NOTHING, local: ['site:theme'] }, 'only the site\'s own data is left');
  assert.deepEqual(page.problems().filter((p) => !/503|test\.fault/.test(p)), []);
  await page.context().close();
});

/** Sends /dnt/'s contact form as `email`; resolves once the widget thanked. @param {import('playwright-core').Page} page @param {string} email */
async function sendForm(page, email) {
  await page.fill('#email', email);
  await page.fill('#name', 'Mai Tran');
  await page.check('#contact [data-leadscore-consent]');
  await page.click('#contact button[type=submit]');
  await page.waitForFunction(() => document.querySelector('.leadscore-status')?.textContent === 'Thanks! We will write back.');
  await page.evaluate(() => LeadScore.flush());
}

/** The lead from `email` in the inbox, when there. @param {string} email */
const inboxed = (email) => [...env.server.inbox.leads.values()].find((l) => l.contact?.email === email);

const DNT = () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });

test('Do Not Track turned on, and a stored queue the core can read only in part: the readable lead is delivered once, the damage reported once; then the stored queue is removed, so the next Do Not Track page sends nothing again and reports nothing', async () => {
  const { page, url } = await openWhileReceiverDown();
  const context = page.context();
  const email = 'partly-read@northwind.example';
  await sendForm(page, email);
  await page.close({ runBeforeUnload: true });
  // While no page of the site is open, something (an old copy, another
  // script) adds an item the core refuses: a header that would start another header line.
  const writer = await context.newPage();
  await writer.goto(`${env.server.url}/leads`);
  await writer.evaluate(() => {
    const q = JSON.parse(/** @type {string} */ (localStorage.getItem('leadscore:v1:queue')));
    q.items.push({ ...q.items[0], id: 'other-1/inbox', headers: { 'X-Note': 'a\r\nX-Evil: 1' } });
    localStorage.setItem('leadscore:v1:queue', JSON.stringify(q));
  });
  await writer.close();

  const next = watch(await context.newPage()); // the next page: Do Not Track is on
  await next.addInitScript(DNT);
  await next.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.heard = [];
    w.LeadScore = [['on', 'error', (/** @type {any} */ e) => w.heard.push(e.id)]];
  });
  env.server.inbox.answer = null; // the receiver is back
  await next.goto(url);
  assert.deepEqual((await waitForInit(next)).state, null);
  await until(() => inboxed(email), 'the readable lead in the inbox');
  await next.evaluate(() => LeadScore.flush());
  assert.deepEqual(await next.evaluate(() => /** @type {any} */ (window).heard), ['leadscore.queue.header']);
  await until(() => next.evaluate(() => localStorage.getItem('leadscore:v1:queue') === null), 'the stored queue removed once its readable lead is delivered');
  const posts = env.server.inbox.posts.length;
  await next.reload(); // the visitor's next page, still under Do Not Track
  assert.deepEqual((await waitForInit(next)).state, null);
  await next.evaluate(() => LeadScore.flush());
  assert.equal(env.server.inbox.posts.length, posts, 'nothing sent again');
  assert.deepEqual(await next.evaluate(() => /** @type {any} */ (window).heard), [], 'nothing reported again');
  assert.deepEqual(next.problems(), []);
  await context.close();
});

test('Do Not Track: the page\'s form the widget still drives follows a language switch (<html lang>): the mistakes shown, and the next submit\'s, are told in the new language', async () => {
  const page = watch(await openPage(env.browser));
  await page.addInitScript(DNT);
  await page.goto(`${env.server.url}/dnt/`);
  assert.deepEqual((await waitForInit(page)).state, null);
  const errors = () => page.$$eval('#contact .leadscore-error', (els) => els.map((e) => e.textContent));
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await errors(), ['Please fill in this field.', 'Please fill in this field.', 'Please tick the box to continue.']);
  await page.evaluate(() => {
    document.documentElement.lang = 'vi';
  });
  await until(async () => (await errors())[0] === 'Vui lòng điền vào trường này.', 'the mistakes told in Vietnamese');
  await page.fill('#email', 'mai@');
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await errors(), ['Vui lòng nhập địa chỉ email hợp lệ.', 'Vui lòng điền vào trường này.', 'Vui lòng đánh dấu vào ô để tiếp tục.']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('Do Not Track in one tab, not in another opened before it took effect: the Do Not Track tab removes only the stored queue it read and delivered, never a lead the other tab stored since', async () => {
  const { page: a, url } = await openWhileReceiverDown();
  const context = a.context();
  await sendForm(a, 'first-tab-1@northwind.example');

  // B: Do Not Track; it reads the queue A stored. A's later writes reach B's
  // renderer a moment late: here, not before B acts.
  const b = watch(await context.newPage());
  await b.addInitScript(DNT);
  await b.addInitScript(() => addEventListener('storage', (e) => e.stopImmediatePropagation(), true));
  await b.goto(url);
  assert.deepEqual((await waitForInit(b)).state, null);

  await a.reload(); // a new page of A's, not under Do Not Track: a second lead, stored beside the first
  assert.ok((await waitForInit(a)).ok);
  const second = 'first-tab-2@northwind.example';
  await sendForm(a, second);
  await until(() => a.evaluate(() => JSON.parse(localStorage.getItem('leadscore:v1:queue') || '{"items": []}').items.length === 2), 'both leads stored');
  await a.close({ runBeforeUnload: true });

  env.server.inbox.answer = null; // the receiver is back: B delivers the lead it read
  await until(() => inboxed('first-tab-1@northwind.example'), 'the first lead in the inbox');
  await b.evaluate(() => LeadScore.flush());
  await b.close({ runBeforeUnload: true });
  assert.equal(inboxed(second), undefined, 'B never had the second lead');

  const c = watch(await context.newPage()); // the visitor's next page
  await c.goto(url);
  assert.ok((await waitForInit(c)).ok);
  await until(() => inboxed(second), 'the second lead, sent by the next page', 8000);
  for (const p of [b, c]) assert.deepEqual(p.problems().filter((m) => !/503|test\.fault/.test(m)), []);
  await context.close();
});

test('without a consent requirement, consent(false) lasts: after a reload only the refusal is stored, scoring works in memory; forget() keeps the refusal; consent(true) stores again', async () => {
  const page = await openPage(env.browser);
  const context = page.context();
  await load(page, '/blog/lead-scoring-101');
  await page.evaluate(() => LeadScore.flush());
  assert.deepEqual((await stored(page)).local, ['leadscore:v1:profile', 'leadscore:v1:visitor']);

  const other = await context.newPage(); // another tab of the visitor follows the refusal
  await other.goto(`${env.server.url}/pricing`);
  assert.ok((await waitForInit(other)).ok);

  await page.evaluate(() => LeadScore.consent(false));
  const REFUSED = { ...NOTHING, local: ['leadscore:v1:consent'] };
  assert.deepEqual(await stored(page), REFUSED, 'wiped, but for the refusal');
  assert.equal(await page.evaluate(() => localStorage.getItem('leadscore:v1:consent')), '0');
  // The refusal reaches the other tab's renderer a little later: what it
  // writes meanwhile is wiped when the refusal arrives there.
  await other.evaluate(() => LeadScore.identify({ email: 'other@northwind.example' }));
  await other.evaluate(() => LeadScore.flush());
  await other.waitForFunction(() => localStorage.getItem('leadscore:v1:consent') === '0');
  const settled = Date.now() + 5000;
  let now = await stored(page);
  while (JSON.stringify(now) !== JSON.stringify(REFUSED) && Date.now() < settled) {
    await page.waitForTimeout(50);
    now = await stored(page);
  }
  assert.deepEqual(now, REFUSED, 'what the other tab wrote before it saw the refusal is gone');
  await other.evaluate(() => LeadScore.identify({ email: 'other2@northwind.example' }));
  await other.evaluate(() => LeadScore.flush());
  assert.deepEqual(await stored(page), REFUSED, 'the other tab stores nothing after the refusal');

  await page.reload(); // pagehide stores the profile, when allowed
  const first = await load(page, '');
  assert.deepEqual(await stored(page), REFUSED, 'nothing but the refusal after a reload');
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('premium')?.hasAttribute('inert'));
  assert.equal(await page.evaluate(() => LeadScore.state().known), true, 'scoring works in memory');
  await page.evaluate(() => LeadScore.flush());
  await page.reload();
  const second = await load(page, '');
  assert.deepEqual(await stored(page), REFUSED);
  assert.notEqual(second.visitor, first.visitor, 'no visitor id was kept');
  assert.deepEqual([second.page_views, second.known], [1, false]);

  await page.evaluate(() => LeadScore.forget());
  await page.evaluate(() => LeadScore.flush());
  assert.deepEqual(await stored(page), REFUSED, 'forget() wipes data; the refusal stays a refusal');

  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.evaluate(() => LeadScore.consent(true));
  await page.evaluate(() => LeadScore.flush());
  assert.deepEqual((await stored(page)).local, KEYS, 'consent(true) lifts the refusal and stores again');
  assert.equal(await page.evaluate(() => localStorage.getItem('leadscore:v1:consent')), '1');
  const visitor = await visitorId(page);
  await page.reload();
  const third = await load(page, '');
  assert.deepEqual([third.visitor, third.known, third.page_views], [visitor, true, 1], 'forget() had started the count over');
  assert.deepEqual(page.problems(), []);
  await context.close();
});

/** Serves the consent site's config (/consent/leads.json) with consent required. */
function requireConsent() {
  const doc = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'consent', 'leads.json'), 'utf8'));
  doc.privacy = { consent: 'required' };
  env.server.override('/consent/leads.json', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
}

/**
 * The visitor of `page` identified as `email` and brought to MQL while the
 * page may not track them: scored in memory, no lead sent. Returns what the
 * inbox gets for `email` from then on.
 * @param {import('playwright-core').Page} page @param {string} email
 */
async function mqlUntracked(page, email) {
  const posts = env.server.inbox.posts.length;
  const sent = () => env.server.inbox.posts.slice(posts).map((p) => JSON.parse(p.body)).filter((l) => l.contact?.email === email);
  await page.evaluate((e) => LeadScore.identify({ email: e }), email);
  await page.evaluate(() => LeadScore.track('webinar_attend'));
  assert.equal(await page.evaluate(() => LeadScore.state().stage), 'mql', 'scored in memory');
  await page.evaluate(() => LeadScore.flush());
  await page.waitForTimeout(300);
  assert.deepEqual(sent(), [], 'no stage_change lead');
  return sent;
}

for (const mode of ['consent(false)', 'consent required, not given yet']) {
  test(`${mode}: the page scores in memory, but no stage lead is sent from that tracking, and a form's lead says what the visitor sent, not where they came from or what they did; consent(true): the stage reached meanwhile is sent then, and stage leads go again`, async () => {
    if (mode !== 'consent(false)') requireConsent();
    try {
      const page = await openPage(env.browser);
      const url = `${env.server.url}/consent/leads.html?utm_source=newsletter&gclid=abc123&plan=pro`;
      await page.goto(url, { referer: 'https://www.google.com/' });
      assert.ok((await waitForInit(page)).ok);
      if (mode === 'consent(false)') await page.evaluate(() => LeadScore.consent(false));
      const email = `${mode === 'consent(false)' ? 'refused' : 'pending'}@northwind.example`;
      const sent = await mqlUntracked(page, email);

      await page.fill('#name', 'Mai Tran'); // the email is known: not asked again
      await page.check('#contact [data-leadscore-consent]');
      await page.click('#contact button[type=submit]');
      await page.waitForFunction(() => document.querySelector('.leadscore-status')?.textContent === 'Thanks! We will write back.');
      await page.evaluate(() => LeadScore.flush());
      const lead = await until(() => sent().find((l) => l.reason === 'form_submit'), 'the form lead in the inbox');
      assert.deepEqual([lead.contact, lead.stage, lead.consent.granted], [{ email, name: 'Mai Tran' }, 'mql', true]);
      assert.deepEqual(lead.page, { url: `${env.server.url}/consent/leads.html?plan=pro`, title: 'Talk to us — Northwind' }, 'no campaign tags, no referrer');
      assert.deepEqual([lead.attribution, lead.activity, lead.score.breakdown], [undefined, undefined, undefined]);

      // Consent given: the MQL reached meanwhile is sent at once (the
      // lifecycle does not go back: it would never be), with all it knows now.
      await page.evaluate(() => LeadScore.consent(true));
      await page.evaluate(() => LeadScore.flush());
      const mql = await until(() => sent().find((l) => l.reason === 'stage_change'), 'the mql lead once consent is given');
      assert.deepEqual([mql.stage, mql.transition.to, mql.attribution.first.source, mql.attribution.first.gclid, mql.page.referrer],
        ['mql', 'mql', 'newsletter', 'abc123', 'https://www.google.com/']);
      await page.evaluate(() => { LeadScore.track('webinar_attend'); LeadScore.track('webinar_attend'); });
      await page.evaluate(() => LeadScore.flush());
      const sql = await until(() => sent().find((l) => l.reason === 'stage_change' && l.stage === 'sql'), 'the sql lead');
      assert.deepEqual([sql.transition.to, sql.attribution.first.source, sql.attribution.first.gclid, sql.page.referrer], ['sql', 'newsletter', 'abc123', 'https://www.google.com/']);
      assert.deepEqual(sent().map((l) => [l.reason, l.stage]), [['form_submit', 'mql'], ['stage_change', 'mql'], ['stage_change', 'sql']]);
      assert.deepEqual(page.problems(), []);
      await page.context().close();
    } finally {
      env.server.override('/consent/leads.json', null);
    }
  });
}

test('consent required, given in another tab: the MQL this tab\'s visitor reached before it is sent from this tab then, once', async () => {
  requireConsent();
  try {
    const a = await openPage(env.browser);
    const context = a.context();
    const url = `${env.server.url}/consent/leads.html?utm_source=newsletter`;
    await a.goto(url);
    assert.ok((await waitForInit(a)).ok);
    const b = watch(await context.newPage());
    await b.goto(url);
    assert.ok((await waitForInit(b)).ok);
    const sent = await mqlUntracked(b, 'other-tab@northwind.example');

    await a.evaluate(() => LeadScore.consent(true));
    const mql = await until(() => sent().find((l) => l.reason === 'stage_change'), 'the mql lead once consent is given in the other tab');
    assert.deepEqual([mql.stage, mql.transition.to, mql.attribution.first.source], ['mql', 'mql', 'newsletter']);
    await b.waitForTimeout(1000);
    assert.deepEqual(sent().map((l) => l.reason), ['stage_change'], 'once');
    assert.deepEqual([...a.problems(), ...b.problems()], []);
    await context.close();
  } finally {
    env.server.override('/consent/leads.json', null);
  }
});

test('without a consent requirement, consent(false) in one tab leaves the visitor\'s other tab as it was: same visitor, still known, its unlocked gate open; it goes on in memory', async () => {
  const a = await openPage(env.browser);
  const context = a.context();
  await load(a, '/blog/lead-scoring-101');
  const b = watch(await context.newPage());
  await load(b, '/blog/lead-scoring-101');
  await b.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await b.waitForFunction(() => !document.getElementById('premium')?.hasAttribute('inert'));
  await b.evaluate(() => LeadScore.flush());
  const before = await b.evaluate(() => LeadScore.state());
  assert.equal(before.known, true);
  // The site's own key, written by A after the refusal: storage events come in
  // order, so once B hears of it the widget's listener (added at init) has
  // handled the refusal and the wipe.
  await b.evaluate(() => addEventListener('storage', (e) => {
    if (e.key === 'site:mark') /** @type {any} */ (window).marked = true;
  }));

  await a.evaluate(() => {
    LeadScore.consent(false);
    localStorage.setItem('site:mark', '1');
  });
  await b.waitForFunction(() => /** @type {any} */ (window).marked);
  const after = await b.evaluate(() => LeadScore.state());
  assert.deepEqual([after.visitor, after.known, after.unlocked], [before.visitor, true, before.unlocked], 'tab B is the same visitor');
  assert.equal(await b.evaluate(() => document.getElementById('premium')?.hasAttribute('inert')), false, 'its gate stays open');
  await b.evaluate(() => LeadScore.track('cta_click'));
  await b.evaluate(() => LeadScore.flush());
  assert.deepEqual((await stored(b)).local, ['leadscore:v1:consent', 'site:mark'], 'B stores nothing more');
  for (const p of [a, b]) assert.deepEqual(p.problems(), []);
  await context.close();
});

test('forget() in one tab after consent(false) there: the visitor\'s other tab, going on in memory, starts over too; its consent(true) later stores a new visitor, nothing of the forgotten one', async () => {
  const a = await openPage(env.browser);
  const context = a.context();
  await load(a, '/blog/lead-scoring-101');
  await a.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await a.evaluate(() => LeadScore.flush());
  const b = watch(await context.newPage());
  await load(b, '/blog/lead-scoring-101');
  const forgotten = await visitorId(b);
  assert.equal(await b.evaluate(() => LeadScore.state().known), true);
  await a.evaluate(() => LeadScore.consent(false));
  await b.waitForFunction(() => localStorage.getItem('leadscore:v1:profile') === null);
  await a.evaluate(() => LeadScore.forget()); // nothing left in storage to wipe: no storage event
  await b.waitForFunction((v) => LeadScore.state().visitor !== v, forgotten);
  assert.deepEqual(await b.evaluate(() => [LeadScore.state().known, LeadScore.state().unlocked]), [false, []]);
  await a.close();
  await b.evaluate(() => LeadScore.consent(true));
  await b.evaluate(() => LeadScore.flush());
  const kept = await b.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!kept.includes(forgotten) && !kept.includes('an@northwind.example'), 'nothing of the forgotten visitor stored');
  assert.deepEqual(b.problems(), []);
  await context.close();
});

test('consent required: a profile an earlier page of the site stored (one whose config did not require consent) is not read before consent: the page starts from nothing', async () => {
  const page = await openPage(env.browser);
  await load(page, '/blog/lead-scoring-101');
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.evaluate(() => LeadScore.flush());
  const earlier = await visitorId(page);
  const s = await load(page, '/consent/');
  assert.deepEqual([s.visitor === earlier, s.known, s.unlocked, s.page_views], [false, false, [], 1]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('without a consent requirement, consent(false) called before the widget has started (a consent tool, by the async snippet) is followed from the start: the refusal is the only leadscore: key ever written', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.written = [];
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (/** @type {string} */ key, /** @type {string} */ value) {
      if (key.startsWith('leadscore')) w.written.push([key, value]);
      return setItem.call(this, key, value);
    };
    w.LeadScore = [['consent', false]];
  });
  const page = watch(await context.newPage());
  const s = await load(page, '/blog/lead-scoring-101');
  assert.equal(s.page_views, 1, 'scoring works in memory');
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.evaluate(() => LeadScore.flush());
  const written = await page.evaluate(() => /** @type {any} */ (window).written);
  assert.ok(written.length > 0, 'the refusal is stored');
  assert.deepEqual(written.filter((/** @type {string[]} */ [key, value]) => key !== 'leadscore:v1:consent' || value !== '0'), [], 'nothing but the refusal, ever');
  assert.deepEqual((await stored(page)).local, ['leadscore:v1:consent']);
  assert.deepEqual(page.problems(), []);
  await context.close();
});
