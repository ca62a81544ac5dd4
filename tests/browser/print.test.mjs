// Printing a page (Ctrl+P, "Save as PDF"): the printout is the page's. The
// banner, slide-in and modal offer, fixed over the page on screen, are left
// out of it (Chromium would print a fixed box on every sheet); the page's
// content and an inline offer, part of the page's flow, are printed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, waitForUi, exitIntent } from './support.mjs';

const env = useSite();

/** Each widget box's kind and whether it is rendered. @param {import('playwright-core').Page} page */
const rendered = (page) => page.evaluate(() => [...document.querySelectorAll('leadscore-ui')]
  .map((h) => {
    const box = h.shadowRoot?.querySelector('.ls');
    return `${box?.className.replace(/^ls /, '')}: ${box?.checkVisibility() ? 'shown' : 'hidden'}`;
  }).sort());

test('printed, the blog post leaves out the banner, slide-in and modal offer and keeps its text and inline offer; back on screen, they are there again', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 700 } });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await waitForUi(page, 'inline');
  await page.mouse.wheel(0, 1600); // the slide-in waits for 50% scroll depth
  await waitForUi(page, 'slide');
  await exitIntent(page);
  await waitForUi(page, 'modal');
  const screen = ['banner: shown', 'gate: shown', 'inline: shown', 'modal: shown', 'slide: shown'];
  assert.deepEqual(await rendered(page), screen);

  await page.emulateMedia({ media: 'print' });
  assert.deepEqual(await rendered(page), ['banner: hidden', 'gate: shown', 'inline: shown', 'modal: hidden', 'slide: hidden']);
  assert.ok(await page.evaluate(() => /** @type {HTMLElement} */ (document.querySelector('main h1, h1')).checkVisibility()), 'the article is printed');
  // A real printout (PDF) is made without an error.
  assert.ok((await page.pdf()).length > 1000);

  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(await rendered(page), screen);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('printed while the bottom banner is open, the page ends where it ends without it: no blank room of the banner\'s height', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  const length = () => page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))); // a size change measured and followed
    return document.documentElement.scrollHeight;
  });
  await page.emulateMedia({ media: 'print' });
  const printed = await length();
  // Closed, the printout is as long: the banner had added nothing to it.
  await page.evaluate(() => {
    const host = [...document.querySelectorAll('leadscore-ui')].find((e) => e.shadowRoot?.querySelector('.banner'));
    /** @type {HTMLElement} */ (host?.shadowRoot?.querySelector('.x')).click();
  });
  await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner')));
  assert.equal(await length(), printed, 'the printed page\'s length with the banner closed');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
