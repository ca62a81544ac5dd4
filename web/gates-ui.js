// @ts-check
/**
 * Gated content: [data-leadscore-gate="ID"] elements. The core says whether
 * each piece is locked (core.gateStatus); this applies the gate's mode while
 * it is, and undoes it on unlock:
 *   blur   - content blurred, inert and aria-hidden, the offer (or a notice) before it; its media paused
 *   hide   - content hidden, the offer in its place
 *   remove - children detached and kept in memory, the offer in their place
 * Blurred and hidden content stays in the DOM (crawlers still see it).
 */

/**
 * What was changed on a locked element, to undo on unlock. The element
 * carries `saved` in data-leadscore-locked, so a copy of it (a page's
 * snapshot of its body, put back: Turbo's back button) can be undone too;
 * in mode remove, `saved.kept` names its content (`kept`), which the copy
 * lacks: the copy gets a copy of it.
 * `tries`: how often hold() set the lock's style again in this task.
 * `asked`: the gate's mode; `mode` what it is locked with (hide for blur on
 * an element with no box of its own, display: contents, which no filter blurs;
 * and for remove on one whose children are not drawn: an <img>, a <video>).
 * @typedef {{mode: string, asked: string, offer: string, card?: Element, kept?: DocumentFragment, tries: number,
 *            saved: {inert: boolean, hidden: string | null, style: boolean, kept?: string} & Record<Styled, string>}} Lock
 * @typedef {'filter' | 'select' | 'display' | 'transition'} Styled
 */

import { all, get, put, say, HOST } from './dom.js';
import { stringify } from './json.js';

/** What a locked element carries: its Lock's `saved`. */
const LOCKED = 'data-leadscore-locked';

/**
 * The inline style a lock sets: its key in `saved`, the property, its value
 * as get() gives it (`!important`, as the page's own `!important` rules would
 * win over it otherwise), and the modes that set it. No transition while
 * locked: a page's `transition: filter 3s` (or display, allow-discrete)
 * would show the content for those 3 s.
 * @type {Array<[Styled, string, string, string]>}
 */
const SET = [['filter', 'filter', 'blur(6px) !important', 'blur'], ['select', 'user-select', 'none !important', 'blur'], ['display', 'display', 'none !important', 'hide'], ['transition', 'transition-property', 'none !important', 'blur hide']];

/** How many contents of remove gates are kept for copies of their element (Turbo and htmx keep 10 pages). */
const MAX_CONTENTS = 30;

/**
 * @param {import('./client.js').Context} ctx
 * @param {ReturnType<typeof import('./offers-ui.js').createOffers>} offers
 */
export function createGates(ctx, offers) {
  /** Elements met on this page view (gate_view tracked), with the gate and content ids they were met with. @type {WeakMap<HTMLElement, string>} */
  let seen = new WeakMap();
  /**
   * Elements the meter opened when met on this page view: not locked under the
   * reader later in it (another tab that opened another article at the same
   * moment used the allowance up: this one's profile taken over, its view
   * counted after the other's).
   * @type {WeakSet<HTMLElement>}
   */
  let read = new WeakSet();
  /** @type {Map<HTMLElement, Lock>} */
  const locks = new Map();
  /** @type {Set<HTMLElement>} */
  const known = new Set();
  /**
   * The content of the last MAX_CONTENTS remove gates locked, by the name in
   * their `saved.kept`: the content of a lock, or a copy of it once the lock
   * has ended (unlocked, or taken out of the page with its element), for
   * copies of their element that a page puts back (a snapshot of its body).
   * @type {Map<string, Node>}
   */
  const contents = new Map();
  /** Names of contents are unique to this page load (a copy may outlive it in a page's stored history). */
  const namePrefix = Math.random().toString(36).slice(2);
  let named = 0;

  /**
   * Sets the inline style of a lock in mode blur or hide, and sets it again
   * where the page's own script changes it while it is locked (el.style.filter
   * = 'none'; heard by `restyled` before the next frame): the page's value is
   * what unlock puts back. Writes `saved` on the element. A page whose own
   * observer sets it back each time would ping-pong with it without end (the
   * page hung): after 10 in one task, the page's style stays, said once.
   * @param {HTMLElement} el
   */
  function hold(el) {
    const lk = locks.get(el);
    if (!lk || lk.tries > 9) return; // unlocked since; given up
    let set = 0;
    // The page took its style attribute off: none is what unlock leaves.
    if (!el.hasAttribute('style')) lk.saved.style = false;
    // Blurred: inert and aria-hidden, also after the page's own modal took
    // them off its content as it closed (what it left is what unlock leaves).
    if (lk.mode == 'blur') {
      if (!el.inert) {
        lk.saved.inert = false;
        el.inert = true;
        set = 1;
      }
      const hidden = el.getAttribute('aria-hidden');
      if (hidden != 'true') {
        lk.saved.hidden = hidden;
        el.setAttribute('aria-hidden', 'true');
        set = 1;
      }
    }
    for (const [k, p, v, m] of SET) {
      if (m.includes(lk.mode) && get(el, p) != v) {
        lk.saved[k] = get(el, p);
        put(el, p, v);
        set = 1;
      }
    }
    if (set && !lk.tries++) setTimeout(() => lk.tries > 9 || (lk.tries = 0));
    if (lk.tries > 9) {
      ctx.fail('leadscore.gate.style', `gate ${idsOf(el)[0]}: the page's script undoes its ${lk.mode}; left to it`);
    }
    const saved = stringify(lk.saved);
    if (el.getAttribute(LOCKED) != saved) el.setAttribute(LOCKED, saved); // (a write would have the page looked through again)
  }
  const restyled = new MutationObserver((records) => records.forEach((r) => hold(/** @type {HTMLElement} */ (r.target))));
  // Audio and video in locked content (blurred or hidden: still in the page) are
  // not heard: paused as they lock, and whenever they start (a page's script, autoplay).
  const quiet = (/** @type {any} */ m) => m instanceof HTMLMediaElement && m.pause();
  addEventListener('play', (e) => {
    for (const [el, lk] of locks) if (lk.mode != 'remove' && el.contains(/** @type {Node} */ (e.target))) quiet(e.target);
  }, true);

  /** Keeps (or keeps again, as the latest) the content named `name`. @param {string} name @param {Node} content */
  function keep(name, content) {
    contents.delete(name);
    contents.set(name, content);
    if (contents.size > MAX_CONTENTS) contents.delete(/** @type {string} */ (contents.keys().next().value));
  }

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
    // Its thank-you, said where it outlives the card.
    if (back) say(lock.card?.shadowRoot?.querySelector('[role=status]')?.textContent || '');
    lock.card?.remove();
    el.removeAttribute(LOCKED);
    const { saved } = lock;
    if (lock.kept) {
      keep(/** @type {string} */ (saved.kept), lock.kept.cloneNode(true));
      el.append(lock.kept);
    }
    if (!saved.inert) el.removeAttribute('inert');
    if (saved.hidden === null) el.removeAttribute('aria-hidden');
    else el.setAttribute('aria-hidden', saved.hidden);
    // Each as the page had it, unless the page set it since.
    for (const [k, p, v] of SET) if (get(el, p) == v) put(el, p, saved[k]);
    // No style="" left where the page wrote no style attribute (read first:
    // Chromium keeps a style attribute its CSSOM changed and has not written yet).
    if (!saved.style && el.getAttribute('style') == '') el.removeAttribute('style');
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
    for (const c of [...el.childNodes]) {
      // (a copy of a card, empty, in a copy of the element a page put back: not content)
      if (/** @type {Element} */ (c).matches?.(`[${HOST}]`) && !(/** @type {Element} */ (c)).shadowRoot) c.remove();
      else if (c != lk.card) /** @type {DocumentFragment} */ (lk.kept).append(c);
    }
  }

  /** @param {HTMLElement} el @param {{mode?: string, offer?: any}} status */
  function lock(el, status) {
    const asked = status.mode || 'blur';
    const offer = status.offer ? status.offer.offer : '';
    const old = locks.get(el);
    if (old && old.asked == asked && old.offer == offer) return;
    unlock(el);
    let mode = asked == 'blur' && getComputedStyle(el).display == 'contents' ? 'hide' : asked;
    const card = offers.gateCard(status.offer || null, el);
    if (mode == 'remove') {
      el.append(card);
      // An element whose children are not drawn (an <img>, a <video>, a
      // <textarea>, a component's shadow root without a slot): hidden instead
      // (known by its kind also where it is not laid out: a closed tab panel).
      if (el.shadowRoot || /^(img|video|audio|iframe|canvas|textarea|input|select|object|embed|svg)$/.test(el.localName) ||
        (el.getClientRects().length && !card.getClientRects().length)) mode = 'hide';
    }
    /** @type {Lock} */
    const lk = {
      mode, asked, offer, card, tries: 0,
      saved: { inert: el.hasAttribute('inert'), hidden: el.getAttribute('aria-hidden'), style: el.hasAttribute('style'), .../** @type {Record<Styled, string>} */ (Object.fromEntries(SET.map(([k, p]) => [k, get(el, p)]))) },
    };
    if (mode == 'remove') {
      lk.kept = document.createDocumentFragment();
      lk.saved.kept = namePrefix + ++named;
      keep(lk.saved.kept, lk.kept);
      take(el, lk);
    } else {
      el.before(card);
      [el, ...el.querySelectorAll('audio,video')].forEach(quiet);
    }
    locks.set(el, lk);
    hold(el);
    restyled.observe(el, { attributeFilter: ['style', 'inert', 'aria-hidden'] });
  }

  /**
   * What a copy of a locked element carries (its Lock's `saved`), or null: a
   * value the widget did not write ("yes" from a CMS or the page's own
   * script) is ignored, the element is met as a fresh one.
   * @param {HTMLElement} el
   */
  function savedOf(el) {
    let saved;
    try {
      saved = JSON.parse(el.getAttribute(LOCKED) || 'null');
    } catch (_) {
      return null; // not JSON
    }
    const isText = (/** @type {unknown} */ v) => typeof v == 'string';
    // A style an older widget did not set (transition) is none the page had.
    if (typeof saved?.inert == 'boolean' && SET.every(([k]) => isText(saved[k] ??= '')) && (saved.hidden === null || isText(saved.hidden))) return saved;
    return null;
  }

  /**
   * Asks the core about one element and applies the answer.
   * @param {HTMLElement} el
   * @param {boolean} [first] when first met (an unknown gate is reported then)
   */
  function apply(el, first) {
    // A copy of a locked element: its lock is undone first (client.js sweeps
    // the copy of its card), a gate in mode remove getting a copy of its content.
    const saved = locks.has(el) ? null : savedOf(el);
    if (saved) locks.set(el, /** @type {any} */ ({ saved, kept: contents.get(saved.kept)?.cloneNode(true) }));
    const [gate, content] = idsOf(el);
    const status = ctx.core.gateStatus(gate, content);
    if (!status) return;
    if (first) read[status.status == 'free' ? 'add' : 'delete'](el); // (met again under other ids: decided afresh)
    if (status.status == 'locked') {
      if (!read.has(el)) lock(el, status);
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
   * to a locked gate in mode remove goes out with the rest; the card of one
   * the page moved (hide, blur) goes back right before it.
   */
  function prune() {
    for (const el of known) {
      const lk = locks.get(el);
      if (!el.isConnected || !el.hasAttribute('data-leadscore-gate')) {
        unlock(el);
        known.delete(el);
        seen.delete(el);
      } else if (lk?.kept) {
        // Its card gone with the rest (innerHTML, replaceChildren): the page
        // replaced the content, which is kept instead of what it had; the card
        // back. A copy of the card in its place (innerHTML +=): added to, not
        // replaced (take() drops the copy).
        if (lk.card && lk.card.parentNode != el) {
          if (!el.querySelector(`:scope > [${HOST}]`)) lk.kept.replaceChildren();
          el.prepend(lk.card);
        }
        take(el, lk);
      } else if (lk?.card && el.previousSibling != lk.card) el.before(lk.card);
    }
  }

  /**
   * Finds gated elements not met yet on this page view (it changed), or met
   * with other ids (the page changed its data-leadscore-gate): gate_view, then status.
   */
  function scan() {
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
  }

  return {
    scan,

    /**
     * Re-applies every gate (after contact, stage or unlock changes); gates in
     * content an unlock just put back are met in the same task, not shown a frame.
     */
    refresh() {
      prune();
      for (const el of known) ctx.guard(apply)(el);
      scan();
    },

    /** A new page view: gated elements count as met again. */
    reset() {
      seen = new WeakMap();
      read = new WeakSet();
    },
  };
}
