// @ts-check
/**
 * Gated content: [data-leadscore-gate="ID"] elements. The core says whether
 * each piece is locked (core.gateStatus); this applies the gate's mode while
 * it is, and undoes it on unlock:
 *   blur   - content blurred, inert and aria-hidden, the offer (or a notice) before it
 *   hide   - content hidden, the offer in its place
 *   remove - children detached and kept in memory, the offer in their place
 * Blurred and hidden content stays in the DOM (crawlers still see it).
 */

/**
 * What was changed on a locked element, to undo on unlock. The element
 * carries `saved` in data-leadscore-locked, so a copy of it (a page's
 * snapshot of its body, put back: Turbo's back button) can be undone too.
 * @typedef {{mode: string, offer: string, card?: Element, kept?: DocumentFragment,
 *            saved: {inert: boolean, hidden: string | null, filter: string, select: string, display: string}}} Lock
 */

import { all } from './dom.js';

/** What a locked element carries: its Lock's `saved`. */
const LOCKED = 'data-leadscore-locked';

/**
 * @param {import('./client.js').Context} ctx
 * @param {ReturnType<typeof import('./offers-ui.js').createOffers>} offers
 */
export function createGates(ctx, offers) {
  /** Elements met on this page view (gate_view tracked), with the gate and content ids they were met with. @type {WeakMap<HTMLElement, string>} */
  let seen = new WeakMap();
  /** @type {Map<HTMLElement, Lock>} */
  const locks = new Map();
  /** @type {Set<HTMLElement>} */
  const known = new Set();

  /**
   * Gate and content id; no content id ('') is the page's path as the core
   * reads it (decoded; a hash router's route, /#/blog/a, is /blog/a).
   * @param {HTMLElement} el
   */
  const idsOf = (el) => [el.getAttribute('data-leadscore-gate') || '', el.getAttribute('data-leadscore-content') || ''];

  /** @param {HTMLElement} el */
  function unlock(el) {
    const lock = locks.get(el);
    if (!lock) return;
    locks.delete(el);
    // The focus in the card (its form just sent): to the content it opened,
    // not lost on <body>; a tab stop only while it is there.
    const back = !!lock.card && document.activeElement == lock.card;
    lock.card?.remove();
    el.removeAttribute(LOCKED);
    const { saved } = lock;
    if (lock.kept) el.append(lock.kept);
    if (!saved.inert) el.removeAttribute('inert');
    if (saved.hidden === null) el.removeAttribute('aria-hidden');
    else el.setAttribute('aria-hidden', saved.hidden);
    el.style.filter = saved.filter;
    el.style.userSelect = saved.select;
    el.style.display = saved.display;
    if (back) {
      if (!el.hasAttribute('tabindex')) {
        el.tabIndex = -1;
        el.addEventListener('blur', () => el.removeAttribute('tabindex'), { once: true });
      }
      el.focus();
    }
  }

  /**
   * Takes the content of a gate in mode remove out of the page, all but the
   * card: when it locks, and what the page adds to it later.
   * @param {HTMLElement} el @param {Lock} lk
   */
  function take(el, lk) {
    for (const c of [...el.childNodes]) if (c != lk.card) /** @type {DocumentFragment} */ (lk.kept).append(c);
  }

  /** @param {HTMLElement} el @param {{mode?: string, offer?: any}} status */
  function lock(el, status) {
    const mode = status.mode || 'blur';
    const offer = status.offer ? status.offer.offer : '';
    const old = locks.get(el);
    if (old && old.mode == mode && old.offer == offer) return;
    unlock(el);
    const card = offers.gateCard(status.offer || null, el);
    /** @type {Lock} */
    const lk = {
      mode, offer, card,
      saved: { inert: el.hasAttribute('inert'), hidden: el.getAttribute('aria-hidden'), filter: el.style.filter, select: el.style.userSelect, display: el.style.display },
    };
    if (mode == 'remove') {
      lk.kept = document.createDocumentFragment();
      el.append(card);
      take(el, lk);
    } else {
      if (mode == 'hide') {
        el.style.setProperty('display', 'none', 'important');
      } else {
        el.setAttribute('inert', '');
        el.setAttribute('aria-hidden', 'true');
        el.style.filter = 'blur(6px)';
        el.style.userSelect = 'none';
      }
      el.before(card);
    }
    locks.set(el, lk);
    el.setAttribute(LOCKED, JSON.stringify(lk.saved));
  }

  /**
   * Asks the core about one element and applies the answer.
   * @param {HTMLElement} el
   * @param {boolean} [first] when first met (an unknown gate is reported then)
   */
  function apply(el, first) {
    const saved = el.getAttribute(LOCKED);
    // A copy of a locked element: its lock is undone first (client.js sweeps the copy of its card).
    if (saved && !locks.has(el)) locks.set(el, /** @type {any} */ ({ saved: JSON.parse(saved) }));
    const [gate, content] = idsOf(el);
    const status = ctx.core.gateStatus(gate, content);
    if (!status) return;
    if (status.status == 'locked') {
      lock(el, status);
    } else {
      unlock(el);
      if (status.status == 'unknown' && first) {
        ctx.fail('leadscore.gate.unknown', `data-leadscore-gate="${gate}": no such gate in the config; the content stays visible`);
      }
    }
  }

  /**
   * Forgets gated elements the page took out (replaced by a new render, or
   * inside another gate's removed content) or no longer gates (its
   * data-leadscore-gate taken off): their lock is undone and their card goes
   * too, and they are met afresh if they come back. Content the page adds
   * to a locked gate in mode remove goes out with the rest.
   */
  function prune() {
    for (const el of known) {
      const lk = locks.get(el);
      if (!el.isConnected || !el.hasAttribute('data-leadscore-gate')) {
        unlock(el);
        known.delete(el);
        seen.delete(el);
      } else if (lk && lk.kept) take(el, lk);
    }
  }

  return {
    /**
     * Finds gated elements not met yet on this page view (it changed), or met
     * with other ids (the page changed its data-leadscore-gate): gate_view, then status.
     */
    scan() {
      prune();
      all('[data-leadscore-gate]').forEach((node) => {
        const el = /** @type {HTMLElement} */ (node);
        const [gate, content] = idsOf(el);
        const ids = `${gate}\n${content}`;
        if (seen.get(el) === ids || !el.isConnected) return; // not inside content a gate just removed
        seen.set(el, ids);
        known.add(el);
        ctx.track('gate_view', { gate, content });
        ctx.guard(apply)(el, true);
      });
    },

    /** Re-applies every gate (after contact, stage or unlock changes). */
    refresh() {
      prune();
      for (const el of known) ctx.guard(apply)(el);
    },

    /** A new page view: gated elements count as met again. */
    reset() {
      seen = new WeakMap();
    },
  };
}
