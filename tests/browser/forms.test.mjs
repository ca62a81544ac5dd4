// Forms in Chromium, as a visitor meets them: the page's own form enhanced
// (the core's messages next to the fields in Vietnamese, Thai and Persian;
// names in those scripts stored NFC; progressive profiling on the next visit;
// a honeypot bot sent away quietly; forms inside web components' open shadow
// roots counted as started and sent) and forms the widget renders for an offer
// and for a gate; each lead checked where it lands, in the test receiver;
// and the main flow (a Vietnamese page form, the offer's form) into the real
// inbox of `leadscore serve`, read back from its GET /leads.
// Pages: tests/browser/site/forms/ (config: forms/leadscore.json).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, waitForInit, until, root, STRICT_CSP, T0 } from './support.mjs';
import { makeSiteRoot, serveMissing, startInbox } from './inbox-server.mjs';

const env = useSite({ headers: { 'Content-Security-Policy': STRICT_CSP } });
const config = JSON.parse(readFileSync(join(root, 'tests/browser/site/forms/leadscore.json'), 'utf8'));
const contactForm = config.forms.find((f) => f.id === 'contact');
const guideForm = config.forms.find((f) => f.id === 'guide');

/** The core's messages (src/forms.cpp), as the visitor must read them. */
const MESSAGES = {
  en: { required: 'Please fill in this field.', email: 'Please enter a valid email address.', consent: 'Please tick the box to continue.', option: 'Please choose one of the options.' },
  vi: { required: 'Vui lòng điền vào trường này.', email: 'Vui lòng nhập địa chỉ email hợp lệ.', consent: 'Vui lòng đánh dấu vào ô để tiếp tục.' },
  th: { required: 'กรุณากรอกข้อมูลในช่องนี้', email: 'กรุณากรอกอีเมลให้ถูกต้อง', consent: 'กรุณาทำเครื่องหมายในช่องเพื่อดำเนินการต่อ' },
  fa: { required: 'لطفاً این فیلد را پر کنید.', email: 'لطفاً یک نشانی ایمیل معتبر وارد کنید.', consent: 'لطفاً برای ادامه، کادر را علامت بزنید.' },
};

/**
 * Opens a page of the forms site (in `page`: the next visit of the same
 * visitor), with what on('lead'), on('error') and on('offer') hear recorded;
 * waits for init.
 * @param {string} url
 * @param {any} [page]
 * @param {import('playwright-core').BrowserContextOptions} [options]
 * @param {string} [base] the site's origin (the test server, or `leadscore serve`)
 */
async function load(url, page, options, base = env.server.url) {
  if (!page) page = await listening(await openPage(env.browser, undefined, options));
  await page.goto(`${base}${url}`);
  const init = await waitForInit(page);
  assert.ok(init.ok, `init failed on ${url}: ${JSON.stringify(init)}`);
  return page;
}

/** Records what the page's listeners hear, on every load of `page`. @param {any} page */
async function listening(page) {
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.heard = { lead: [], error: [], offer: [] };
    w.LeadScore = w.LeadScore || [];
    for (const name of ['lead', 'error', 'offer']) w.LeadScore.push(['on', name, (/** @type {any} */ v) => w.heard[name].push(name === 'error' ? v.id : v)]);
  });
  return page;
}

/** What the page's listeners heard. @param {import('playwright-core').Page} page */
const heard = (page) => page.evaluate(() => /** @type {any} */ (window).heard);

/** The receiver's leads with these payload ids, in order. @param {string[]} ids */
const received = (ids) => ids.map((id) => env.server.inbox.leads.get(id));

/** How the page form's fields look now: visible and enabled, by name. */
function pageFields(page) {
  return page.evaluate(() => {
    /** @type {Record<string, string>} */
    const out = {};
    for (const el of /** @type {any[]} */ ([...document.querySelectorAll('#contact [name]')])) {
      if (el.name === 'leadscore_website') continue;
      const shown = el.closest('[data-leadscore-field]').style.display !== 'none' && el.checkVisibility();
      out[el.name] = `${shown ? 'shown' : 'hidden'}${el.disabled ? ' disabled' : ''}`;
    }
    return out;
  });
}

/** Errors shown next to fields: [field (or consent), message], with their accessibility wiring checked; in the document, the widget's boxes ('ui'), or the shadow roots of the hosts `scope` selects. */
function shownErrors(page, scope = 'document') {
  return page.evaluate((scope) => {
    const roots = scope === 'document' ? [document] : [...document.querySelectorAll(scope === 'ui' ? 'leadscore-ui' : scope)].map((h) => /** @type {ShadowRoot} */ (h.shadowRoot));
    const out = [];
    for (const r of roots) {
      for (const el of /** @type {HTMLElement[]} */ ([...r.querySelectorAll('[aria-invalid="true"]')])) {
        const ids = (el.getAttribute('aria-describedby') || '').split(' ');
        const msgs = ids.map((id) => r.querySelector(`[id="${id}"]`)).filter((m) => m && m.classList.contains('leadscore-error'));
        const name = el.hasAttribute('data-leadscore-consent') ? 'consent' : /** @type {any} */ (el).name;
        for (const m of msgs) out.push([name, /** @type {Element} */ (m).textContent, /** @type {HTMLElement} */ (m).checkVisibility()]);
      }
    }
    return out;
  }, scope);
}

/** The live region after the form: its text, whether it is visible. */
function status(page, scope = 'document') {
  return page.evaluate((scope) => {
    const root = scope === 'document' ? document : [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot).find((r) => r && r.querySelector('.leadscore-status'));
    const s = /** @type {HTMLElement} */ (root.querySelector('.leadscore-status'));
    const big = s.getBoundingClientRect().width > 2;
    return { role: s.getAttribute('role'), text: s.textContent, visible: big, focused: (s.getRootNode().activeElement === s) };
  }, scope);
}

// ------------------------------------------------------------------ the page's own form

for (const [lang, path] of [['vi', '/forms/vi'], ['th', '/forms/th'], ['fa', '/forms/fa']]) {
  test(`a page form in ${lang}: only the fields the core asks, its messages next to the fields, the lead delivered NFC`, async () => {
    const page = await load(path);
    const m = MESSAGES[lang];
    // Progressive profiling, first visit: three fields (max_fields), the others hidden and disabled.
    assert.deepEqual(await pageFields(page), {
      email: 'shown', name: 'shown', company: 'shown',
      company_size: 'hidden disabled', job_title: 'hidden disabled', phone: 'hidden disabled',
    });
    // The honeypot: there for bots, invisible to people and to screen readers, out of the tab order.
    const trap = await page.evaluate(() => {
      const el = /** @type {HTMLInputElement} */ (document.querySelector('#contact [name=leadscore_website]'));
      const box = el.getBoundingClientRect();
      // Out of sight: nothing of it can be seen or clicked (hit testing honours clipping), and it does not widen the page.
      const seen = box.right > 0 && box.bottom > 0 && document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === el;
      return { tabindex: el.getAttribute('tabindex'), autocomplete: el.getAttribute('autocomplete'), hidden: el.closest('[aria-hidden="true"]') !== null,
        offscreen: !seen && document.documentElement.scrollWidth <= document.documentElement.clientWidth };
    });
    assert.deepEqual(trap, { tabindex: '-1', autocomplete: 'off', hidden: true, offscreen: true });
    // The consent box the widget added reads exactly the config's text in the page's language.
    assert.equal(await page.textContent('#contact .leadscore-consent span'), contactForm.consent.text[lang]);

    // Nothing filled in: the core's message next to each field, in the page's language.
    await page.click('#contact button[type=submit]');
    assert.deepEqual(await shownErrors(page), [
      ['email', m.required, true], ['name', m.required, true], ['company', m.required, true], ['consent', m.consent, true],
    ]);
    // The live region names each field, by the label the page shows (here the config's) and the consent text.
    const said = [[contactForm.fields[0].label[lang], m.required], [contactForm.fields[1].label[lang], m.required],
      [contactForm.fields[2].label[lang], m.required], [contactForm.consent.text[lang].replace(/\.$/, ''), m.consent]];
    assert.deepEqual(await status(page), { role: 'status', text: said.map(([name, message]) => `${name}: ${message}`).join(' '), visible: false, focused: false });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'focus on the first invalid field');

    // A bad address: only that message is left once the rest is fixed.
    const names = { vi: 'Nguyễn Thị Ánh', th: 'สมชาย ใจดี', fa: 'مریم احمدی' }[lang];
    const companies = { vi: 'Công ty Bắc Gió', th: 'บริษัท ลมเหนือ จำกัด', fa: 'شرکت باد شمال' }[lang];
    await page.fill('#email', 'mai@');
    // Typed decomposed (NFD, as some keyboards and pastes give them), with stray spaces.
    await page.fill('#name', `  ${names.normalize('NFD')} `);
    await page.fill('#company', companies.normalize('NFD'));
    await page.check('#contact [data-leadscore-consent]');
    await page.click('#contact button[type=submit]');
    assert.deepEqual(await shownErrors(page), [['email', m.email, true]]);
    assert.equal(await page.getAttribute('#name', 'aria-invalid'), null, 'fixed fields are no longer marked');

    await page.fill('#email', `  mai.${lang}@example.com `);
    await page.click('#contact button[type=submit]');
    // The form gives way to the thank-you, in the page's language, announced and focused.
    assert.deepEqual(await status(page), { role: 'status', text: contactForm.thanks[lang], visible: true, focused: true });
    assert.equal(await page.isVisible('#contact'), false);

    await page.evaluate(() => LeadScore.flush());
    const { lead } = await heard(page);
    assert.deepEqual(lead.map((l) => l.action), ['captured', 'delivered']);
    const [payload] = received([lead[0].id]);
    assert.ok(payload, 'the receiver has the lead');
    // Vietnamese letters decompose (Thai and Persian ones do not): there the test really typed NFD.
    if (lang === 'vi') assert.notEqual(names.normalize('NFD'), names, 'the test really typed a decomposed name');
    assert.deepEqual(payload.contact, { email: `mai.${lang}@example.com`, name: names, company: companies });
    assert.equal(payload.contact.name.normalize('NFC'), payload.contact.name);
    assert.deepEqual({ schema: payload.schema, reason: payload.reason, form: payload.form, stage: payload.stage },
      { schema: 'leadscore.lead/v1', reason: 'form_submit', form: 'contact', stage: 'lead' });
    assert.deepEqual({ granted: payload.consent.granted, text: payload.consent.text }, { granted: true, text: contactForm.consent.text[lang] });
    assert.equal(payload.page.url, `${env.server.url}${path}`);
    // The score the page saw is the one delivered: a page view, the form started, the form sent.
    const state = await page.evaluate(() => LeadScore.state());
    assert.equal(payload.score.total, state.score);
    assert.deepEqual(payload.score.breakdown.map((b) => [b.rule, b.fired]), [['page_view', 1], ['form_started', 1], ['form_submitted', 1]]);
    assert.deepEqual(lead[0].payload, payload, 'on("lead") hands the host page the payload that was sent');
    assert.deepEqual(lead[1], { action: 'delivered', id: payload.id, target: 'inbox', status: 201 });
    assert.equal(state.contact.name, names);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

/**
 * A first visit to the contact page that sends its form (email, name, company)
 * and the next visit, in the same browser, loaded: its page.
 * @param {string} email @param {string} name
 */
async function nextVisit(email, name) {
  const page = await load('/forms/contact');
  await page.fill('#email', email);
  await page.fill('#name', name);
  await page.fill('#company', 'Acme');
  await page.check('#contact [data-leadscore-consent]');
  await page.click('#contact button[type=submit]');
  await page.evaluate(() => LeadScore.flush());
  return load('/forms/contact', page);
}

test('progressive profiling on a page form: the fields not asked again because they are known are in the page\'s own new FormData(form) (its submit listener, its own send) with what the visitor told before', async () => {
  const page = await nextVisit('minh@acme.example', 'Minh Vo'); // email, name and company known, not asked
  assert.equal((await pageFields(page)).email, 'hidden disabled');
  await page.evaluate(() => {
    const form = /** @type {HTMLFormElement} */ (document.getElementById('contact'));
    form.addEventListener('submit', () => { /** @type {any} */ (window).sent = Object.fromEntries(new FormData(form)); });
  });
  await page.selectOption('#company_size', '11-200');
  await page.fill('#phone', '+84 912 345 678');
  await page.check('#contact [data-leadscore-consent]');
  await page.click('#contact button[type=submit]');
  const sent = await page.evaluate(() => /** @type {any} */ (window).sent);
  assert.deepEqual(['email', 'name', 'company', 'company_size', 'phone', 'job_title'].map((k) => sent?.[k]),
    ['minh@acme.example', 'Minh Vo', 'Acme', '11-200', '+84 912 345 678', undefined]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('progressive profiling: the next visit asks the next fields, and a dependent field follows its answer', async () => {
  const page = await nextVisit('linh@acme.example', 'Linh Tran');
  assert.deepEqual(await pageFields(page), {
    email: 'hidden disabled', name: 'hidden disabled', company: 'hidden disabled',
    company_size: 'shown', job_title: 'hidden disabled', phone: 'shown',
  });
  await page.selectOption('#company_size', '1000+');
  assert.equal((await pageFields(page)).job_title, 'shown', 'asked once the company is big');
  await page.selectOption('#company_size', '11-200');
  assert.equal((await pageFields(page)).job_title, 'hidden disabled');
  await page.selectOption('#company_size', '1000+');
  await page.fill('#job_title', 'Head of Growth');
  await page.fill('#phone', '+84 912 345 678');
  await page.check('#contact [data-leadscore-consent]');
  await page.click('#contact button[type=submit]');
  await page.evaluate(() => LeadScore.flush());

  const { lead } = await heard(page);
  assert.deepEqual(lead.map((l) => l.action), ['captured', 'delivered']);
  const [payload] = received([lead[0].id]);
  // Everything known so far travels with the lead; the new answers add fit.
  assert.deepEqual(payload.contact, {
    email: 'linh@acme.example', name: 'Linh Tran', company: 'Acme', company_size: '1000+', job_title: 'Head of Growth', phone: '+84 912 345 678',
  });
  assert.equal(payload.score.fit, 30);
  assert.deepEqual(payload.score.breakdown.filter((b) => b.dimension === 'fit').map((b) => [b.rule, b.points]), [['senior_title', 20], ['big_company', 10]]);
  const state = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([payload.stage, payload.score.total], [state.stage, state.score]);
  assert.equal(state.stage, 'mql', `total ${state.score} (${JSON.stringify(state.breakdown)})`);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('in a single-page app, the lead says the page it was sent from: the URL and title of the view the app rendered', async () => {
  const page = await load('/forms/contact');
  // The app's router: a new URL first, its title once the view is rendered.
  await page.evaluate(() => history.pushState({}, '', '/forms/contact?plan=team'));
  await page.fill('#email', 'thu@acme.example');
  await page.fill('#name', 'Thu Pham');
  await page.fill('#company', 'Acme');
  await page.check('#contact [data-leadscore-consent]');
  await page.evaluate(() => { document.title = 'Team plan — Northwind'; });
  await page.click('#contact button[type=submit]');
  const { lead } = await heard(page);
  assert.equal(lead[0].action, 'captured');
  assert.deepEqual(lead[0].payload.page, {
    url: `${env.server.url}/forms/contact?plan=team`, title: 'Team plan — Northwind',
  });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a bot that fills the honeypot sees the same thank-you; nothing is stored or sent, nor heard by the page\'s own submit listener', async () => {
  const page = await load('/forms/contact');
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.pageSubmits = 0;
    document.querySelector('#contact')?.addEventListener('submit', () => w.pageSubmits++);
  });
  await page.fill('#email', 'bot@spam.example');
  await page.fill('#name', 'Bot');
  await page.fill('#company', 'Spam Inc');
  await page.check('#contact [data-leadscore-consent]');
  await page.evaluate(() => {
    /** @type {HTMLInputElement} */ (document.querySelector('[name=leadscore_website]')).value = 'http://spam.example';
  });
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await status(page), { role: 'status', text: contactForm.thanks.en, visible: true, focused: true });
  await page.evaluate(() => LeadScore.flush());
  const state = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([state.known, state.contact, state.forms, state.stage], [false, {}, [], 'visitor']);
  assert.deepEqual((await heard(page)).lead, []);
  // Its answers in no request (the shared inbox may still hear an earlier test's page, closed with a send in flight).
  assert.deepEqual(env.server.inbox.posts.filter((p) => p.body.includes('bot@spam.example')), [], 'nothing sent');
  assert.equal(await page.evaluate(() => localStorage.getItem('leadscore:v1:queue')), null, 'nothing queued');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).pageSubmits), 0, 'the page\'s own code sends nothing of it either');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** The contact of the first lead the page's on('lead') heard captured (waits for it). @param {import('playwright-core').Page} page */
async function capturedContact(page) {
  await page.waitForFunction(() => /** @type {any} */ (window).heard.lead.some((l) => l.action === 'captured'));
  return (await heard(page)).lead.find((/** @type {any} */ l) => l.action === 'captured').payload.contact;
}

/** The sign-up page (one text field, no button) with `email` typed in and Enter pressed in it. @param {string} email */
async function signUpWithEnter(email) {
  const page = await load('/forms/signup');
  await page.fill('#signup-email', email);
  await page.press('#signup-email', 'Enter');
  return page;
}

test('a page form of one text field and no button (a footer sign-up) is sent with Enter, as without the widget: its honeypot does not keep the browser from it', async () => {
  const page = await signUpWithEnter('enter@northwind.example');
  assert.equal((await capturedContact(page)).email, 'enter@northwind.example');
  assert.equal((await status(page)).text, 'Thank you!');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an email typed full-width, as a Japanese or Chinese input method types it (ａｎａ＠ｎｏｒｔｈｗｉｎｄ．ｅｘａｍｐｌｅ), is taken as the address it is', async () => {
  const page = await signUpWithEnter('ａｎａ＠ｎｏｒｔｈｗｉｎｄ．ｅｘａｍｐｌｅ');
  assert.equal((await capturedContact(page)).email, 'ana@northwind.example');
  assert.deepEqual(await shownErrors(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page with Prototype.js 1.6 (Array.prototype.toJSON gives a string): the lead carries the contact, the stored queue stays a list, and the page keeps its toJSON as it was', async () => {
  const page = await listening(await openPage(env.browser));
  // As Prototype 1.6 adds it: enumerable, a list made into its JSON text (so JSON.stringify quotes it).
  await page.addInitScript(() => {
    /** @type {any} */ (Array.prototype).toJSON = function () {
      return `[${[].map.call(this, (/** @type {any} */ x) => JSON.stringify(x)).join(', ')}]`;
    };
  });
  await load('/forms/contact', page);
  await page.fill('#email', 'proto@acme.example');
  await page.fill('#name', 'Proto Type');
  await page.fill('#company', 'Acme');
  await page.check('#contact [data-leadscore-consent]');
  await page.click('#contact button[type=submit]');
  await page.evaluate(() => LeadScore.flush());
  const { lead, error } = await heard(page);
  assert.deepEqual(lead.map((/** @type {any} */ l) => l.action), ['captured', 'delivered']);
  assert.deepEqual(received([lead[0].id])[0].contact, { email: 'proto@acme.example', name: 'Proto Type', company: 'Acme' });
  assert.deepEqual(error, []);
  const after = await page.evaluate(() => ({
    queue: Array.isArray(JSON.parse(localStorage.getItem('leadscore:v1:queue') ?? '{"items": []}').items),
    kept: typeof (/** @type {any} */ (Array.prototype).toJSON) == 'function' && Object.keys(Array.prototype).includes('toJSON'),
  }));
  assert.deepEqual(after, { queue: true, kept: true });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a phone number typed full-width (＋８４ ９１２－３４５－６７８) is taken as the number it is, in ASCII', async () => {
  const page = await nextVisit('kenji@acme.example', 'Kenji Sato');
  await page.selectOption('#company_size', '11-200');
  await page.fill('#phone', '＋８４ ９１２－３４５－６７８');
  await page.check('#contact [data-leadscore-consent]');
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await shownErrors(page), []);
  assert.equal((await page.evaluate(() => LeadScore.state())).contact.phone, '+84 912-345-678');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('choices the config writes with a trailing space ("Enterprise ") or in decomposed Unicode (Vietnamese as some keyboards type it) are taken when chosen, and the lead carries them as the config writes them', async () => {
  const signup = config.forms.find((/** @type {any} */ f) => f.id === 'signup');
  const [plan, city] = [signup.fields[1].options[1], signup.fields[2].options[1]];
  assert.deepEqual([plan, city.normalize('NFC') !== city], ['Enterprise ', true]);
  const page = await load('/forms/signup');
  await page.fill('#signup-email', 'choices@northwind.example');
  await page.selectOption('#plan', plan);
  await page.selectOption('#city', { index: 2 });
  await page.evaluate(() => /** @type {HTMLFormElement} */ (document.getElementById('signup')).requestSubmit());
  const contact = await capturedContact(page);
  assert.deepEqual([contact.plan, contact.city], [plan, city]);
  assert.deepEqual(await shownErrors(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form the page keeps out of sight and sends from its own box (requestSubmit) is taken once its min_fill_seconds have passed since the widget took it (it is never seen nor focused)', async () => {
  const page = await listening(await openPage(env.browser));
  await page.clock.install({ time: T0 });
  await load('/forms/signup', page);
  const send = (/** @type {string} */ email) => page.evaluate((email) => {
    const form = /** @type {HTMLFormElement} */ (document.getElementById('updates'));
    /** @type {HTMLInputElement} */ (form.elements.namedItem('email')).value = email;
    form.requestSubmit();
  }, email);
  // At once (a script's send): too fast, nothing taken.
  await send('script@northwind.example');
  assert.equal((await heard(page)).lead.length, 0);
  // A person who typed in the page's box for 3 s: taken.
  await page.clock.runFor(3000);
  await send('reader@northwind.example');
  assert.equal((await capturedContact(page)).email, 'reader@northwind.example');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a double-click on Send (the page form), a triple-click (an offer form): the focus lands on the thank-you and stays there', async () => {
  let page = await load('/forms/contact');
  await page.fill('#email', 'dana@acme.example');
  await page.fill('#name', 'Dana Roe');
  await page.fill('#company', 'Acme');
  await page.check('#contact [data-leadscore-consent]');
  // The second press lands where the button was, once the form has given way to the thank-you.
  await page.dblclick('#contact button[type=submit]');
  assert.deepEqual(await status(page), { role: 'status', text: contactForm.thanks.en, visible: true, focused: true });
  assert.deepEqual((await heard(page)).lead.map((l) => l.action).slice(0, 1), ['captured'], 'sent once');
  assert.deepEqual(page.problems(), []);
  await page.context().close();

  page = await load('/forms/guide');
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  await page.getByLabel('Work email').pressSequentially('dana@acme.example', { delay: 90 });
  await page.getByLabel(guideForm.consent.text.en).check();
  // An impatient triple-click: the third press no more than the second.
  await page.getByRole('button', { name: 'Get the guide' }).click({ clickCount: 3 });
  assert.deepEqual(await status(page, 'ui'), { role: 'status', text: 'Thank you!', visible: true, focused: true });
  // A later click elsewhere moves the focus as usual.
  await page.getByRole('link', { name: 'Open the guide' }).focus();
  await page.mouse.click(1, 1);
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a double-click on Send: the second press does not follow the page link that the thank-you brought under the pointer; a later click does', async () => {
  const page = await load('/forms/contact');
  // A tall link right after the form: once the form gives way to the thank-you, it is where Send was.
  await page.evaluate(() => {
    const a = Object.assign(document.createElement('a'), { id: 'below', href: '#followed', textContent: 'Read more' });
    a.style.cssText = 'display: block; height: 3000px';
    a.addEventListener('click', () => { /** @type {any} */ (window).linkClicks = (/** @type {any} */ (window).linkClicks || 0) + 1; });
    document.querySelector('#contact')?.after(a);
  });
  await page.fill('#email', 'dana@acme.example');
  await page.fill('#name', 'Dana Roe');
  await page.fill('#company', 'Acme');
  await page.check('#contact [data-leadscore-consent]');
  const at = /** @type {{x: number, y: number, width: number, height: number}} */ (await page.locator('#contact button[type=submit]').boundingBox());
  await page.mouse.dblclick(at.x + at.width / 2, at.y + at.height / 2);
  assert.deepEqual(await status(page), { role: 'status', text: contactForm.thanks.en, visible: true, focused: true });
  assert.equal(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.id, [at.x + at.width / 2, at.y + at.height / 2]), 'below', 'the link is under the pointer');
  assert.deepEqual(await page.evaluate(() => [location.hash, /** @type {any} */ (window).linkClicks || 0]), ['', 0], 'the link under the pointer was not followed');
  // A new click on the link is the visitor's own: followed.
  await page.click('#below');
  assert.deepEqual(await page.evaluate(() => [location.hash, /** @type {any} */ (window).linkClicks || 0]), ['#followed', 1]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form sent faster than its min_fill_seconds (a bot, or browser autofill) is asked to be sent again: nothing kept or sent until then, then the lead goes', async () => {
  const before = env.server.inbox.posts.length;
  const page = await listening(await openPage(env.browser));
  // Date.now() stands still (timers run): the form is sent 0 s after it was seen; the guide form asks for 1 s.
  await page.clock.setFixedTime(T0);
  await load('/forms/guide', page);
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  await page.waitForTimeout(1200); // real time passes; the page's clock does not
  const send = page.getByRole('button', { name: 'Get the guide' });
  // Empty and too fast: the answers' mistakes, as for anyone (never a thank-you for nothing).
  await send.click();
  assert.equal(await page.getByLabel('Work email').getAttribute('aria-invalid'), 'true');
  assert.equal((await status(page, 'ui')).text, `Work email: ${MESSAGES.en.required} Email me the guide. I can unsubscribe any time: ${MESSAGES.en.consent}`);
  await page.getByLabel('Work email').fill('fast@autofill.example');
  await page.getByLabel(guideForm.consent.text.en).check();
  await send.click();
  assert.deepEqual(await status(page, 'ui'),
    { role: 'status', text: 'Please check your answers, then send the form again.', visible: true, focused: false });
  await page.evaluate(() => LeadScore.flush());
  let state = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([state.known, state.contact, state.forms, state.stage], [false, {}, [], 'visitor']);
  assert.deepEqual((await heard(page)).lead, []);
  assert.equal(env.server.inbox.posts.length, before, 'nothing sent');
  assert.equal(await page.evaluate(() => localStorage.getItem('leadscore:v1:queue')), null, 'nothing queued');
  // A person sends it again: by then the time has passed, and the lead goes.
  await page.clock.setFixedTime(T0.getTime() + 1500);
  await send.click();
  assert.deepEqual(await status(page, 'ui'), { role: 'status', text: 'Thank you!', visible: true, focused: true });
  await page.waitForFunction(() => /** @type {any} */ (window).heard.lead.some((l) => l.action === 'delivered'));
  state = await page.evaluate(() => LeadScore.state());
  assert.equal(state.contact.email, 'fast@autofill.example');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** A page form (the config's "callback") on a page that may be sent before the widget has started. */
const EARLY = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Call me back — Northwind</title>
<link rel="icon" href="/favicon.svg"><script src="/leadscore/leadscore.js" data-config="/forms/early.json" defer></script></head>
<body><main><form id="early" data-leadscore-form="callback">
<p><label>Work email <input id="email" name="email" type="email"></label></p>
<p><label>Company <input id="company" name="company"></label></p>
<button type="submit" id="send" name="via" value="button">Call me back</button></form></main></body></html>`;

for (const wasm of ['late', 'late, a browser without requestSubmit (Safari 15)', 'missing', 'stalled, a browser without constructed stylesheets']) {
  const late = wasm.startsWith('late');
  test(`a page form sent while the widget is still loading (its wasm ${wasm}): held, its answers neither in the URL nor heard by the page's own listeners; ${late ? 'taken once the widget has started (filled in since the page was there: not too fast), its lead delivered' : `sent as the page made it once the widget ${wasm === 'missing' ? 'cannot start' : 'has not started within 8 s'} (the page keeps working)`}`, async () => {
    const page = await listening(await openPage(env.browser));
    if (wasm.includes('requestSubmit')) await page.addInitScript(() => { delete (/** @type {any} */ (HTMLFormElement.prototype)).requestSubmit; });
    if (wasm.includes('stylesheets')) await page.addInitScript(() => { /** @type {any} */ (window).CSSStyleSheet = function () { throw new TypeError('no'); }; });
    const url = `${env.server.url}/forms/early`;
    await page.route('**/forms/early', (r) => r.fulfill({ contentType: 'text/html', body: EARLY }));
    const slow = structuredClone(config);
    slow.forms.find((/** @type {any} */ f) => f.id === 'callback').min_fill_seconds = 1;
    await page.route('**/forms/early.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(slow) }));
    await page.route('**/leadscore/leadscore.wasm', async (r) => {
      if (wasm.startsWith('stalled')) return; // never answered
      await new Promise((ok) => setTimeout(ok, 2500));
      if (late) await r.continue();
      else await r.fulfill({ status: 404, body: 'not here' });
    });
    await page.goto(url);
    await page.waitForFunction(() => typeof /** @type {any} */ (window).LeadScore?._register === 'function');
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.pageHeard = 0;
      document.addEventListener('submit', () => w.pageHeard++);
    });
    const email = `early-${wasm.split(',')[0]}-${Date.now()}@northwind.example`;
    await page.fill('#email', email);
    await page.fill('#company', 'Northwind');
    await page.waitForTimeout(1100); // the form's min_fill_seconds
    await page.click('#send');
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-leadscore-ready')), false, 'sent while the widget was loading');
    await page.waitForTimeout(300);
    assert.equal(page.url(), url, 'no answers in the URL');
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).pageHeard), 0, 'not heard by the page before the widget took it');
    if (!late) {
      await page.waitForURL(/email=/, { timeout: 15000 });
      assert.equal(new URL(page.url()).searchParams.get('via'), 'button', 'sent as the page made it, by its button');
      await page.context().close();
      return;
    }
    assert.ok((await waitForInit(page)).ok);
    const lead = await until(() => [...env.server.inbox.leads.values()].find((l) => l.contact?.email === email), 'the lead in the inbox');
    assert.deepEqual([lead.form, lead.contact], ['callback', { email, company: 'Northwind' }]);
    await page.waitForFunction(() => /thank/i.test(document.querySelector('.leadscore-status')?.textContent || ''));
    assert.equal(page.url(), url);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).pageHeard), 1, 'the accepted submit heard once');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

/**
 * A page of the test's own at `path` holding `form` (the config's "callback": email and company required, first_name), with
 * what on('lead') and on('error') hear recorded; `known` told by identify() first, then the page loaded again.
 * @param {string} path @param {string} form @param {Record<string, string>} [known]
 */
async function callbackPage(path, form, known) {
  const page = await listening(await openPage(env.browser));
  await page.route(`**${path}`, (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Call me back</title>
<script src="/leadscore/leadscore.js" data-config="/forms/leadscore.json" defer></script></head><body><main>${form}</main></body></html>` }));
  await load(path, page);
  if (known) {
    await page.evaluate((k) => LeadScore.identify(k), known);
    await load(path, page);
  }
  return page;
}

test('a form already sent is not taken again: a second press of its Send button outside the form (a sticky footer), requestSubmit() again: one lead, the page\'s listener told once', async () => {
  const page = await callbackPage('/forms/footer-send', `<form id="f" data-leadscore-form="callback" action="/thanks" method="post">
<p><label>Work email <input name="email" type="email"></label></p><p><label>Company <input name="company"></label></p></form>
<footer><button form="f" type="submit" id="send">Send</button></footer>`);
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.pageHeard = 0;
    document.addEventListener('submit', () => w.pageHeard++);
  });
  const email = `footer-${Date.now()}@northwind.example`;
  await page.fill('[name=email]', email);
  await page.fill('[name=company]', 'Northwind');
  await page.click('#send');
  assert.equal((await status(page)).text, 'Thank you!');
  await page.waitForTimeout(700);
  await page.click('#send');
  await page.evaluate(() => { /** @type {HTMLFormElement} */ (document.querySelector('#f')).requestSubmit(); });
  await page.waitForTimeout(500);
  const leads = (await heard(page)).lead.filter((/** @type {any} */ l) => l.action === 'captured');
  assert.equal(leads.length, 1, 'one lead captured');
  await until(() => [...env.server.inbox.leads.values()].some((l) => l.contact?.email === email), 'the lead in the inbox');
  await page.waitForTimeout(500);
  assert.equal([...env.server.inbox.leads.values()].filter((l) => l.contact?.email === email).length, 1, 'one lead in the inbox');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).pageHeard), 1, 'the page heard the one it sent');
  assert.equal(page.url(), `${env.server.url}/forms/footer-send`);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('what the visitor told before goes into the page\'s own FormData only for a field the form has an enabled input for: not a field it has no input for, nor one the page disabled', async () => {
  const page = await callbackPage('/forms/known-formdata', `<form id="f" data-leadscore-form="callback" action="/thanks">
<p><label>Work email <input name="email" type="email"></label></p><p><label>Company <input name="company"></label></p>
<fieldset disabled><label>First name <input name="first_name"></label></fieldset></form>`,
  { email: 'ana@northwind.example', company: 'Northwind', first_name: 'Ana', phone: '+1 555 0100 999', job_title: 'CTO' });
  const data = await page.evaluate(() => [...new FormData(/** @type {HTMLFormElement} */ (document.querySelector('#f')))].filter(([k]) => !k.startsWith('leadscore')));
  assert.deepEqual(data, [['email', 'ana@northwind.example'], ['company', 'Northwind']]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a password, card or one-time-code input is never read, even named as a field of the config: not in the lead, not stored; the site owner is told the field has no input', async () => {
  const page = await callbackPage('/forms/secret-inputs', `<form id="f" data-leadscore-form="callback" action="/thanks">
<p><label>Work email <input name="email" type="email"></label></p><p><label>Company <input name="company" autocomplete="cc-number"></label></p>
<p><label>PIN <input name="first_name" type="password"></label></p><button>Send</button></form>`);
  await page.fill('[name=email]', 'pin@northwind.example');
  await page.fill('[name=company]', '4111 1111 1111 1111');
  await page.fill('[name=first_name]', 'hunter2');
  await page.click('button');
  assert.equal((await status(page)).text, 'Thank you!');
  const h = await heard(page);
  assert.deepEqual(h.lead.filter((/** @type {any} */ l) => l.action === 'captured').map((/** @type {any} */ l) => l.payload.contact), [{ email: 'pin@northwind.example' }]);
  assert.deepEqual(h.error, ['leadscore.form.field']);
  const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!kept.includes('hunter2') && !kept.includes('4111'), 'nothing of them stored');
  assert.deepEqual(page.warnings().map((p) => p.replace(/.*(no input in the page for .*?;).*(passwords and card fields are never read)[^]*/, '$1 $2')),
    ['no input in the page for "company", "first_name"; passwords and card fields are never read']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the page\'s own constraints on a field the config has too (required where the config says optional, a pattern, text a number input cannot read) are told as mistakes, one a field, and nothing is sent until they are met', async () => {
  const page = await callbackPage('/forms/page-constraints', `<form id="f" data-leadscore-form="callback" action="/thanks">
<p><label>Work email <input name="email" type="email" required></label></p>
<p><label>Company <input name="company" pattern="[A-Za-z ]{3,}" title="Letters only"></label></p>
<p><label>First name <input name="first_name" required></label></p>
<p><label>Seats <input name="seats" type="number"></label></p><button>Send</button></form>`);
  await page.fill('[name=company]', '1');
  await page.focus('[name=seats]');
  await page.keyboard.type('1-2');
  await page.click('button');
  const shown = await shownErrors(page);
  assert.deepEqual(shown.map((/** @type {any} */ e) => e[0]), ['email', 'company', 'first_name', 'seats'], 'one message a field, in the form\'s order');
  assert.deepEqual([shown[0][1], shown[2][1], shown[3][1]], [MESSAGES.en.required, MESSAGES.en.required, 'Please enter a number.']);
  assert.equal(shown[1][1], 'Please match the requested format.', 'the page\'s pattern, told as the browser tells it');
  assert.equal((await heard(page)).lead.length, 0, 'nothing captured');
  await page.fill('[name=email]', 'ana@northwind.example');
  await page.fill('[name=company]', 'Northwind');
  await page.fill('[name=first_name]', 'Ana');
  await page.fill('[name=seats]', '12');
  await page.click('button');
  assert.equal((await status(page)).text, 'Thank you!');
  assert.deepEqual((await heard(page)).lead.filter((/** @type {any} */ l) => l.action === 'captured').map((/** @type {any} */ l) => l.payload.contact),
    [{ email: 'ana@northwind.example', company: 'Northwind', first_name: 'Ana' }]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page form the config does not have is left alone and reported', async () => {
  const page = await load('/blog/lead-scoring-101');
  // The blog's newsletter form is in the main config: enhanced. A form with an unknown id is not.
  await page.evaluate(() => {
    const form = document.createElement('form');
    form.setAttribute('data-leadscore-form', 'no-such-form');
    form.id = 'stranger';
    document.body.append(form);
  });
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.form.unknown'));
  assert.equal(await page.evaluate(() => document.getElementById('stranger')?.noValidate), false);
  assert.equal(await page.evaluate(() => document.getElementById('newsletter')?.noValidate), true);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** The contact page's form filled in and its consent ticked, as a visitor would. @param {import('playwright-core').Page} page */
async function fillContact(page) {
  await page.fill('#email', 'dana@acme.example');
  await page.fill('#name', 'Dana Roe');
  await page.fill('#company', 'Acme');
  await page.check('#contact [data-leadscore-consent]');
}

test('the page\'s own submit listeners (on the form, its ancestors, document, window; added before or after the widget started) do not run for a submit the widget refuses, as for a natively invalid form, and run once for an accepted one', async () => {
  const page = await listening(await openPage(env.browser));
  // Before the widget starts: an analytics snippet's listeners on window and document.
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.pageHeard = [];
    addEventListener('submit', () => w.pageHeard.push('window'));
    document.addEventListener('submit', () => w.pageHeard.push('document'));
  });
  await load('/forms/contact', page);
  // After it started: the page's own code, in capture and bubble phases.
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    const form = /** @type {HTMLFormElement} */ (document.querySelector('#contact'));
    form.addEventListener('submit', () => w.pageHeard.push('form'));
    form.addEventListener('submit', () => w.pageHeard.push('form capture'), true);
    document.querySelector('main')?.addEventListener('submit', () => w.pageHeard.push('main capture'), true);
    document.body.addEventListener('submit', () => w.pageHeard.push('body'));
    document.addEventListener('submit', () => w.pageHeard.push('document capture'), true);
    addEventListener('submit', () => w.pageHeard.push('window capture'), true);
  });
  const pageHeard = () => page.evaluate(() => /** @type {any} */ ([...window.pageHeard].sort()));
  await page.click('#contact button[type=submit]');
  assert.equal((await shownErrors(page)).length, 4, 'the widget refused the answers');
  assert.deepEqual(await pageHeard(), [], 'refused by a press: no page listener ran');
  await page.fill('#email', 'dana@');
  await page.evaluate(() => /** @type {HTMLFormElement} */ (document.querySelector('#contact')).requestSubmit());
  assert.ok((await shownErrors(page)).length > 0, 'still refused');
  assert.deepEqual(await pageHeard(), [], 'refused by the page\'s requestSubmit(): no page listener ran');
  await fillContact(page);
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await status(page), { role: 'status', text: contactForm.thanks.en, visible: true, focused: true });
  assert.deepEqual(await pageHeard(), ['body', 'document', 'document capture', 'form', 'form capture', 'main capture', 'window', 'window capture'],
    'accepted: each page listener ran once');
  assert.deepEqual((await heard(page)).lead.map((l) => l.action).slice(0, 1), ['captured']);
  assert.equal(page.url(), `${env.server.url}/forms/contact`);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page whose own submit listener stops the event\'s propagation before it reaches the form: the widget still checks the form (no unchecked send to its action) and takes the lead', async () => {
  const page = await load('/forms/contact');
  await page.evaluate(() => {
    document.querySelector('main')?.addEventListener('submit', (e) => e.stopPropagation(), true);
  });
  await page.click('#contact button[type=submit]');
  assert.equal((await shownErrors(page)).length, 4, 'the core\'s messages');
  assert.equal(page.url(), `${env.server.url}/forms/contact`, 'not sent to the form\'s action');
  await fillContact(page);
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await status(page), { role: 'status', text: contactForm.thanks.en, visible: true, focused: true });
  assert.deepEqual((await heard(page)).lead.map((l) => l.action).slice(0, 1), ['captured']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a data-leadscore-form form in a web component\'s open shadow root: the component\'s submit listeners do not run for a refused submit, and run for an accepted one', async () => {
  const page = await load('/forms/contact');
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.pageHeard = [];
    const host = document.createElement('callback-card');
    document.querySelector('main')?.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<form data-leadscore-form="callback"><label>Email <input name="email"></label>' +
      '<label>Company <input name="company"></label><button type="submit">Call me</button></form>';
    const form = /** @type {HTMLFormElement} */ (root.querySelector('form'));
    form.addEventListener('submit', () => w.pageHeard.push('form'));
    root.addEventListener('submit', () => w.pageHeard.push('root'));
  });
  await page.waitForFunction(() => document.querySelector('callback-card')?.shadowRoot?.querySelector('form')?.noValidate);
  // The component's code, once the widget has the form (a capture listener on the root added before that would hear it first).
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    document.querySelector('callback-card')?.shadowRoot?.addEventListener('submit', () => w.pageHeard.push('root capture'), true);
  });
  const pageHeard = () => page.evaluate(() => /** @type {any} */ ([...window.pageHeard].sort()));
  await page.click('callback-card >> button');
  assert.equal(await page.getAttribute('callback-card >> input[name=email]', 'aria-invalid'), 'true', 'the widget refused the answers');
  assert.deepEqual(await pageHeard(), []);
  await page.fill('callback-card >> input[name=email]', 'ana@northwind.example');
  await page.fill('callback-card >> input[name=company]', 'Northwind');
  await page.click('callback-card >> button');
  assert.equal(await page.evaluate(() => document.querySelector('callback-card')?.shadowRoot?.querySelector('.leadscore-status')?.textContent), 'Thank you!');
  assert.deepEqual(await pageHeard(), ['form', 'root', 'root capture']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a driven page form that a web component then moves into its open shadow root: the component\'s capture listener on that root does not run for a refused submit, and runs for an accepted one', async () => {
  const page = await listening(await openPage(env.browser));
  await load('/forms/contact', page);
  await page.evaluate(() => {
    const host = document.createElement('contact-card');
    document.querySelector('main')?.append(host);
    host.attachShadow({ mode: 'open' }).append(/** @type {Element} */ (document.querySelector('#contact')));
    // A form the config lacks, added with it: once it is reported, the widget has looked at the page again.
    const other = document.createElement('form');
    other.setAttribute('data-leadscore-form', 'no-such-form');
    document.querySelector('main')?.append(other);
  });
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.form.unknown'));
  // The component's code, once the widget has looked again.
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.pageHeard = [];
    const root = /** @type {ShadowRoot} */ (document.querySelector('contact-card')?.shadowRoot);
    root.addEventListener('submit', () => w.pageHeard.push('root capture'), true);
    root.addEventListener('submit', () => w.pageHeard.push('root'));
    root.querySelector('form')?.addEventListener('submit', () => w.pageHeard.push('form'));
  });
  const pageHeard = () => page.evaluate(() => /** @type {any} */ ([...window.pageHeard].sort()));
  await page.click('contact-card >> button[type=submit]');
  assert.equal((await shownErrors(page, 'contact-card')).length, 4, 'the widget refused the answers');
  assert.deepEqual(await pageHeard(), [], 'refused: no listener of the component ran');
  await fillContact(page);
  await page.click('contact-card >> button[type=submit]');
  await page.waitForFunction(() => /** @type {any} */ (window).heard.lead.length > 0);
  assert.deepEqual((await heard(page)).lead.map((l) => l.action).slice(0, 1), ['captured']);
  assert.deepEqual(await pageHeard(), ['form', 'root', 'root capture'], 'accepted: each ran once');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('data-leadscore-form on an element that is not a <form> (a <div> wrapping the inputs) is reported once, saying the attribute belongs on the <form>', async () => {
  const page = await listening(await openPage(env.browser));
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.said = [];
    w.LeadScore.push(['on', 'error', (/** @type {any} */ e) => w.said.push(e.message)]);
  });
  await load('/forms/guide', page);
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.setAttribute('data-leadscore-form', 'contact');
    box.innerHTML = '<form><input name="email"><button>Send</button></form>';
    document.querySelector('main')?.append(box);
  });
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.form.element'));
  // A later look for forms (it finds a new form, with an id the config lacks) does not report the <div> again.
  await page.evaluate(() => {
    const form = document.createElement('form');
    form.setAttribute('data-leadscore-form', 'no-such-form');
    document.querySelector('main')?.append(form);
  });
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.form.unknown'));
  assert.deepEqual((await heard(page)).error.filter((id) => id === 'leadscore.form.element'), ['leadscore.form.element']);
  const said = await page.evaluate(() => /** @type {any} */ (window).said.filter((m) => m.includes('leadscore.form.element')));
  assert.equal(said.length, 1);
  assert.match(said[0], /<div data-leadscore-form="contact">.*belongs on the <form> element/);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a driven form whose data-leadscore-form the page changes is driven as the new form (checked and delivered as it); changed to an id the config lacks, or taken off, it is left alone', async () => {
  let page = await load('/forms/contact');
  // The page's framework makes it the "callback" form (email and company required; no consent box).
  await page.evaluate(() => document.querySelector('#contact')?.setAttribute('data-leadscore-form', 'callback'));
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.includes('leadscore.form.field')); // callback's first_name: no input here
  assert.equal(await page.locator('#contact [data-leadscore-consent]').count(), 0, 'the contact form\'s consent box is gone');
  assert.equal(await page.locator('#contact [name=leadscore_website]').count(), 1, 'one honeypot');
  await page.fill('#email', 'ana@northwind.example');
  await page.fill('#company', 'Northwind');
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await shownErrors(page), [], 'not checked as the contact form (its name, its consent)');
  assert.deepEqual(await status(page), { role: 'status', text: 'Thank you!', visible: true, focused: true });
  await page.evaluate(() => LeadScore.flush());
  const [captured] = (await heard(page)).lead;
  assert.deepEqual([captured.action, captured.payload.form, captured.payload.contact], ['captured', 'callback', { email: 'ana@northwind.example', company: 'Northwind' }]);
  assert.equal(await page.locator('.leadscore-status').count(), 1);
  await page.context().close();

  for (const change of ['unknown', 'removed']) {
    page = await load('/forms/contact');
    await page.evaluate((change) => {
      const form = document.querySelector('#contact');
      if (change === 'unknown') form?.setAttribute('data-leadscore-form', 'no-such-form');
      else form?.removeAttribute('data-leadscore-form');
    }, change);
    await page.waitForFunction(() => !(/** @type {HTMLFormElement} */ (document.querySelector('#contact')).noValidate));
    // Left as the page made it: its own inputs all shown, nothing of the widget's in it.
    assert.deepEqual(await pageFields(page), {
      email: 'shown', name: 'shown', company: 'shown', company_size: 'shown', job_title: 'shown', phone: 'shown',
    }, change);
    assert.equal(await page.locator('#contact [data-leadscore-consent], #contact [name=leadscore_website], .leadscore-status').count(), 0, change);
    if (change === 'unknown') assert.ok((await heard(page)).error.includes('leadscore.form.unknown'));
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  }
});

test('a driven form then left alone (its data-leadscore-form set to an id the config lacks, or taken off) is as the page made it: the widget\'s aria-required, disabling and hiding gone, the page\'s own kept', async () => {
  for (const change of ['unknown', 'removed']) {
    const page = await load('/forms/contact');
    // The page's own form: name says it is not required, company that it is, job title disabled (not
    // asked: no input the visitor can fill in), phone (hidden by the plan) its label shown as a block.
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.id = 'own';
      form.innerHTML = '<label>Work email <input name="email"></label><label>Full name <input name="name" aria-required="false"></label>' +
        '<label>Company <input name="company" aria-required="true"></label><label>Job title <input name="job_title" disabled></label>' +
        '<label style="display: block">Phone <input name="phone"></label><button>Send</button>';
      document.querySelector('main')?.append(form);
    });
    const look = () => page.evaluate(() => [...document.querySelectorAll('#own label:not(.leadscore-consent) > input')].map((el) =>
      [/** @type {any} */ (el).name, el.getAttribute('aria-required'), /** @type {any} */ (el).disabled, /** @type {HTMLElement} */ (el.closest('label')).style.display]));
    const had = await look();
    await page.evaluate(() => document.querySelector('#own')?.setAttribute('data-leadscore-form', 'contact'));
    await page.waitForFunction(() => /** @type {HTMLFormElement} */ (document.querySelector('#own')).noValidate);
    assert.deepEqual(await look(), [['email', 'true', false, ''], ['name', 'true', false, ''], ['company', 'true', false, ''],
      ['job_title', null, true, ''], ['phone', null, true, 'none']], 'driven: the asked fields required, phone hidden and disabled, job title as the page has it');
    await page.evaluate((change) => {
      const form = document.querySelector('#own');
      if (change === 'unknown') form?.setAttribute('data-leadscore-form', 'no-such-form');
      else form?.removeAttribute('data-leadscore-form');
    }, change);
    await page.waitForFunction(() => !(/** @type {HTMLFormElement} */ (document.querySelector('#own')).noValidate));
    assert.deepEqual(await look(), had, `${change}: each input's aria-required, disabled and box as the page made them`);
    assert.deepEqual(had, [['email', null, false, ''], ['name', 'false', false, ''], ['company', 'true', false, ''], ['job_title', null, true, ''], ['phone', null, false, 'block']]);
    assert.equal(await page.evaluate(() => document.querySelector('#own')?.querySelectorAll('[aria-invalid], [data-leadscore-consent], [name=leadscore_website]').length), 0);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  }
});

test('a page form without inputs for some of the config\'s fields ("Email" for email, no company): the developer is told which, once; the visitor is not asked them and the lead goes', async () => {
  const page = await listening(await openPage(env.browser));
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.said = [];
    w.LeadScore.push(['on', 'error', (/** @type {any} */ e) => w.said.push(e.message)]);
  });
  await load('/forms/callback', page);
  await page.waitForFunction(() => /** @type {any} */ (window).heard.error.length > 0);
  const told = 'form "callback": no input in the page for "email", "company"; not asked here ' +
    '(the form\'s inputs: "Email", "first_name"; names are case-sensitive)';
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).said), [`[leadscore.form.field] ${told}`]);
  assert.deepEqual((await heard(page)).error, ['leadscore.form.field']);
  const console = page.warnings().filter((w) => w.includes('[leadscore.form.field]'));
  assert.ok(console.length === 1 && console[0].includes(told), page.warnings().join('\n'));

  await page.fill('[name=Email]', 'ana@northwind.example');
  await page.fill('[name=first_name]', 'Ana');
  await page.click('#callback button[type=submit]');
  // No message about fields the visitor cannot see: the thank-you, and the lead with what the page asked.
  assert.deepEqual(await shownErrors(page), []);
  assert.deepEqual(await status(page), { role: 'status', text: 'Thank you!', visible: true, focused: true });
  await page.evaluate(() => LeadScore.flush());
  const { lead, error } = await heard(page);
  assert.deepEqual(lead.map((l) => l.action), ['captured', 'delivered']);
  const [payload] = received([lead[0].id]);
  assert.deepEqual({ reason: payload.reason, form: payload.form, contact: payload.contact },
    { reason: 'form_submit', form: 'callback', contact: { first_name: 'Ana' } });
  assert.deepEqual(error, ['leadscore.form.field'], 'told once, when the widget took the form');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page form whose inputs sit inside their <label>s (one label its data-leadscore-field box): a mistake\'s message is not read as part of the field\'s name, it describes the field', async () => {
  const page = await load('/forms/labels');
  const cdp = await page.context().newCDPSession(page);
  /** [name, description, invalid] of the text fields, as the accessibility tree gives them to a screen reader. */
  const textboxes = async () => {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored && n.role?.value === 'textbox')
      .map((n) => [n.name?.value, n.description?.value ?? '', n.properties?.find((p) => p.name === 'invalid')?.value.value ?? 'false']);
  };
  assert.deepEqual(await textboxes(), [['Work email', '', 'false'], ['Company', '', 'false'], ['First name', '', 'false']]);
  await page.fill('[name=email]', 'ana@');
  await page.click('#callback button[type=submit]');
  assert.deepEqual(await shownErrors(page), [['email', MESSAGES.en.email, true], ['company', MESSAGES.en.required, true]]);
  assert.deepEqual(await textboxes(), [
    ['Work email', MESSAGES.en.email, 'true'], ['Company', MESSAGES.en.required, 'true'], ['First name', '', 'false'],
  ]);
  // Fixed: the marks go, the names stay.
  await page.fill('[name=email]', 'ana@northwind.example');
  await page.fill('[name=company]', 'Northwind');
  await page.click('#callback button[type=submit]');
  assert.deepEqual(await status(page), { role: 'status', text: 'Thank you!', visible: true, focused: true });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * The form's controls and groups as the accessibility tree gives them to a
 * screen reader: "role name" -> {invalid, required, description, focused}.
 * @param {import('playwright-core').Page} page
 */
async function controls(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  /** @type {Record<string, {invalid: string, required: boolean, description: string, focused: boolean}>} */
  const out = {};
  for (const n of nodes) {
    if (n.ignored || !['group', 'textbox', 'checkbox', 'button'].includes(n.role?.value)) continue;
    const prop = (/** @type {string} */ name) => n.properties?.find((p) => p.name === name)?.value.value;
    out[`${n.role.value} ${n.name?.value ?? ''}`] = { invalid: prop('invalid') ?? 'false', required: prop('required') ?? false,
      description: n.description?.value ?? '', focused: prop('focused') ?? false };
  }
  return out;
}

/**
 * The booking form at `path` (served as `html` when given: a page of the
 * test's own), every field right but the time, sent.
 * @param {string} path @param {string} [html]
 */
async function bookWithoutTime(path, html) {
  const page = await listening(await openPage(env.browser));
  if (html) await page.route(`**${path}`, (r) => r.fulfill({ contentType: 'text/html', body: html }));
  await load(path, page);
  await page.fill('#email', 'ana@northwind.example');
  await page.check('#terms');
  await page.check('#booking [data-leadscore-consent]');
  await page.click('#booking button[type=submit]');
  return page;
}

/** A booking page of a test's own: `fields` in its form, the work email and terms boxes after them (`end`: what closes the form's content). */
const bookingPage = (/** @type {string} */ fields, end = '</form>') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Book a call</title>
<script src="/leadscore/leadscore.js" data-config="/forms/leadscore.json" defer></script></head>
<body><main><form id="booking" data-leadscore-form="booking" action="/thanks" method="post">
${fields}
<div class="field" data-leadscore-field><label for="email">Work email</label><input id="email" name="email" type="email"></div>
<div class="field" data-leadscore-field><input id="terms" name="terms" type="checkbox"> <label for="terms">I accept the booking terms</label></div>
<button type="submit">Book the call</button>${end}</main></body></html>`;

test('a page-made choice (buttons filling a hidden input, in a <fieldset>) left empty: its group is marked invalid and described by the message, and the focus goes to its first button, not to a valid field', async () => {
  const page = await bookWithoutTime('/forms/booking');
  const ax = await controls(page);
  assert.deepEqual(ax['group Pick a time'], { invalid: 'true', required: false, description: MESSAGES.en.option, focused: false });
  // The control the focus goes to says why too (a screen reader landing on it may not read the group's description).
  assert.deepEqual(ax['button Tuesday 10:00'], { invalid: 'false', required: false, description: MESSAGES.en.option, focused: true });
  assert.equal(ax['textbox Work email'].invalid, 'false');
  assert.equal(ax['textbox Work email'].focused, false);
  // The message is shown in the group; nothing is said about the hidden input itself.
  assert.deepEqual(await page.evaluate(() => {
    const slot = /** @type {HTMLInputElement} */ (document.querySelector('[name=slot]'));
    const msg = document.querySelector('#booking fieldset .leadscore-error');
    return { invalid: slot.getAttribute('aria-invalid'), describedby: slot.getAttribute('aria-describedby'), shown: msg?.checkVisibility() };
  }), { invalid: null, describedby: null, shown: true });
  // A time picked: the marks go and the call is booked.
  await page.evaluate(() => {
    /** @type {HTMLInputElement} */ (document.querySelector('[name=slot]')).value = 'Tuesday 10:00';
  });
  await page.click('#booking button[type=submit]');
  assert.deepEqual(await status(page), { role: 'status', text: 'Thank you!', visible: true, focused: true });
  assert.equal(await page.evaluate(() => document.querySelector('#booking fieldset')?.getAttribute('aria-invalid')), null);
  assert.equal(await page.getAttribute('#booking fieldset button', 'aria-describedby'), null, 'the button as the page made it');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a hidden input left empty in a <fieldset> that holds the whole form (its other fields too): the fieldset is not marked and the focus stays off the valid fields; the message is shown in the status line, named by the config\'s label', async () => {
  const page = await bookWithoutTime('/forms/booking-one-group',
    bookingPage('<fieldset><legend>Book a call</legend>\n<input type="hidden" name="slot">', '</fieldset></form>'));
  const ax = await controls(page);
  assert.equal(ax['group Book a call'].invalid, 'false', 'the whole form is not called invalid');
  assert.equal(ax['textbox Work email'].focused, false);
  assert.deepEqual(await status(page), { role: 'status', text: `Time: ${MESSAGES.en.option}`, visible: true, focused: false });
  assert.equal(await page.locator('#booking .leadscore-error').count(), 0, 'no message put in the group after its button');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a custom dropdown over a hidden <select> that has its own <label> (in a [data-leadscore-field] box) left empty: the summary names it by that label, as the page shows it, not by the config\'s', async () => {
  const page = await bookWithoutTime('/forms/booking-dropdown', bookingPage(`<div class="field" data-leadscore-field><label for="slot">Your time slot</label>
<select id="slot" name="slot" style="display:none"><option value=""></option><option>Tuesday 10:00</option></select>
<button type="button" aria-haspopup="listbox">Choose a time</button></div>`));
  assert.equal((await status(page)).text, `Your time slot: ${MESSAGES.en.option}`);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Choose a time', 'the focus on the dropdown\'s button');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a custom dropdown left empty whose box holds, before its button, what the keyboard cannot reach (a link without href, a control in a disabled <fieldset>, one made invisible or inert): the focus and the message\'s description go to its button', async () => {
  const page = await bookWithoutTime('/forms/booking-dropdown-unreachable', bookingPage(`<div class="field" data-leadscore-field><label for="slot">Your time slot</label>
<select id="slot" name="slot" style="display:none"><option value=""></option><option>Tuesday 10:00</option></select>
<a class="hint" title="Times are in your time zone">?</a>
<fieldset disabled><button type="button">Earlier times</button></fieldset>
<button type="button" style="visibility:hidden">Clear</button><div inert><button type="button">Later times</button></div>
<button type="button" aria-haspopup="listbox">Choose a time</button></div>`));
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Choose a time', 'the focus on the dropdown\'s button');
  const ax = await controls(page);
  assert.deepEqual(ax['button Choose a time'], { invalid: 'false', required: false, description: MESSAGES.en.option, focused: true });
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#booking [aria-describedby]')].map((x) => x.matches('[data-leadscore-field]') ? 'box' : x.textContent)),
    ['box', 'Choose a time'], 'only the box and its button described by the message');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * The booking page `html` (served at `path`), its email filled and the consent ticked; `choose` then does
 * the rest and the form is sent: the lead's payload, or null when none was captured.
 * @param {string} path @param {string} html @param {(page: import('playwright-core').Page) => Promise<void>} choose
 */
async function bookAs(path, html, choose) {
  const page = await listening(await openPage(env.browser));
  await page.route(`**${path}`, (r) => r.fulfill({ contentType: 'text/html', body: html }));
  await load(path, page);
  await page.fill('#email', 'ana@northwind.example');
  await page.check('#booking [data-leadscore-consent]');
  await choose(page);
  await page.click('#booking button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#booking + .leadscore-status')?.textContent);
  const captured = (await heard(page)).lead.filter((/** @type {any} */ l) => l.action === 'captured');
  return { page, payload: captured[0]?.payload || null };
}

test('a time the page disabled (booked) stays disabled when the widget takes the form; the time chosen among radios is the one the lead carries', async () => {
  const { page, payload } = await bookAs('/forms/booking-radios', bookingPage(`<fieldset><legend>Pick a time</legend>
<label><input type="radio" name="slot" value="Tuesday 10:00" id="tue" disabled> Tuesday 10:00 (booked)</label>
<label><input type="radio" name="slot" value="Wednesday 14:30" id="wed"> Wednesday 14:30</label></fieldset>`), async (page) => {
    assert.equal(await page.isDisabled('#tue'), true, 'the booked time still cannot be chosen');
    await page.check('#wed');
    await page.check('#terms');
  });
  assert.equal(payload?.contact.slot, 'Wednesday 14:30');
  assert.equal(await page.isDisabled('#tue'), true);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a required field whose controls the page disabled (in a <fieldset disabled>, as the browser would not send them) is not asked: the lead is sent without it, and nothing is reported; once the page enables them, it is asked', async () => {
  // The page opens the time choice only for a visitor who would rather pick one than be called as soon as possible.
  const html = bookingPage(`<label><input type="checkbox" id="pick"> I would rather pick a time</label>
<fieldset id="times" disabled><legend>Pick a time</legend><select name="slot" id="slot"><option value=""></option><option>Tuesday 10:00</option></select></fieldset>
<script>pick.onchange = () => (times.disabled = !pick.checked);</script>`);
  const asap = await bookAs('/forms/booking-closed-times', html, (page) => page.check('#terms'));
  assert.equal((await status(asap.page)).text, 'Thank you!', 'sent, not asked for a time the visitor cannot choose');
  assert.ok(asap.payload && !('slot' in asap.payload.contact), JSON.stringify(asap.payload?.contact));
  assert.deepEqual((await heard(asap.page)).error, [], 'a field the page disabled is no missing input');
  assert.deepEqual(asap.page.problems(), []);
  await asap.page.context().close();
  const picking = await bookAs('/forms/booking-closed-times', html, async (page) => {
    await page.check('#pick');
    await page.check('#terms');
  });
  assert.equal(picking.payload, null, 'the times open, none chosen: refused');
  assert.equal((await status(picking.page)).text, `Time: ${MESSAGES.en.option}`);
  assert.equal(await picking.page.evaluate(() => document.activeElement?.id), 'slot', 'the focus on the time');
  assert.deepEqual(picking.page.problems(), []);
  await picking.page.context().close();
});

test('a choice made with checkboxes (one ticked of two): the lead carries the ticked one, not the first; none ticked is refused as no choice', async () => {
  const times = `<fieldset><legend>Pick a time</legend>
<label><input type="checkbox" name="slot" value="Tuesday 10:00" id="tue"> Tuesday 10:00</label>
<label><input type="checkbox" name="slot" value="Wednesday 14:30" id="wed"> Wednesday 14:30</label></fieldset>`;
  const none = await bookAs('/forms/booking-boxes', bookingPage(times), (page) => page.check('#terms'));
  assert.equal(none.payload, null, 'no time chosen: refused');
  assert.deepEqual((await status(none.page)).text, `Pick a time: ${MESSAGES.en.option}`, 'named by the group, not by its first choice');
  assert.equal(await none.page.getAttribute('#booking fieldset', 'aria-invalid'), 'true', 'the group marked');
  await none.page.context().close();
  const { page, payload } = await bookAs('/forms/booking-boxes', bookingPage(times), async (page) => {
    await page.check('#wed');
    await page.check('#terms');
  });
  assert.equal(payload?.contact.slot, 'Wednesday 14:30');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a required yes/no box asked with two radios: "No" is refused as not ticked, "Yes" is sent as ticked', async () => {
  const html = bookingPage('<select name="slot"><option>Tuesday 10:00</option></select>').replace(
    '<div class="field" data-leadscore-field><input id="terms" name="terms" type="checkbox"> <label for="terms">I accept the booking terms</label></div>',
    '<fieldset><legend>I accept the booking terms</legend><label><input type="radio" name="terms" value="yes" id="yes"> Yes</label> <label><input type="radio" name="terms" value="no" id="no"> No</label></fieldset>');
  assert.ok(html.includes('id="no"'));
  const no = await bookAs('/forms/booking-yes-no', html, (page) => page.check('#no'));
  assert.equal(no.payload, null, '"No" is not accepting the terms');
  assert.deepEqual((await status(no.page)).text, `I accept the booking terms: ${MESSAGES.en.consent}`);
  await no.page.context().close();
  const yes = await bookAs('/forms/booking-yes-no', html, (page) => page.check('#yes'));
  assert.equal(yes.payload?.contact.terms, 'true');
  assert.deepEqual(yes.page.problems(), []);
  await yes.page.context().close();
});

test('the page\'s own required control the config does not know (its privacy box): unticked, the submit is refused as the browser would refuse it, nothing captured and the page\'s submit listener not run; ticked, the lead goes', async () => {
  const page = await listening(await openPage(env.browser));
  await page.route('**/forms/booking-privacy', (r) => r.fulfill({ contentType: 'text/html', body: bookingPage(`<select name="slot"><option>Tuesday 10:00</option></select>
<label><input type="checkbox" name="privacy" id="privacy" required> I have read the privacy notice</label>
<script>window.sent = 0; document.getElementById('booking').addEventListener('submit', () => window.sent++);</script>`) }));
  await load('/forms/booking-privacy', page);
  await page.fill('#email', 'ana@northwind.example');
  await page.check('#terms');
  await page.check('#booking [data-leadscore-consent]');
  await page.click('#booking button[type=submit]');
  await page.waitForFunction(() => document.activeElement?.id === 'privacy');
  assert.deepEqual(await page.evaluate(() => [/** @type {any} */ (window).sent, /** @type {HTMLInputElement} */ (document.getElementById('privacy')).validity.valueMissing]), [0, true]);
  assert.deepEqual((await heard(page)).lead, [], 'nothing captured');
  await page.check('#privacy');
  await page.click('#booking button[type=submit]');
  await page.waitForFunction(() => /** @type {any} */ (window).heard.lead.some((/** @type {any} */ l) => l.action === 'captured'));
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).sent), 1);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

for (const [lang, privacy, terms] of [['vi', 'Tôi đã đọc thông báo bảo mật', 'Tôi đồng ý với điều khoản đặt lịch'], ['fa', 'اطلاعیهٔ حریم خصوصی را خوانده‌ام', 'شرایط رزرو را می‌پذیرم']]) {
  test(`the page's own required privacy box the config does not know, on a page in ${lang}: left unticked, it is told as the widget's mistakes are (in the page's language, marked, after its label, in the spoken summary with the others, focused), not with the browser's own bubble; ticked, the lead goes`, async () => {
    const page = await listening(await openPage(env.browser));
    const html = bookingPage(`<select name="slot"><option>Tuesday 10:00</option></select>
<div class="field"><label><input type="checkbox" name="privacy" id="privacy" required> ${privacy}</label></div>
<script>window.sent = 0; document.getElementById('booking').addEventListener('submit', () => window.sent++);</script>`)
      .replace('lang="en"', `lang="${lang}"`).replace('I accept the booking terms', terms);
    await page.route(`**/forms/booking-privacy-${lang}`, (r) => r.fulfill({ contentType: 'text/html', body: html }));
    await load(`/forms/booking-privacy-${lang}`, page);
    await page.check('#terms');
    await page.check('#booking [data-leadscore-consent]');
    await page.click('#booking button[type=submit]'); // no email, the privacy box unticked
    await page.waitForFunction(() => document.activeElement?.id === 'privacy');
    assert.deepEqual(await shownErrors(page), [['privacy', MESSAGES[lang].consent, true], ['email', MESSAGES[lang].required, true]]);
    assert.equal((await status(page)).text, `${privacy}: ${MESSAGES[lang].consent} Work email: ${MESSAGES[lang].required}`);
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).sent), 0, 'the page\'s submit listener not run');
    assert.deepEqual((await heard(page)).lead, [], 'nothing captured');
    await page.check('#privacy');
    await page.fill('#email', 'ana@northwind.example');
    await page.click('#booking button[type=submit]');
    await page.waitForFunction(() => /** @type {any} */ (window).heard.lead.some((/** @type {any} */ l) => l.action === 'captured'));
    assert.deepEqual(await shownErrors(page), [], 'the marks gone');
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).sent), 1);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('a refused submit with mistakes in the page\'s own required privacy box (between two of the config\'s fields) and in the config\'s fields: the spoken summary lists them in the form\'s order, and the focus goes to the first of them in the form, not to the page\'s own box', async () => {
  const page = await listening(await openPage(env.browser));
  const html = bookingPage('<select name="slot"><option>Tuesday 10:00</option></select>').replace('<div class="field" data-leadscore-field><input id="terms"',
    '<div class="field"><label><input type="checkbox" name="privacy" id="privacy" required> I have read the privacy notice</label></div>\n$&');
  await page.route('**/forms/booking-privacy-between', (r) => r.fulfill({ contentType: 'text/html', body: html }));
  await load('/forms/booking-privacy-between', page);
  await page.click('#booking button[type=submit]'); // no email, neither box ticked
  await page.waitForFunction(() => document.querySelector('#booking + .leadscore-status')?.textContent);
  assert.equal((await status(page)).text, `Work email: ${MESSAGES.en.required} I have read the privacy notice: ${MESSAGES.en.consent} ` +
    `I accept the booking terms: ${MESSAGES.en.consent} Email me about this call: ${MESSAGES.en.consent}`);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the focus on the first mistake in the form');
  assert.deepEqual(await shownErrors(page), [['email', MESSAGES.en.required, true], ['privacy', MESSAGES.en.consent, true], ['terms', MESSAGES.en.consent, true], ['consent', MESSAGES.en.consent, true]]);
  assert.deepEqual((await heard(page)).lead, [], 'nothing captured');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a refused page form that the page\'s code then resets (form.reset()), nothing else changed: the mistakes shown, their marks and their spoken summary go with the answers; a later submit is checked afresh', async () => {
  const page = await listening(await openPage(env.browser));
  await page.route('**/forms/booking-reset', (r) => r.fulfill({ contentType: 'text/html', body: bookingPage('<select name="slot"><option>Tuesday 10:00</option></select>') }));
  await load('/forms/booking-reset', page);
  await page.fill('#email', 'ana@');
  await page.click('#booking button[type=submit]');
  await page.waitForFunction(() => document.activeElement?.id === 'email');
  assert.deepEqual(await shownErrors(page), [['email', MESSAGES.en.email, true], ['terms', MESSAGES.en.consent, true], ['consent', MESSAGES.en.consent, true]]);
  await page.evaluate(() => /** @type {HTMLFormElement} */ (document.getElementById('booking')).reset());
  assert.equal(await page.inputValue('#email'), '', 'the page emptied the form');
  await page.waitForFunction(() => !document.querySelector('#booking [aria-invalid], #booking .leadscore-error'), undefined, { timeout: 5000 });
  assert.deepEqual(await shownErrors(page), []);
  assert.equal((await status(page)).text, '', 'the spoken summary gone');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the focus left where it was');
  await page.click('#booking button[type=submit]');
  assert.deepEqual(await shownErrors(page), [['email', MESSAGES.en.required, true], ['terms', MESSAGES.en.consent, true], ['consent', MESSAGES.en.consent, true]]);
  assert.deepEqual((await heard(page)).lead, [], 'nothing captured');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a refused page form: a mistake the visitor puts right goes at their change (its mark, its message, its part of the spoken summary), the others stay, untold again; all put right, none is shown', async () => {
  const page = await listening(await openPage(env.browser));
  await page.route('**/forms/booking-fix', (r) => r.fulfill({ contentType: 'text/html', body: bookingPage('<select name="slot"><option>Tuesday 10:00</option></select>') }));
  await load('/forms/booking-fix', page);
  await page.fill('#email', 'ana@');
  await page.click('#booking button[type=submit]');
  await page.waitForFunction(() => document.activeElement?.id === 'email');
  assert.deepEqual(await shownErrors(page), [['email', MESSAGES.en.email, true], ['terms', MESSAGES.en.consent, true], ['consent', MESSAGES.en.consent, true]]);
  const before = (await status(page)).text;
  await page.fill('#email', 'ana@example.com');
  await page.locator('#email').blur(); // the change
  await page.waitForFunction(() => !document.querySelector('#email[aria-invalid]'), undefined, { timeout: 5000 });
  assert.deepEqual(await shownErrors(page), [['terms', MESSAGES.en.consent, true], ['consent', MESSAGES.en.consent, true]]);
  const after = (await status(page)).text;
  assert.ok(before.includes(MESSAGES.en.email) && !after.includes(MESSAGES.en.email) && after.includes(MESSAGES.en.consent), `${before} → ${after}`);
  // A change that puts nothing right: the summary is not written (read out) again.
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.rewrites = 0;
    new MutationObserver((m) => { w.rewrites += m.length; }).observe(/** @type {Node} */ (document.querySelector('.leadscore-status')), { childList: true, characterData: true, subtree: true });
  });
  await page.fill('#email', 'ana@example.org');
  await page.locator('#email').blur();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).rewrites), 0);
  await page.check('#terms');
  await page.check('#booking [data-leadscore-consent]');
  await page.waitForFunction(() => !document.querySelector('#booking [aria-invalid], #booking .leadscore-error'), undefined, { timeout: 5000 });
  assert.equal((await status(page)).text, '', 'the spoken summary gone');
  assert.deepEqual((await heard(page)).lead, [], 'nothing sent before the visitor sends it');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page that stops pointerup before the widget hears it: after a click on Send, a mistake put right by keyboard still goes at the change (the press ends with its click)', async () => {
  const page = await listening(await openPage(env.browser));
  await page.addInitScript(() => addEventListener('pointerup', (e) => e.stopImmediatePropagation(), true));
  await page.route('**/forms/booking-stopper', (r) => r.fulfill({ contentType: 'text/html', body: bookingPage('<select name="slot"><option>Tuesday 10:00</option></select>') }));
  await load('/forms/booking-stopper', page);
  await page.fill('#email', 'ana@');
  await page.click('#booking button[type=submit]');
  await page.waitForFunction(() => document.activeElement?.id === 'email');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  await page.fill('#email', 'ana@example.com');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => !document.querySelector('#email[aria-invalid]'), undefined, { timeout: 5000 });
  assert.deepEqual(await shownErrors(page), [['terms', MESSAGES.en.consent, true], ['consent', MESSAGES.en.consent, true]]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the spoken summary of a refused submit names each field as the page shows it (its <label>, its group\'s <legend>, the consent text); each field\'s own message stays as it is', async () => {
  const page = await load('/forms/booking');
  await page.click('#booking button[type=submit]');
  assert.deepEqual(await status(page), { role: 'status', visible: false, focused: false, text:
    'Pick a time: Please choose one of the options. Work email: Please fill in this field. ' +
    'I accept the booking terms: Please tick the box to continue. Email me about this call: Please tick the box to continue.' });
  assert.deepEqual(await shownErrors(page), [
    ['', MESSAGES.en.option, true], ['email', MESSAGES.en.required, true], ['terms', MESSAGES.en.consent, true], ['consent', MESSAGES.en.consent, true],
  ]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the required consent box the widget adds (page form and offer form) is marked required before any submit, as the page\'s required inputs are, and not called invalid before it is touched', async () => {
  // Chromium's accessibility tree (CDP) gives no "required" for a checkbox, whatever its markup: the attribute is read.
  /** aria-required of the consent box and the terms box, and whether the tree calls them invalid. @param {import('playwright-core').Page} page @param {string} sel */
  const boxes = async (page, sel) => {
    const ax = await controls(page);
    const invalid = Object.entries(ax).filter(([k, v]) => k.startsWith('checkbox') && v.invalid !== 'false').map(([k]) => k);
    return { required: await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((h) => (h.shadowRoot || document)
      .querySelector('[data-leadscore-consent]')?.getAttribute('aria-required')).filter((r) => r !== undefined), sel), invalid };
  };
  const page = await load('/forms/booking');
  assert.deepEqual(await boxes(page, 'html'), { required: ['true'], invalid: [] });
  assert.equal(await page.getAttribute('#terms', 'aria-required'), 'true', 'the page\'s terms box, a required checkbox field');
  await page.context().close();

  const offer = await load('/forms/guide');
  await offer.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  assert.deepEqual(await boxes(offer, 'leadscore-ui'), { required: ['true'], invalid: [] });
  assert.deepEqual(offer.problems(), []);
  await offer.context().close();
});

test('a required checkbox field of an offer\'s form is said to be required, and not called invalid before the visitor touched it (the core checks it on submit)', async () => {
  const page = await listening(await openPage(env.browser));
  // The guide form with its newsletter box required.
  const required = { ...config, forms: config.forms.map((f) => f.id !== 'guide' ? f
    : { ...f, fields: f.fields.map((x) => (x.name === 'updates' ? { ...x, required: true } : x)) }) };
  await page.route('**/forms/leadscore.json', (route) => route.fulfill({ json: required }));
  await load('/forms/guide', page);
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  const box = 'checkbox Also send me the monthly newsletter';
  assert.equal((await controls(page))[box].invalid, 'false');
  const updates = page.locator('leadscore-ui [name=updates]');
  assert.equal(await updates.getAttribute('aria-required'), 'true');
  // Sent unticked: the core's message; ticked, it is no longer marked.
  await page.getByLabel('Work email').fill('ana@northwind.example');
  await page.getByLabel(guideForm.consent.text.en).check();
  await page.waitForTimeout(1100); // the form's min_fill_seconds
  await page.getByRole('button', { name: 'Get the guide' }).click();
  assert.deepEqual(await shownErrors(page, 'ui'), [['updates', MESSAGES.en.consent, true]]);
  assert.equal((await controls(page))[box].invalid, 'true');
  await updates.check();
  await page.getByRole('button', { name: 'Get the guide' }).click();
  assert.equal((await status(page, 'ui')).visible, true);
  assert.deepEqual(await shownErrors(page, 'ui'), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('forms inside web components\' open shadow roots (nested too) count their start and their submit, as page forms do', async () => {
  const page = await load('/forms/guide');
  await page.evaluate(() => {
    const host = document.createElement('signup-card');
    document.querySelector('main')?.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<form id="card-signup"><label>Email <input name="email" type="email"></label> <button type="submit">Join</button></form><feedback-box></feedback-box>';
    const inner = /** @type {Element} */ (root.querySelector('feedback-box')).attachShadow({ mode: 'open' });
    inner.innerHTML = '<form name="card-feedback"><label>Note <input name="note"></label></form>';
    // The components send their forms themselves.
    for (const r of [root, inner]) r.addEventListener('submit', (e) => e.preventDefault());
  });
  /** How often the form rules fired. */
  const fired = () => page.evaluate(() => Object.fromEntries(LeadScore.state().breakdown
    .filter((/** @type {any} */ b) => b.rule.startsWith('form_')).map((/** @type {any} */ b) => [b.rule, b.fired])));
  await page.fill('signup-card >> input[name=email]', 'ana@example.com');
  await page.fill('signup-card >> input[name=email]', 'ana.lima@example.com');
  assert.deepEqual(await fired(), { form_started: 1 }, 'typed into: started, once');
  await page.click('signup-card >> button');
  assert.deepEqual(await fired(), { form_started: 1, form_submitted: 1 });
  await page.fill('feedback-box >> input', 'More on decay, please');
  await page.press('feedback-box >> input', 'Enter');
  assert.deepEqual(await fired(), { form_started: 2, form_submitted: 2 }, 'the nested component\'s form, sent with Enter');
  assert.equal(await page.evaluate(() => location.pathname + location.search), '/forms/guide', 'the components kept their forms on the page');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form in a web component\'s shadow root sent with nothing pressed or typed in it first (Enter in a filled field, requestSubmit once focused) is one form_submit', async () => {
  const page = await load('/forms/guide');
  await page.evaluate(() => {
    // Two components, each filled in already (restored, autofilled): nothing to type.
    for (const [name, html] of [['quote-card', '<form id="quote"><input name="email" value="ana@example.com"></form>'],
      ['callback-card', '<form name="callback"><input name="phone" value="+84 28 1234"></form>']]) {
      const host = document.createElement(name);
      document.querySelector('main')?.append(host);
      const root = host.attachShadow({ mode: 'open' });
      root.innerHTML = html;
      root.addEventListener('submit', (e) => e.preventDefault());
    }
  });
  /** form_submit events stored so far. */
  const submits = () => page.evaluate(async () => {
    await LeadScore.flush();
    return JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts?.form_submit || 0;
  });
  await page.evaluate(() => /** @type {HTMLInputElement} */ (document.querySelector('callback-card')?.shadowRoot?.querySelector('[name=phone]')).focus());
  await page.keyboard.press('Enter');
  assert.equal(await submits(), 1, 'Enter in a filled form (no button, nothing typed)');
  await page.evaluate(() => {
    const form = /** @type {HTMLFormElement} */ (document.querySelector('quote-card')?.shadowRoot?.querySelector('#quote'));
    form.querySelector('input')?.focus(); // the page's own "Send" flow: focus, then submit by code
    form.requestSubmit();
  });
  assert.equal(await submits(), 2, 'sent by the page\'s code after a focus in it');
  await page.evaluate(() => /** @type {HTMLFormElement} */ (document.querySelector('quote-card')?.shadowRoot?.querySelector('#quote')).requestSubmit());
  assert.equal(await submits(), 3, 'again: once more, not twice');
  assert.equal(await page.evaluate(() => location.pathname + location.search), '/forms/guide');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

// ------------------------------------------------------------------ forms the widget renders

/** The rendered form of the offer: fields as the visitor meets them. */
function renderedForm(page) {
  return page.evaluate(() => {
    const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('form'));
    const r = /** @type {ShadowRoot} */ (host?.shadowRoot);
    const form = /** @type {HTMLFormElement} */ (r.querySelector('form'));
    const fields = [...form.querySelectorAll('[data-leadscore-field]')].map((box) => {
      const el = /** @type {any} */ (box.querySelector('input, select, textarea'));
      return {
        label: el.labels[0]?.textContent, name: el.name, type: el.type, required: el.required, placeholder: el.placeholder || undefined,
        options: el.options ? [...el.options].map((o) => [o.value, o.textContent]) : undefined,
        // (what autofill and a phone's keyboard go by; the mark a required field's label shows)
        autocomplete: el.autocomplete || undefined, inputMode: el.inputMode || undefined, mark: getComputedStyle(el.labels[0], '::after').content,
      };
    });
    const consent = /** @type {HTMLInputElement} */ (form.querySelector('[data-leadscore-consent]'));
    return {
      dir: host && getComputedStyle(host).direction, direction: getComputedStyle(form).direction, fields,
      consent: consent.closest('label')?.querySelector('span')?.textContent, submit: form.querySelector('button[type=submit]')?.textContent,
    };
  });
}

test('an offer with a form: rendered from the core\'s plan, accessible, checked, converted and delivered', async () => {
  const page = await load('/forms/guide');
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  assert.deepEqual(await renderedForm(page), {
    dir: 'ltr', direction: 'ltr',
    fields: [
      { label: 'Work email', name: 'email', type: 'text', required: true, placeholder: 'you@company.com', options: undefined, autocomplete: 'email', inputMode: 'email', mark: '" *" / ""' },
      { label: 'Name', name: 'name', type: 'text', required: false, placeholder: undefined, options: undefined, autocomplete: 'name', inputMode: undefined, mark: 'none' },
      { label: 'Company size', name: 'company_size', type: 'select-one', required: false, placeholder: undefined,
        options: [['', ''], ['1-10', '1-10'], ['11-200', '11-200'], ['201+', '201 or more']], autocomplete: undefined, inputMode: undefined, mark: 'none' },
      { label: 'Also send me the monthly newsletter', name: 'updates', type: 'checkbox', required: false, placeholder: undefined, options: undefined, autocomplete: undefined, inputMode: undefined, mark: 'none' },
    ],
    consent: guideForm.consent.text.en,
    submit: 'Get the guide',
  });
  // Labels name the inputs (the visitor and screen readers find them by label).
  const email = page.getByLabel('Work email');
  // Typed at a person's pace: the form's min_fill_seconds is 1.
  await email.pressSequentially('ana@example', { delay: 90 });
  await page.getByRole('button', { name: 'Get the guide' }).click();
  assert.deepEqual(await shownErrors(page, 'ui'), [['email', MESSAGES.en.email, true], ['consent', MESSAGES.en.consent, true]]);
  assert.equal(await page.evaluate(() => document.querySelector('leadscore-ui[dir], leadscore-ui')?.shadowRoot?.activeElement?.getAttribute('name')), 'email');

  // A domain in another script is kept as typed (a type=email input would give xn--bcher-kva.de).
  await email.fill('ana@bücher.de');
  await page.getByLabel('Name').fill('Ana Lima');
  await page.getByLabel('Company size').selectOption('201+');
  await page.getByLabel('Also send me the monthly newsletter').check();
  await page.getByLabel(guideForm.consent.text.en).check();
  await page.getByRole('button', { name: 'Get the guide' }).click();
  assert.deepEqual(await status(page, 'ui'), { role: 'status', text: 'Thank you!', visible: true, focused: true });
  // Sent: the offer's own link now, and the offer counts as converted.
  assert.equal(await page.getByRole('link', { name: 'Open the guide' }).getAttribute('href'), `${env.server.url}/files/buyers-guide.pdf`);
  await page.evaluate(() => LeadScore.flush());
  const { lead, offer } = await heard(page);
  assert.deepEqual(offer.map((o) => [o.offer, o.action]), [['guide-form', 'shown'], ['guide-form', 'converted']]);
  const state = await page.evaluate(() => LeadScore.state());
  assert.ok(state.offers['guide-form'].converted_at > 0);
  assert.deepEqual(lead.map((l) => l.action), ['captured', 'delivered']);
  const [payload] = received([lead[0].id]);
  assert.deepEqual(payload.contact, { email: 'ana@bücher.de', name: 'Ana Lima', company_size: '201+', updates: 'true' });
  // The payload is the moment of the submit; the offer's conversion (10 points) follows it.
  const converted = state.breakdown.find((b) => b.rule === 'offer_accepted');
  assert.equal(converted.points, 10);
  assert.equal(payload.score.breakdown.some((b) => b.rule === 'offer_accepted'), false);
  assert.deepEqual({ form: payload.form, stage: payload.stage, fit: payload.score.fit, total: payload.score.total, consent: payload.consent.text },
    { form: 'guide', stage: 'lead', fit: 10, total: state.score - converted.points, consent: guideForm.consent.text.en });
  // form_start came from the first keystroke in the widget's form.
  assert.equal(state.breakdown.find((b) => b.rule === 'form_started')?.fired, 1);

  // Converted: not offered again on the next visit.
  await load('/forms/guide', page);
  assert.equal(await page.locator('#slot-guide leadscore-ui').count(), 0);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an open offer\'s form when contact data becomes known meanwhile (identify(), as another form or tab would): the known fields it still asks go at once, not at the visitor\'s next change there; one the visitor is typing in stays, with their answer and the focus', async () => {
  const page = await load('/forms/guide');
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  const names = async () => (await renderedForm(page)).fields.map((f) => f.name);
  assert.deepEqual(await names(), ['email', 'name', 'company_size', 'updates']);
  // (typed at a person's pace: the form's min_fill_seconds is 1)
  await page.getByLabel('Name').pressSequentially('Ana', { delay: 400 });
  await page.evaluate(() => LeadScore.identify({ email: 'ana@example.com', name: 'Ana Lima' }));
  assert.deepEqual(await names(), ['name', 'company_size', 'updates']);
  assert.equal(await page.getByLabel('Name').inputValue(), 'Ana');
  assert.equal(await page.evaluate(() => document.querySelector('#slot-guide leadscore-ui')?.shadowRoot?.activeElement?.getAttribute('name')), 'name');
  // Sent without the email asked: the lead carries the known one, and the name as typed.
  await page.getByLabel('Company size').selectOption('11-200');
  assert.deepEqual(await names(), ['name', 'company_size', 'updates']);
  await page.getByLabel(guideForm.consent.text.en).check();
  await page.getByRole('button', { name: 'Get the guide' }).click();
  assert.equal((await status(page, 'ui')).text, 'Thank you!');
  await page.evaluate(() => LeadScore.flush());
  const { lead } = await heard(page);
  const [payload] = received([lead.find((l) => l.action === 'captured').id]);
  assert.deepEqual({ email: payload.contact.email, name: payload.contact.name, size: payload.contact.company_size }, { email: 'ana@example.com', name: 'Ana', size: '11-200' });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the offer form on a Persian page: right to left, Persian labels and messages, no accessibility violations', async () => {
  // axe-core is injected as an inline script: this page alone does without the CSP.
  const page = await load('/forms/fa-guide', undefined, { bypassCSP: true });
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  const form = await renderedForm(page);
  assert.deepEqual([form.dir, form.direction, form.submit, form.consent], ['rtl', 'rtl', 'دریافت راهنما', guideForm.consent.text.fa]);
  assert.deepEqual(form.fields.map((f) => f.label), ['ایمیل کاری', 'نام', 'اندازهٔ شرکت', 'خبرنامهٔ ماهانه را هم بفرستید']);
  assert.equal(form.fields[0].placeholder, 'name@company.ir');
  assert.deepEqual(form.fields[2].options[3], ['201+', '۲۰۱ یا بیشتر']);

  // axe-core on the widget's form (it walks open shadow roots).
  await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = /** @type {any} */ (window).axe;
    const r = await axe.run({ include: [['#slot-guide']] }, { runOnly: ['wcag2a', 'wcag2aa'] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, []);

  const email = page.getByLabel('ایمیل کاری');
  await email.pressSequentially('maryam@example', { delay: 90 });
  await page.getByRole('button', { name: 'دریافت راهنما' }).click();
  assert.deepEqual(await shownErrors(page, 'ui'), [['email', MESSAGES.fa.email, true], ['consent', MESSAGES.fa.consent, true]]);
  await email.fill('maryam@example.ir');
  await page.getByLabel('نام', { exact: true }).fill(' مریم احمدی ');
  await page.getByLabel(guideForm.consent.text.fa).check();
  await page.getByRole('button', { name: 'دریافت راهنما' }).click();
  assert.deepEqual(await status(page, 'ui'), { role: 'status', text: 'سپاسگزاریم!', visible: true, focused: true });
  await page.evaluate(() => LeadScore.flush());
  const { lead } = await heard(page);
  const [payload] = received([lead[0].id]);
  assert.deepEqual(payload.contact, { email: 'maryam@example.ir', name: 'مریم احمدی' });
  assert.equal(payload.consent.text, guideForm.consent.text.fa);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an open offer\'s form when the page switches its language without a reload (<html lang>): labels, placeholder, options, consent, button, the mistakes shown and the thank-you follow; what the visitor typed stays', async () => {
  const page = await load('/forms/guide');
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  const email = page.getByLabel('Work email');
  await email.pressSequentially('ana@example', { delay: 90 });
  await page.getByLabel('Name').fill('Ana Lima');
  await page.getByLabel('Company size').selectOption('201+');
  await page.getByRole('button', { name: 'Get the guide' }).click();
  assert.deepEqual(await shownErrors(page, 'ui'), [['email', MESSAGES.en.email, true], ['consent', MESSAGES.en.consent, true]]);
  await page.evaluate(() => {
    document.documentElement.lang = 'fa';
  });
  await until(async () => (await renderedForm(page)).submit === 'دریافت راهنما', 'the Persian button');
  const form = await renderedForm(page);
  assert.deepEqual(form.fields.map((f) => f.label), ['ایمیل کاری', 'نام', 'اندازهٔ شرکت', 'خبرنامهٔ ماهانه را هم بفرستید']);
  assert.equal(form.fields[0].placeholder, 'name@company.ir');
  assert.deepEqual(form.fields[2].options[3], ['201+', '۲۰۱ یا بیشتر']);
  assert.equal(form.consent, guideForm.consent.text.fa);
  assert.deepEqual(await shownErrors(page, 'ui'), [['email', MESSAGES.fa.email, true], ['consent', MESSAGES.fa.consent, true]], 'the mistakes, in Persian');
  assert.equal((await status(page, 'ui')).text, `ایمیل کاری: ${MESSAGES.fa.email} ${guideForm.consent.text.fa.replace(/\.$/, '')}: ${MESSAGES.fa.consent}`, 'each named, in Persian');
  // What the visitor typed and chose is still there.
  assert.deepEqual(await page.evaluate(() => {
    const f = /** @type {HTMLFormElement} */ ([...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('form')).find(Boolean));
    return ['email', 'name', 'company_size'].map((n) => /** @type {any} */ (f.elements.namedItem(n)).value);
  }), ['ana@example', 'Ana Lima', '201+']);
  await page.getByLabel('ایمیل کاری').fill('ana@example.com');
  await page.getByLabel(guideForm.consent.text.fa).check();
  await page.getByRole('button', { name: 'دریافت راهنما' }).click();
  assert.deepEqual(await status(page, 'ui'), { role: 'status', text: 'سپاسگزاریم!', visible: true, focused: true });
  await page.evaluate(() => {
    document.documentElement.lang = 'en';
  });
  await until(async () => (await status(page, 'ui')).text === 'Thank you!', 'the English thank-you');
  await page.evaluate(() => LeadScore.flush());
  const { lead } = await heard(page);
  assert.deepEqual(lead.map((l) => l.action), ['captured', 'delivered'], 'one lead');
  assert.deepEqual(received([lead[0].id])[0].contact, { email: 'ana@example.com', name: 'Ana Lima', company_size: '201+' });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * The languages the rendered offer form's texts are marked with (null: none,
 * the page's): labels, option texts, consent text, button, the mistakes
 * shown, the parts of the status, the status itself.
 * @param {import('playwright-core').Page} page
 */
function marked(page) {
  return page.evaluate(() => {
    const r = /** @type {ShadowRoot} */ ([...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('form'))?.shadowRoot);
    const form = /** @type {HTMLFormElement} */ (r.querySelector('form'));
    const lang = (/** @type {Element | null} */ e) => e?.getAttribute('lang') ?? null;
    const status = r.querySelector('.leadscore-status');
    return {
      labels: [...form.querySelectorAll('label')].filter((l) => !l.classList.contains('leadscore-consent')).map(lang),
      options: [...form.querySelectorAll('option')].map(lang),
      consent: lang(form.querySelector('.leadscore-consent span')),
      button: lang(form.querySelector('button[type=submit]')),
      errors: [...r.querySelectorAll('.leadscore-error')].map(lang),
      status: lang(status),
      spoken: [...(status?.children || [])].map(lang),
    };
  });
}

test('the offer form on a German page, for which the config has no texts: what it shows in English (labels, options, consent, button, the mistakes, their spoken summary, the thank-you) is marked lang="en" for screen readers; in the page\'s language nothing is', async () => {
  const page = await load('/forms/guide');
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  const none = { labels: [null, null, null, null], options: [null, null, null, null], consent: null, button: null, errors: [], status: null, spoken: [] };
  assert.deepEqual(await marked(page), none, 'English on an English page');
  await page.getByRole('button', { name: 'Get the guide' }).click();
  assert.deepEqual(await shownErrors(page, 'ui'), [['email', MESSAGES.en.required, true], ['consent', MESSAGES.en.consent, true]]);
  assert.deepEqual(await marked(page), { ...none, errors: [null, null] }, 'the mistakes too');
  // The same English texts and mistakes, now on a German page: marked.
  await page.evaluate(() => {
    document.documentElement.lang = 'de-DE';
  });
  await until(async () => (await marked(page)).button === 'en', 'the button marked English');
  // The options "1-10" and "11-200" are their values, in no language; the placeholder option is empty.
  await until(async () => (await marked(page)).errors[0] === 'en', 'the mistakes shown marked English');
  assert.deepEqual(await marked(page), { ...none, labels: ['en', 'en', 'en', 'en'], options: [null, null, null, 'en'], consent: 'en', button: 'en',
    errors: ['en', 'en'], spoken: ['en', 'en'] }, 'each message marked, in the spoken summary too');
  assert.deepEqual(await shownErrors(page, 'ui'), [['email', MESSAGES.en.required, true], ['consent', MESSAGES.en.consent, true]], 'the core\'s messages: English');
  assert.equal((await status(page, 'ui')).text, `Work email: ${MESSAGES.en.required} ${guideForm.consent.text.en.replace(/\.$/, '')}: ${MESSAGES.en.consent}`);
  await page.getByLabel('Work email').fill('ana@example.com');
  await page.getByLabel(guideForm.consent.text.en).check();
  await page.waitForTimeout(1000); // the form's min_fill_seconds
  await page.getByRole('button', { name: 'Get the guide' }).click();
  assert.deepEqual(await status(page, 'ui'), { role: 'status', text: 'Thank you!', visible: true, focused: true });
  assert.equal((await marked(page)).status, 'en', 'the default thank-you, in English');
  // Persian: the config's Persian texts and the core's Persian thank-you, unmarked.
  await page.evaluate(() => {
    document.documentElement.lang = 'fa';
  });
  await until(async () => (await status(page, 'ui')).text === 'سپاسگزاریم!', 'the Persian thank-you');
  assert.equal((await marked(page)).status, null);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the page\'s own form when the page switches its language without a reload (<html lang>): the consent box the widget added, the mistakes shown and their spoken summary follow; the next mistakes and the thank-you are in the new language', async () => {
  const page = await load('/forms/vi');
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await shownErrors(page), [
    ['email', MESSAGES.vi.required, true], ['name', MESSAGES.vi.required, true], ['company', MESSAGES.vi.required, true], ['consent', MESSAGES.vi.consent, true],
  ]);
  await page.fill('#email', 'mai@');
  await page.evaluate(() => {
    document.documentElement.lang = 'th';
  });
  await until(async () => (await page.textContent('#contact .leadscore-consent span')) === contactForm.consent.text.th, 'the Thai consent text');
  assert.deepEqual(await shownErrors(page), [
    ['email', MESSAGES.th.required, true], ['name', MESSAGES.th.required, true], ['company', MESSAGES.th.required, true], ['consent', MESSAGES.th.consent, true],
  ], 'the mistakes of the refused submit, told again in Thai');
  assert.match((await status(page)).text, new RegExp(`: ${MESSAGES.th.consent}$`));
  assert.equal(await page.inputValue('#email'), 'mai@', 'what the visitor typed stays');
  await page.fill('#name', 'สมชาย ใจดี');
  await page.fill('#company', 'บริษัท ลมเหนือ จำกัด');
  await page.check('#contact [data-leadscore-consent]');
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await shownErrors(page), [['email', MESSAGES.th.email, true]], 'the next submit checked in Thai');
  await page.fill('#email', 'somchai@example.com');
  await page.click('#contact button[type=submit]');
  assert.deepEqual(await status(page), { role: 'status', text: contactForm.thanks.th, visible: true, focused: true });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a dark theme (the documented --leadscore-bg and --leadscore-fg): the offer form and its error messages stay readable', async () => {
  const page = await load('/forms/guide', undefined, { bypassCSP: true });
  await page.addStyleTag({ content: ':root { --leadscore-bg: #16181d; --leadscore-fg: #e8eaed; }' });
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  await page.getByRole('button', { name: 'Get the guide' }).click();
  const errors = await shownErrors(page, 'ui');
  assert.ok(errors.length >= 2, JSON.stringify(errors));
  await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = /** @type {any} */ (window).axe;
    const r = await axe.run({ include: [['#slot-guide']] }, { runOnly: ['wcag2a', 'wcag2aa'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.any.map((a) => a.message).join(' ')}`));
  });
  assert.deepEqual(violations, []);
  await page.context().close();
});

test('the offer form\'s fields are at least 16px (iOS Safari zooms the page into a smaller one as it takes the focus), also where the page\'s text is smaller', async () => {
  const page = await load('/forms/guide');
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  const sizes = () => page.evaluate(() => {
    const form = /** @type {ShadowRoot} */ ([...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('form'))?.shadowRoot).querySelector('form');
    return [.../** @type {HTMLFormElement} */ (form).querySelectorAll('.fld input:not([type=checkbox]), .fld select, .fld textarea')].map((e) => parseFloat(getComputedStyle(e).fontSize));
  });
  const normal = await sizes();
  assert.ok(normal.length >= 2 && normal.every((px) => px >= 16), JSON.stringify(normal));
  await page.evaluate(() => { document.documentElement.style.fontSize = '12px'; document.body.style.fontSize = '12px'; });
  assert.ok((await sizes()).every((px) => px >= 16));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the offer form\'s inputs show their edges at 3:1 or more against the box (WCAG 1.4.11), in the default and a dark theme', async () => {
  /** @type {number[]} */
  const ratios = [];
  for (const theme of ['', ':root { --leadscore-bg: #16181d; --leadscore-fg: #e8eaed; }']) {
    const page = await load('/forms/guide', undefined, { bypassCSP: true });
    if (theme) await page.addStyleTag({ content: theme });
    await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
    ratios.push(await page.evaluate(() => {
      const root = /** @type {ShadowRoot} */ ([...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('form'))?.shadowRoot);
      const rgba = (/** @type {string} */ c) => { const [r, g, b, a = 1] = (c.match(/[\d.]+/g) || []).map(Number); return [r, g, b, a]; };
      const bg = rgba(getComputedStyle(/** @type {Element} */ (root.querySelector('.ls'))).backgroundColor);
      const lum = (/** @type {number[]} */ c) => c.slice(0, 3).map((v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      return Math.min(...[...root.querySelectorAll('.fld input:not([type=checkbox]), .fld select')].map((el) => {
        const e = rgba(getComputedStyle(el).borderTopColor);
        const edge = e.slice(0, 3).map((v, i) => v * e[3] + bg[i] * (1 - e[3])); // over the box
        const [hi, lo] = [lum(edge), lum(bg)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
      }));
    }));
    await page.context().close();
  }
  assert.ok(ratios.every((r) => r >= 3), `border contrast ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
});

test('a gate opened by a form: the gate\'s offer carries the form, and sending it unlocks the content at once', async () => {
  const page = await load('/forms/gated');
  const hidden = () => page.evaluate(() => getComputedStyle(/** @type {Element} */ (document.getElementById('full-results'))).display === 'none');
  assert.equal(await hidden(), true);
  await page.getByLabel('Work email').pressSequentially('quang@example.vn', { delay: 70 });
  await page.getByLabel(guideForm.consent.text.en).check();
  await page.getByRole('button', { name: 'Get the guide' }).click();
  await page.waitForFunction(() => getComputedStyle(/** @type {Element} */ (document.getElementById('full-results'))).display !== 'none');
  const state = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([state.forms, state.unlocked, state.contact.email], [['guide'], ['guide-gate'], 'quang@example.vn']);
  assert.equal(await page.locator('leadscore-ui').count(), 0, 'the gate card is gone');
  await page.evaluate(() => LeadScore.flush());
  const { lead } = await heard(page);
  assert.equal(received([lead[0].id])[0].contact.email, 'quang@example.vn');
  // Still open on the next visit.
  await load('/forms/gated', page);
  assert.equal(await hidden(), false);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

// ------------------------------------------------------------------ text a page may hand over

for (const native of [true, false]) {
  test(`a lone surrogate typed into the name arrives as U+FFFD, not refused as missing (${native ? 'toWellFormed' : 'a browser without toWellFormed'})`, async () => {
    const page = await listening(await openPage(env.browser));
    // Browsers before String.prototype.toWellFormed (Chrome 111, Safari 16.4, Firefox 119) take the widget's own path.
    if (!native) await page.addInitScript(() => { delete (/** @type {any} */ (String.prototype)).toWellFormed; });
    await load('/forms/contact', page);
    assert.equal(await page.evaluate(() => typeof (/** @type {any} */ ('')).toWellFormed), native ? 'function' : 'undefined');
    await page.fill('#email', 'lone@example.com');
    // Half of an emoji (a paste cut short, an input method's slip): not valid
    // Unicode, still something the visitor typed.
    await page.evaluate(() => {
      /** @type {HTMLInputElement} */ (document.getElementById('name')).value = ' Lan \uD83D';
    });
    await page.fill('#company', 'Sao \uDE00 Mai');
    await page.check('#contact [data-leadscore-consent]');
    await page.click('#contact button[type=submit]');
    assert.deepEqual(await shownErrors(page), []);
    assert.deepEqual(await status(page), { role: 'status', text: contactForm.thanks.en, visible: true, focused: true });
    await page.evaluate(() => LeadScore.flush());
    const { lead } = await heard(page);
    const [payload] = received([lead[0].id]);
    assert.deepEqual(payload.contact, { email: 'lone@example.com', name: 'Lan \uFFFD', company: 'Sao \uFFFD Mai' });
    assert.equal((await page.evaluate(() => LeadScore.state())).contact.name, 'Lan \uFFFD');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

// ------------------------------------------------------------------ into the real inbox

test('into `leadscore serve`: a Vietnamese page form and the offer\'s form, read back from GET /leads', async () => {
  assert.equal(serveMissing(), '');
  const inbox = await startInbox({ root: makeSiteRoot() });
  try {
    // The page's own form, in Vietnamese, typed decomposed.
    const vi = await load('/forms/vi.html', await listening(await openPage(env.browser)), undefined, inbox.url);
    await vi.fill('#email', ' hoa@bacgio.vn ');
    await vi.fill('#name', 'Đỗ Thị Hoà'.normalize('NFD'));
    await vi.fill('#company', 'Công ty Bắc Gió');
    await vi.check('#contact [data-leadscore-consent]');
    await vi.click('#contact button[type=submit]');
    assert.equal((await status(vi)).text, contactForm.thanks.vi);
    await vi.evaluate(() => LeadScore.flush());
    const viState = await vi.evaluate(() => LeadScore.state());

    // Another visitor takes the guide offer: the widget's own form.
    const guide = await load('/forms/guide.html', await listening(await openPage(env.browser)), undefined, inbox.url);
    await guide.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
    await guide.getByLabel('Work email').pressSequentially('minh@example.com', { delay: 80 });
    await guide.getByLabel('Company size').selectOption('201+');
    await guide.getByLabel(guideForm.consent.text.en).check();
    await guide.getByRole('button', { name: 'Get the guide' }).click();
    assert.equal((await status(guide, 'ui')).text, 'Thank you!');
    await guide.evaluate(() => LeadScore.flush());
    const guideState = await guide.evaluate(() => LeadScore.state());

    const ids = [(await heard(vi)).lead[0].id, (await heard(guide)).lead[0].id];
    const leads = await inbox.leads();
    assert.deepEqual(leads.map((l) => l.id).sort(), [...ids].sort(), 'each lead once, nothing else');
    const [a, b] = ids.map((id) => leads.find((l) => l.id === id));
    assert.deepEqual(a.contact, { email: 'hoa@bacgio.vn', name: 'Đỗ Thị Hoà', company: 'Công ty Bắc Gió' });
    assert.deepEqual([a.schema, a.reason, a.form, a.stage, a.score.total, a.consent.granted, a.consent.text],
      ['leadscore.lead/v1', 'form_submit', 'contact', 'lead', viState.score, true, contactForm.consent.text.vi]);
    assert.deepEqual(a.score.breakdown.map((x) => [x.rule, x.fired]), [['page_view', 1], ['form_started', 1], ['form_submitted', 1]]);
    assert.equal(a.page.url, `${inbox.url}/forms/vi.html`);
    assert.deepEqual(b.contact, { email: 'minh@example.com', company_size: '201+' }); // the box left unticked: not an answer
    // The offer's conversion (10) follows the submit: not in the payload.
    assert.deepEqual([b.reason, b.form, b.stage, b.score.fit, b.score.total, b.consent.granted, b.consent.text],
      ['form_submit', 'guide', 'lead', 10, guideState.score - 10, true, guideForm.consent.text.en]);
    assert.deepEqual([...vi.problems(), ...guide.problems()], []);
    await vi.context().close();
    await guide.context().close();
  } finally {
    await inbox.stop();
  }
});
