// Shared by the browser tests: the test-site server, Chromium as
// TOOLCHAIN.md says to launch it, and pages that collect what went wrong.
//
//   const { server, browser, close } = await setup();
//   const page = await openPage(browser, `${server.url}/blog/lead-scoring-101`);
//   ... page.problems() lists page errors, console errors and warnings
//   await close();
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, after } from 'node:test';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, siteMounts, root } from './server.mjs';

export { startServer, siteMounts, root };

export const CHROMIUM = '/usr/bin/chromium';
/** Exactly the flags of ../shared/TOOLCHAIN.md (the background-networking ones keep it off the closed network). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
/** What a strict site sends: no inline script, no eval, WebAssembly allowed. */
export const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'";

/** Why the browser tests cannot run here, or '' if they can. */
export function missing() {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not installed (scripts/setup.sh installs it)`;
  for (const f of ['leadscore.js', 'leadscore-widget.js', 'leadscore.wasm']) {
    if (!existsSync(join(root, 'dist', f))) return `dist/${f} missing: cmake --preset wasm && cmake --build --preset wasm`;
  }
  return '';
}

/**
 * Chromium; with `bfcache`, with the back-forward cache that Playwright turns
 * off by default (a page served with `Cache-Control: no-store`, as the test
 * server does unless told otherwise, is still not cached).
 * @param {{bfcache?: boolean}} [options]
 */
export function launch({ bfcache = false } = {}) {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, ignoreDefaultArgs: bfcache ? ['--disable-back-forward-cache'] : [] });
}

/** The test-site server and a browser; close() ends both. @param {{bfcache?: boolean}} [options] */
export async function setup(options) {
  const server = await startServer({ mounts: siteMounts });
  const browser = await launch(options);
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The test file's site and browser: registers before/after hooks that fail
 * (never skip) when the browser tests cannot run, start the test-site server
 * and Chromium (with `headers`, e.g. a CSP, on every response), and close
 * both. The returned object gets `server`, `browser` and `close` in before().
 * @param {{headers?: Record<string, string>, bfcache?: boolean}} [options]
 * @returns {Awaited<ReturnType<typeof setup>>}
 */
export function useSite(options = {}) {
  const env = /** @type {Awaited<ReturnType<typeof setup>>} */ (/** @type {unknown} */ ({}));
  before(async () => {
    const why = missing();
    assert.equal(why, '', `browser tests cannot run: ${why}`);
    Object.assign(env, await setup(options));
    const { headers } = options;
    if (headers) env.server.setHeaders(() => headers);
  });
  after(() => env.close && env.close());
  return env;
}

/**
 * A new page (in its own context: fresh storage) that records page errors
 * and console errors/warnings; navigates to `url` if given.
 * @param {import('playwright-core').Browser} browser
 * @param {string} [url]
 * @param {import('playwright-core').BrowserContextOptions} [contextOptions]
 */
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = watch(await context.newPage());
  if (url) await page.goto(url);
  return page;
}

/**
 * Records a page's errors and warnings from now on (openPage does it for its
 * pages; a test opening another page in a context calls it).
 * @param {import('playwright-core').Page} page
 */
export function watch(page) {
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const warnings = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    else if (m.type() === 'warning') warnings.push(m.text());
  });
  return Object.assign(page, {
    /** Page errors and console errors so far. */
    problems: () => [...errors],
    /** console.warn messages so far (the widget reports there once per error id). */
    warnings: () => [...warnings],
  });
}

/**
 * Waits for LeadScore.init() to settle on the page; returns
 * {ok: true, state} or {ok: false, id, message}. An init() that has not
 * settled after 30 s is a failure of its own ("init never settled"), not a
 * test that hangs.
 * @param {import('playwright-core').Page} page
 */
export function waitForInit(page) {
  return page.evaluate(async () => {
    const ls = /** @type {any} */ (window).LeadScore;
    try {
      await Promise.race([
        ls.init(),
        new Promise((_, no) => setTimeout(() => no({ id: 'init never settled', message: 'LeadScore.init() has not settled after 30 s' }), 30_000)),
      ]);
      return { ok: true, state: ls.state() };
    } catch (e) {
      return { ok: false, id: e.id, message: e.message, errors: e.errors };
    }
  });
}

/**
 * The widget UI hosts of the page and what they show (through their open
 * shadow roots): placement class, title, CTA href/text, close button name.
 * @param {import('playwright-core').Page} page
 */
export function widgetUi(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('leadscore-ui')].map((host) => {
      const root = /** @type {ShadowRoot} */ (host.shadowRoot);
      const box = /** @type {HTMLElement} */ (root.querySelector('.ls'));
      const cta = /** @type {HTMLAnchorElement | null} */ (root.querySelector('.cta'));
      const close = root.querySelector('.x');
      return {
        className: box.className,
        tag: box.tagName.toLowerCase(),
        role: box.getAttribute('role'),
        title: root.querySelector('.t')?.textContent ?? null,
        text: root.querySelector('.d')?.textContent ?? null,
        cta: cta ? { href: cta.href, text: cta.textContent } : null,
        close: close ? close.getAttribute('aria-label') : null,
        slot: host.parentElement?.getAttribute('data-leadscore-slot') ?? null,
        dir: getComputedStyle(host).direction,
      };
    }),
  );
}

/** A fixed moment for page.clock: tests that need time install it before the first load. */
export const T0 = new Date('2026-03-02T09:00:00Z');

/**
 * Records what the widget tells listeners, from before the loader runs (the
 * documented async-snippet queue): window.__ls = {offers, errors, stages}, each
 * offer `{offer, type, placement, action}`, each error its id.
 * @param {import('playwright-core').Page} page
 */
export function recordEvents(page) {
  return page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    const log = (w.__ls = { offers: [], errors: [], stages: [] });
    w.LeadScore = [
      ['on', 'offer', (/** @type {any} */ e) => log.offers.push(e)],
      ['on', 'error', (/** @type {any} */ e) => log.errors.push(e.id)],
      ['on', 'stage', (/** @type {any} */ t) => log.stages.push(`${t.kind}:${t.from}>${t.to}`)],
    ];
  });
}

/** What recordEvents() recorded so far. @param {import('playwright-core').Page} page */
export function recorded(page) {
  return page.evaluate(() => /** @type {any} */ (window).__ls);
}

/**
 * Waits until the widget shows a box of this kind (`banner`, `modal`, `slide`,
 * `inline`, `gate`); returns its title (or text for a notice).
 * @param {import('playwright-core').Page} page @param {string} kind @param {number} [timeout]
 */
export async function waitForUi(page, kind, timeout = 5000) {
  const handle = await page.waitForFunction((k) => {
    for (const host of document.querySelectorAll('leadscore-ui')) {
      const box = host.shadowRoot && host.shadowRoot.querySelector(`.ls.${k}`);
      if (box && (box.tagName !== 'DIALOG' || /** @type {HTMLDialogElement} */ (box).open)) {
        return (box.querySelector('.t') || box.querySelector('.d') || box).textContent;
      }
    }
    return null;
  }, kind, { timeout });
  return /** @type {string} */ (await handle.jsonValue());
}

/** The placements on screen now, e.g. ['banner', 'inline']. @param {import('playwright-core').Page} page */
export async function kinds(page) {
  return (await widgetUi(page)).map((u) => u.className.replace(/^ls /, ''));
}

/**
 * Everything the page's origin keeps in the browser: localStorage and
 * sessionStorage keys, cookies (document.cookie and the context's jar),
 * IndexedDB databases and Cache Storage caches.
 * @param {import('playwright-core').Page} page
 */
export async function stored(page) {
  const inPage = await page.evaluate(async () => ({
    local: Object.keys(localStorage).sort(),
    session: Object.keys(sessionStorage).sort(),
    cookie: document.cookie,
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
  }));
  return { ...inPage, cookies: (await page.context().cookies()).map((c) => c.name) };
}

/**
 * Waits until `check()` is truthy (polling every 100 ms); returns its value.
 * @template T @param {() => T | Promise<T>} check @param {string} what named in the timeout's error
 */
export async function until(check, what, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The pointer leaves the window through the top: an exit intent. @param {import('playwright-core').Page} page */
export async function exitIntent(page) {
  await page.mouse.move(300, 200);
  await page.mouse.move(300, 5, { steps: 3 });
  await page.mouse.move(300, -10);
}

/**
 * Makes the page hidden (another tab, another app) or visible again, as the
 * browser would tell it (headless Chromium never hides a page).
 * @param {import('playwright-core').Page} page @param {boolean} hidden
 */
export const setHidden = (page, hidden) => page.evaluate((h) => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
  document.dispatchEvent(new Event('visibilitychange'));
}, hidden);
