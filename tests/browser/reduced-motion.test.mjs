// prefers-reduced-motion: with `reduce` nothing in the widget's UI animates
// or transitions (banner, slide-in, modal, inline, gate card); with
// `no-preference` the banner, slide-in and modal do slide in (the control:
// the check can tell the two apart).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, waitForUi, exitIntent } from './support.mjs';

const env = useSite();

/**
 * Per widget box: the animations its shadow root has had started (running
 * or finished, via the computed animation-name) and any transition set on
 * any element inside.
 * @param {import('playwright-core').Page} page
 */
function motion(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('leadscore-ui')].map((host) => {
    const root = /** @type {ShadowRoot} */ (host.shadowRoot);
    const kind = root.querySelector('.ls')?.className.replace('ls ', '');
    const moving = [];
    for (const el of root.querySelectorAll('*')) {
      const cs = getComputedStyle(el);
      if (cs.animationName !== 'none') moving.push(`${el.className}: animation ${cs.animationName} ${cs.animationDuration}`);
      if (cs.transitionDuration.split(',').some((d) => parseFloat(d) > 0)) moving.push(`${el.className}: transition ${cs.transitionProperty} ${cs.transitionDuration}`);
    }
    return [kind, { moving, running: root.getAnimations().length }];
  })));
}

/** Every placement on screen: the Persian page (banner, slide-in, inline, gate) and a modal on a blog post. @param {'reduce' | 'no-preference'} reducedMotion */
async function everyPlacement(reducedMotion) {
  const page = await openPage(env.browser, undefined, { reducedMotion });
  await page.goto(`${env.server.url}/fa/`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 4);
  const fa = await motion(page);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await exitIntent(page);
  await waitForUi(page, 'modal');
  const { modal } = await motion(page);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
  return { ...fa, modal };
}

test('prefers-reduced-motion: reduce: no animation and no transition in any widget UI', async () => {
  const m = await everyPlacement('reduce');
  assert.deepEqual(Object.keys(m).sort(), ['banner', 'gate', 'inline', 'modal', 'slide']);
  for (const [kind, { moving, running }] of Object.entries(m)) {
    assert.deepEqual(moving, [], `${kind} moves`);
    assert.equal(running, 0, `${kind}: animations running`);
  }
});

test('no preference: banner, slide-in and modal slide in (so the check above can fail)', async () => {
  const m = await everyPlacement('no-preference');
  for (const kind of ['banner', 'slide', 'modal']) {
    assert.ok(m[kind].moving.some((x) => x.includes('animation ls-in')), `${kind}: ${JSON.stringify(m[kind])}`);
  }
});
