// Forms the page's own code sends, in Chromium: form.submit() fires no submit
// event, yet the send counts (a plain form's form_submit, also inside a
// shadow root with nothing focused) and a data-leadscore-form form's lead is
// captured and lands in the receiver although the page goes away; a
// requestSubmit(), or a submit handler that calls form.submit() itself, is
// one send, not two; new FormData(form) (autosave, AJAX) is no send.
// Pages: tests/browser/site/forms/ (config: forms/leadscore.json).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, STRICT_CSP, until } from './support.mjs';

const env = useSite({ headers: { 'Content-Security-Policy': STRICT_CSP } });


/** Waits for init on the page now shown. @param {import('playwright-core').Page} page */
async function ready(page) {
  const init = await waitForInit(page);
  assert.ok(init.ok, `init failed on ${page.url()}: ${JSON.stringify(init)}`);
}

/** form_submit events stored for this visitor so far. @param {import('playwright-core').Page} page */
const submits = (page) => page.evaluate(async () => {
  await LeadScore.flush();
  return JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts?.form_submit || 0;
});

/**
 * Runs `send` in the page and waits for the page it leads to (`path`) to load.
 * @param {import('playwright-core').Page} page @param {string} path @param {() => void} send
 */
async function leave(page, path, send) {
  await Promise.all([page.waitForURL(`${env.server.url}${path}`, { waitUntil: 'load' }), page.evaluate(send)]);
}

test('a plain page form sent by form.submit() counts one form_submit; requestSubmit() and a handler that calls submit() count once; new FormData(form) none', async () => {
  const page = await openPage(env.browser, `${env.server.url}/forms/contact`);
  await ready(page);
  await page.evaluate(() => {
    // A legacy page's form: checked by the page's own script, then sent by code.
    const form = Object.assign(document.createElement('form'), { id: 'legacy', action: '/forms/guide', method: 'post' });
    form.innerHTML = '<input name="email" value="an@example.com"><button type="button">Send</button>';
    document.querySelector('main')?.append(form);
    // The page's autosave and AJAX code read the form's answers.
    new FormData(form);
    new FormData(form);
  });
  assert.equal(await submits(page), 0, 'new FormData(form) is no submit');
  await leave(page, '/forms/guide', () => /** @type {HTMLFormElement} */ (document.querySelector('#legacy')).submit());
  await ready(page);
  assert.equal(await submits(page), 1, 'form.submit(): one form_submit');

  // requestSubmit() fires submit, then navigates: once, not twice.
  await page.evaluate(() => {
    const form = Object.assign(document.createElement('form'), { name: 'quote', action: '/forms/contact', method: 'get' });
    form.innerHTML = '<input name="plan" value="team">';
    document.querySelector('main')?.append(form);
  });
  await leave(page, '/forms/contact?plan=team', () => /** @type {HTMLFormElement} */ (document.forms.namedItem('quote')).requestSubmit());
  await ready(page);
  assert.equal(await submits(page), 2, 'requestSubmit(): one more');

  // A submit handler that checks, then sends the form itself: one press, one send.
  await page.evaluate(() => {
    const form = Object.assign(document.createElement('form'), { id: 'checked', action: '/forms/guide', method: 'post' });
    form.innerHTML = '<input name="email" value="an@example.com"><button>Send</button>';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      form.submit();
    });
    document.querySelector('main')?.append(form);
  });
  await Promise.all([page.waitForURL(`${env.server.url}/forms/guide`, { waitUntil: 'load' }), page.click('#checked button')]);
  await ready(page);
  assert.equal(await submits(page), 3, 'prevented, then sent by its handler: one more');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form in a web component\'s shadow root (open, or closed) sent by form.submit() with nothing focused counts one form_submit', async () => {
  const page = await openPage(env.browser, `${env.server.url}/forms/guide`);
  await ready(page);
  await page.evaluate(() => {
    const host = document.createElement('quote-card');
    document.querySelector('main')?.append(host);
    host.attachShadow({ mode: 'open' }).innerHTML = '<form id="quote" action="/forms/contact" method="post"><input name="email" value="ana@example.com"></form>';
  });
  await leave(page, '/forms/contact', () => /** @type {HTMLFormElement} */ (document.querySelector('quote-card')?.shadowRoot?.querySelector('#quote')).submit());
  await ready(page);
  assert.equal(await submits(page), 1);
  // A closed root's form: unseen by events, but its send navigates the page, which names it.
  await leave(page, '/forms/guide', () => {
    const host = document.createElement('callback-card');
    document.querySelector('main')?.append(host);
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML = '<form name="callback" action="/forms/guide" method="post"><input name="phone" value="+84 28 1234"></form>';
    /** @type {HTMLFormElement} */ (root.querySelector('form')).submit();
  });
  await ready(page);
  assert.equal(await submits(page), 2);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** The page the contact form's action leads to (a site's own, without the widget). */
const THANKS = { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Thanks</title><link rel="icon" href="/favicon.svg"><p>Thanks' };

/** The contact page's form filled in as a visitor would. @param {import('playwright-core').Page} page @param {string} email */
async function fillContact(page, email) {
  await page.fill('#email', email);
  await page.fill('#name', 'Bao Tran');
  await page.fill('#company', 'Acme');
  await page.check('#contact [data-leadscore-consent]');
}

for (const held of [false, true]) {
  test(`a data-leadscore-form form sent by the page's form.submit(): the lead is captured and lands in the receiver as the page goes away${held ? ' (the usual send kept waiting: only the page hide can deliver it)' : ''}`, async () => {
    env.server.override('/thanks', THANKS);
    const page = await openPage(env.browser);
    // The page's usual send waits for the Web Lock "leadscore:v1:send", held for good here.
    if (held) await page.addInitScript(() => void navigator.locks.request('leadscore:v1:send', () => new Promise(() => {})));
    await page.goto(`${env.server.url}/forms/contact`);
    await ready(page);
    const email = `bao.${held ? 'held' : 'free'}@acme.example`;
    await fillContact(page, email);
    // The page's own script sends it: its action, /thanks, is where the visitor goes.
    const posted = page.waitForRequest((r) => r.url().endsWith('/thanks') && r.method() === 'POST');
    await leave(page, '/thanks', () => /** @type {HTMLFormElement} */ (document.querySelector('#contact')).submit());
    // The site's action gets the visitor's answers, not the widget's honeypot field.
    assert.deepEqual([...new URLSearchParams((await posted).postData() || '').keys()], ['email', 'name', 'company']);
    const lead = await until(() => [...env.server.inbox.leads.values()].find((l) => l.contact?.email === email), 'the lead in the receiver');
    assert.deepEqual({ reason: lead.reason, form: lead.form, contact: lead.contact, consent: lead.consent.granted, page: lead.page.url },
      { reason: 'form_submit', form: 'contact', contact: { email, name: 'Bao Tran', company: 'Acme' }, consent: true, page: `${env.server.url}/forms/contact` });
    assert.deepEqual(page.problems(), []);
    await page.context().close();
    env.server.override('/thanks', null);
  });
}

/** form_submit events in the profile stored as the page went away. @param {import('playwright-core').Page} page */
const storedSubmits = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts?.form_submit || 0);

test('a data-leadscore-form form first sent with mistakes (the widget\'s messages), then by the page\'s form.submit(): the lead is captured then', async () => {
  env.server.override('/thanks', THANKS);
  const page = await openPage(env.browser, `${env.server.url}/forms/contact`);
  await ready(page);
  await page.click('#contact button[type=submit]');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true', 'the core\'s messages');
  const email = 'bao.again@acme.example';
  await fillContact(page, email);
  await leave(page, '/thanks', () => /** @type {HTMLFormElement} */ (document.querySelector('#contact')).submit());
  const lead = await until(() => [...env.server.inbox.leads.values()].find((l) => l.contact?.email === email), 'the lead in the receiver');
  assert.deepEqual(lead.contact, { email, name: 'Bao Tran', company: 'Acme' });
  assert.equal(await storedSubmits(page), 1);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
  env.server.override('/thanks', null);
});

test('a data-leadscore-form form whose page\'s submit handler sends it itself (form.submit()): one lead, one form_submit', async () => {
  env.server.override('/thanks', THANKS);
  const page = await openPage(env.browser, `${env.server.url}/forms/contact`);
  await ready(page);
  await page.evaluate(() => {
    const form = /** @type {HTMLFormElement} */ (document.querySelector('#contact'));
    form.addEventListener('submit', () => form.submit());
  });
  const email = 'bao.once@acme.example';
  await fillContact(page, email);
  await Promise.all([page.waitForURL(`${env.server.url}/thanks`, { waitUntil: 'load' }), page.click('#contact button[type=submit]')]);
  await until(() => [...env.server.inbox.leads.values()].find((l) => l.contact?.email === email), 'the lead in the receiver');
  assert.equal(await storedSubmits(page), 1, 'taken once');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
  env.server.override('/thanks', null);
});

test('a data-leadscore-form form sent by form.submit() with answers the core refuses: the page goes on to its action, nothing is kept or sent', async () => {
  env.server.override('/thanks', THANKS);
  const before = env.server.inbox.posts.length;
  const page = await openPage(env.browser, `${env.server.url}/forms/contact`);
  await ready(page);
  await page.fill('#email', 'bao@');
  await leave(page, '/thanks', () => /** @type {HTMLFormElement} */ (document.querySelector('#contact')).submit());
  assert.equal(await page.evaluate(() => localStorage.getItem('leadscore:v1:queue')), null, 'nothing queued');
  assert.equal(env.server.inbox.posts.length, before, 'nothing sent');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
  env.server.override('/thanks', null);
});
