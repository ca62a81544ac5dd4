// @ts-check
/**
 * Offers on the page. The core decides which offers to show and which
 * triggers to arm (core.decideOffers); this renders them in shadow roots as
 * banner, modal <dialog>, slide-in panel or inline in a
 * [data-leadscore-slot] element, and reports impressions, dismissals and
 * conversions back as events.
 */
import { HOST, all, get, h, put, safeUrl, setText, shadowHost, voice } from './dom.js';
import { afterPresses, pressed } from './press.js';

/**
 * One offer as the core hands it out.
 * @typedef {{offer: string, type: string, placement: string, slot?: string, title: string,
 *            text?: string, cta?: string, url?: string, image?: string, form?: string}} OfferView
 */

/** Class of the box per placement. */
const BOX = /** @type {Record<string, string>} */ ({ banner: 'banner', modal: 'modal', 'slide-in': 'slide', inline: 'inline' });

/**
 * Whether <body> is the containing block of its fixed boxes (so they scroll
 * with it) rather than the window: a transform, filter, perspective, layout
 * or paint containment on it, or the promise of one.
 */
const holdsFixed = () => {
  const s = /** @type {any} */ (getComputedStyle(document.body));
  return s.transform + s.filter + s.perspective + s.backdropFilter != 'nonenonenonenone' ||
    /strict|content|layout|paint/.test(s.contain) || /transform|filter|perspective/.test(s.willChange) || s.containerType != 'normal';
};

/** Whether <body> lays the page out side by side (a flex row): room in it would be beside the page, not below it. */
const row = () => {
  const s = getComputedStyle(document.body);
  return /flex/.test(s.display) && !/column/.test(s.flexDirection);
};

/**
 * The box an app shell scrolls its page in: the document fits the window,
 * and the box at the window's centre, or one it is in, scrolls up and down and
 * is half the window tall or more (<body> itself not: its flow is the page's). Else null.
 */
const pageBox = () => {
  const html = document.documentElement;
  if (html.scrollHeight > html.clientHeight) return null;
  /** @type {Element | null | undefined} */
  let el = document.elementsFromPoint(innerWidth / 2, innerHeight / 2).find((e) => !e.closest(`[${HOST}]`));
  for (; el && el != document.body && el != html; el = el.parentElement) {
    if (/auto|scroll/.test(getComputedStyle(el).overflowY) && el.clientHeight * 2 >= innerHeight) return el;
  }
  return null;
};

/** A host that is a row of its own in the page's flow (not shrunk in a flex column; a whole row of a grid). */
const ROW = 'all:initial!important;display:block!important;flex:none!important;grid-column:1/-1!important';

/** The element with the focus, inside open shadow roots too. */
const focused = () => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};

/**
 * Labels a box: `relabel` now, and again (relabel() below) when the language
 * of where the box is shown changes; its host keeps it.
 * @param {any} host @param {() => void} relabel
 */
const labelled = (host, relabel) => {
  relabel();
  host.relabel = relabel;
};

/** Whether an element is on screen (has boxes). @param {Element} e */
const onScreen = (e) => e.getClientRects().length;

/**
 * Whether an element is seen: visible, not transparent (a modal faded out and
 * kept in the page), and a box of it in the window (not an off-canvas menu slid out).
 * @param {Element} e
 */
const seen = (e) => e.checkVisibility?.(/** @type {any} */ ({ opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true })) != false &&
  [...e.getClientRects()].some((r) => r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight);

/** Whether the focus is lost: on <body>, or on what is no longer on screen (in a shadow root too). */
const focusLost = () => {
  const a = focused();
  return a == document.body || !a?.getClientRects().length;
};

/** Whether an element holds what a visitor reads or uses: text, a link or a control. @param {Element} e */
const holdsContent = (e) => e.querySelector('a[href],button,input,select,textarea,iframe,[tabindex]') || /\S/.test(e.textContent || '');

/**
 * A dialog on screen in the one child of <body> on screen (the widget's
 * aside; the widget's hosts, <leadscore-ui> or <div>, left out) that the
 * page left when it hid the others, content and all, with aria-hidden (Radix,
 * MUI; react-modal hides the app's root). A decorative
 * layer made aria-hidden (nothing in it to read or use) hides nothing: the
 * dialog in the app's root beside it is no modal (a chat panel).
 */
const asideDialog = () => {
  const dialogs = [...document.querySelectorAll('[role=dialog],[role=alertdialog]')];
  // None in the page (most pages): nothing measured, no layout forced in the middle of the widget's work.
  if (!dialogs[0]) return;
  const on = [...document.body.children].filter((e) => onScreen(e) && !e.hasAttribute(HOST));
  const [x, y] = on.filter((e) => e.ariaHidden != 'true');
  return !y && on.some((e) => e != x && holdsContent(e)) && dialogs.some((e) => x?.contains(e) && onScreen(e));
};

/**
 * Whether the page has a modal of its own open: its body made inert; a modal
 * <dialog> (or a fullscreen element), also in an open shadow root where the
 * focus is (the widget's own dialogs are .ls); an aria-modal element seen
 * (Bootstrap makes nothing inert around it); an open <dialog> seen beside an element made inert (an app's root, not a gate's content)
 * or inside what follows it; an asideDialog(), asked last (it measures every
 * child of <body>); with `dialog` (for a modal offer), last, a popover the
 * page has open (not a manual one), which a modal <dialog> would close. A
 * browser without :modal asks only the first (without popovers, all but the last).
 * @param {boolean} [dialog]
 */
const pageModal = (dialog) => {
  try {
    return document.body.closest('[inert]') || focused()?.closest(':modal:not(.ls)') ||
      [...document.querySelectorAll(':modal,[aria-modal=true],dialog[open]:is([inert]:not([data-leadscore-gate])~*,[inert]:not([data-leadscore-gate])~* *)')]
        .some(seen) ||
      asideDialog() || (dialog && all(':popover-open').some((e) => /** @type {any} */ (e).popover != 'manual'));
  } catch (_) {}
};

/**
 * @param {import('./client.js').Context} ctx
 */
export function createOffers(ctx) {
  /** @type {{delays: number[], depths: number[], exit_intent: boolean}} */
  let arm = { delays: [], depths: [], exit_intent: false };
  /** Offers shown on this page view. */
  let shown = new Set();
  /** Inline offers rendered but not in view yet (not viewed), by offer: their watch. @type {Map<string, IntersectionObserver>} */
  const due = new Map();
  /**
   * Open offers by placement (or slot): how to take each away silently (no
   * argument), or to step it aside for the page's own modal (true) and back (false).
   * @type {Map<string, (aside?: boolean) => void>}
   */
  const open = new Map();
  /** The slot names the last decision saw. */
  let slotNames = '';
  /** Whether an offer waits for the page's own modal (or the widget's) to close. */
  let waiting = false;
  /**
   * The places (banner, slide-in, modal) the visitor closed an offer in on this
   * page view: held for the rest of it, so a "no" is not met by the next pitch there.
   */
  let spent = new Set();
  /**
   * The element that last lost the focus, inside open shadow roots too (where
   * a focusin's relatedTarget is only their host: another box of the widget,
   * a web component). Heard first, before the focusin that follows.
   * @type {any}
   */
  let left;
  addEventListener('focusout', (e) => {
    left = e.composedPath()[0];
  }, true);
  /**
   * The field that had the focus when its form was sent (and kept on the
   * page: the submit's default prevented), the form and what it held then,
   * until typed in again. @type {any}
   */
  let sent;
  /** What a form's controls hold (values, checks, whether usable). @param {any} f */
  const held = (f) => [...f.elements].map((c) => [c.value, c.checked, c.disabled, c.readOnly]) + '';
  addEventListener('submit', (e) => {
    const s = [focused(), e.target, held(e.target)];
    setTimeout(() => (sent = e.defaultPrevented && s));
  }, true);
  /** Fields the visitor has typed in (a field the page focused at load holds nothing back before). */
  const typed = new WeakSet();
  addEventListener('input', (e) => {
    sent = null;
    typed.add(e.composedPath()[0]);
  }, true);
  /**
   * Whether the visitor is filling in a form: the focus in a field (a text
   * box, a choice, an editable element) of the page or of an offer, not one
   * whose form they have just sent and the page has changed since (emptied,
   * reset, a field disabled), unless the page marked it wrong (aria-invalid)
   * or moved the focus to another field (its mistakes to correct): a form
   * left as it was sent was refused without a word, still being corrected;
   * not one the page focused (autofocus) that they have not typed in.
   */
  const filling = () => {
    const a = /** @type {any} */ (focused());
    return (!sent || a != sent[0] || held(sent[1]) == sent[2] || a?.ariaInvalid == 'true') && !(a?.autofocus && !typed.has(a)) &&
      (a?.isContentEditable || a?.matches('input:not([type=button],[type=submit],[type=reset],[type=image]),textarea,select'));
  };
  /**
   * An offer held back while the visitor filled in the form of one of the
   * widget's boxes comes once the focus has left its fields (a move inside the
   * box is not heard outside it): asked from the box's focusout, a task later;
   * one held while the widget's modal was open, once it closes (remove()).
   */
  const unheld = () => waiting && !filling() && api.decide('load');
  // (a task later: after the collectors have begun a new visit, if the tab was away past the timeout)
  document.addEventListener('visibilitychange', () => setTimeout(ctx.guard(unheld)));
  // During a press (press.js) nothing comes or moves the page under it: what
  // was due comes once it is over (an inline offer even with the focus then
  // in a field: the others wait for it to leave, show()).
  afterPresses(ctx.guard(() => waiting && api.decide('load')));
  /** The hosts of the open banner and slide-in, by placement. @type {Map<string, HTMLElement>} */
  const fixed = new Map();
  /** The open banner's height in px, as last measured. */
  let bannerHeight = 0;
  /** The open banner's and slide-in's rooms at the page's end (see show()), by placement. @type {Map<string, HTMLElement>} */
  const rooms = new Map();
  /** The heights of the open banner and slide-in (with the 1em it stands up) as last measured (0: stepped aside), by placement. @type {Map<string, number>} */
  const tall = new Map();
  /**
   * The elements pad() pads, with what was the page's own: their inline
   * scroll-padding-bottom (get()) and whether they had a style attribute.
   * @type {Map<HTMLElement, any[]>}
   */
  const pads = new Map();

  /**
   * The page scrolls what the keyboard focuses above the banner and the
   * slide-in (standing on it, 1em up): <html> and an app shell's box
   * get a scroll-padding-bottom as tall as they cover (the page's own, if
   * more), set as they open or change size, so the first focus too; 0: the page's own back.
   * @param {number} px
   */
  function pad(px) {
    const P = 'scroll-padding-bottom';
    pads.forEach(([v, attr], el) => {
      put(el, P, v);
      // (read first: Chromium keeps a style attribute its CSSOM changed and has not written yet)
      if (!attr && el.getAttribute('style') == '') el.removeAttribute('style');
    });
    pads.clear();
    if (px) {
      for (const el of /** @type {HTMLElement[]} */ ([document.documentElement, pageBox()])) {
        if (!el) continue;
        pads.set(el, [get(el, P), el.hasAttribute('style')]);
        put(el, P, `max(${getComputedStyle(el).getPropertyValue(P).replace('auto', '0px')}, ${px}px) !important`);
      }
    }
  }

  /**
   * Banner and slide-in open together: the slide-in stands on the banner
   * instead of covering its close button, and the banner keeps to half the
   * screen so the slide-in has room above it. Custom properties on the hosts
   * (`all: initial` leaves them), always set, so none of the page's reach in.
   */
  function stack() {
    const banner = fixed.get('banner');
    const slide = fixed.get('slide-in');
    slide?.style.setProperty('--ls-below', `${banner ? bannerHeight : 0}px`);
    banner?.style.setProperty('--ls-share', slide ? '50%' : '100%');
    const b = tall.get('banner') || 0;
    const s = tall.get('slide-in');
    const px = Math.ceil(s ? s + b : b);
    pad(px);
    // The room at the page's end as tall (the banner's; the slide-in's when it is alone): its last links
    // scroll above both (kept while they step aside: the page's length does not change under the page's modal).
    // One of them holds it: the banner's if it has one, else the slide-in's.
    const owner = rooms.has('banner') ? 'banner' : 'slide-in';
    if (px) for (const [where, room] of rooms) room.style.height = `${where == owner ? px : 0}px`;
  }

  /** @param {OfferView} o @param {string} action @param {string} type */
  function event(o, action, type) {
    ctx.track(type, { offer: o.offer });
    ctx.emit('offer', { offer: o.offer, type: o.type, placement: o.placement, action });
  }

  /** @param {OfferView} o */
  function viewed(o) {
    shown.add(o.offer);
    event(o, 'shown', 'offer_view');
  }

  /** The inline slots of the page (its open shadow roots' too), by name; not one in locked content (a gate's). */
  function slots() {
    /** @type {Map<string, Element>} */
    const found = new Map();
    all('[data-leadscore-slot]').forEach((el) => {
      const name = el.getAttribute('data-leadscore-slot') || '';
      if (name && !found.has(name) && !el.closest('[data-leadscore-locked]')) found.set(name, el);
    });
    return found;
  }

  /**
   * Title, text, image and CTA (or form) of an offer, as text and checked URLs.
   * @param {HTMLElement} box
   * @param {OfferView} o
   * @param {'h2'|'p'} heading
   * @param {(keep?: boolean) => void} onConvert what the box does on each conversion (reported here, once); keep: stay open (a form showing its thank-you)
   * @param {Element} at where the offer is shown (its language)
   * @returns {(() => void) | null} its form's relang(): the language where it is shown changed
   */
  function fill(box, o, heading, onConvert, at) {
    // Converted once (a second click on its link is no second conversion); then what the box does.
    let converted = false;
    /** @param {boolean} [keep] */
    const convert = (keep) => {
      if (!converted) event(o, 'converted', 'offer_convert');
      converted = true;
      onConvert(keep);
    };
    const image = safeUrl(o.image);
    if (image) {
      const img = h('img', { class: 'img', src: image, alt: '', loading: 'lazy' });
      img.onerror = () => img.remove(); // a broken image leaves no empty space (its margin) above the title
      box.append(img);
    }
    box.append(h(heading, { class: 't', id: 't' }, o.title));
    // Its description: a dialog's focus lands on the link, past the text.
    if (o.text) {
      box.append(h('p', { class: 'd', id: 'd' }, o.text));
      box.setAttribute('aria-describedby', 'd');
    }
    const url = safeUrl(o.url);
    const link = () => {
      if (!url) return;
      const a = h('a', { class: 'cta', href: url }, o.cta || o.title);
      // A click, or the middle button's auxclick (open in a new tab); not the right button's.
      a.onclick = a.onauxclick = (e) => {
        if (e.button < 2) ctx.guard(convert)(); // (returns nothing: a false would cancel the event)
      };
      box.append(a);
    };
    // An offer with a form: the form first, the link once it is sent.
    const form = o.form ? ctx.forms.render(box, o.form, at, (ok) => {
      if (ok) convert(true);
      link();
    }) : null;
    if (!form) link();
    if ((o.url && !url) || (o.image && !image)) {
      ctx.fail('leadscore.offer.url', `offer ${o.offer}: URL refused (only http(s) and relative URLs are used)`);
    }
    return form;
  }

  /** Shows one offer where it belongs, unless its place is taken. @param {OfferView} o */
  function show(o) {
    const inline = o.placement === 'inline';
    const key = inline ? `slot:${o.slot}` : o.placement;
    if (open.has(key) || !(o.placement in BOX)) return;
    const modal = o.placement === 'modal';
    // Not under a press in progress; not over the page's own modal or the widget's, nor taking its focus, nor while the visitor
    // fills in a form, nor (a modal) closing the page's open popover: later, not viewed now (the widget's: asked again once it closes, remove()).
    // (a tab opened in the background: an overlay waits until it is seen, deciding then with what other tabs stored)
    if (pressed() || (!inline && (document.hidden || pageModal(modal) || filling() || open.has('modal')))) return (waiting = true);
    /** Where it goes: its slot, else <body>. */
    const parent = () => (inline ? slots().get(o.slot || '') : document.body);
    // A box fixed to the window goes in <body>, unless the body holds fixed
    // boxes itself (a transform, filter or containment on it would make the
    // box scroll with it): then beside it, in <html>. Not always there: an
    // app that renders <html> (React) expects only its own <head> and <body>.
    // A banner's or slide-in's host, the room at the page's end (see below), goes beside
    // a <body> that is a flex row too: below it, not beside the page.
    const banner = o.placement === 'banner';
    const put = (/** @type {Element | undefined} */ t) => (inline || !(holdsFixed() || (!modal && row())) ? t : document.documentElement)?.append(host);
    const target = parent();
    if (!target) return;
    const { host, root } = shadowHost();
    const box = /** @type {HTMLElement} */ (h(modal ? 'dialog' : 'div', { class: `ls ${BOX[o.placement]}`, 'aria-labelledby': 't' }));
    if (o.placement === 'slide-in') {
      box.setAttribute('role', 'dialog');
      box.setAttribute('aria-modal', 'false');
    } else if (!modal) {
      box.setAttribute('role', 'region');
    }
    let done = false;
    /** Stepped aside for the page's modal (a modal offer: closed for now). */
    let away = false;
    /** What had the focus in the box when the page's modal took it. @type {any} */
    let had;
    // Asked a task later: only then is the focus in a modal of a shadow root
    // (during focusout it is on <body>); and unheld().
    box.addEventListener('focusout', (e) => {
      const from = e.target;
      setTimeout(ctx.guard(() => {
        had = pageModal() ? from : null;
        unheld();
      }));
    });
    /** Where the focus came into the box from, outside it (in another shadow root too). @type {any} */
    let from;
    box.addEventListener('focusin', (e) => {
      if (!box.contains(/** @type {Node} */ (e.relatedTarget))) from = e.relatedTarget && left;
    });
    /**
     * Shows the modal offer again (back from stepping aside, or in a swapped
     * body); where the focus came from stays where it was before the offer
     * first opened, not what had it meanwhile (the page's modal).
     */
    const reopen = () => {
      const before = from;
      /** @type {HTMLDialogElement} */ (box).showModal();
      from = before;
    };
    const silently = (/** @type {boolean=} */ aside) => {
      // Its slot renamed (or no longer a slot) by the page: out of it, as if
      // the slot had been taken out of the page.
      if (inline && aside != null && host.parentElement?.getAttribute('data-leadscore-slot') !== o.slot) host.remove();
      // Its <body> (or slot) swapped for a new one (Turbo, htmx): it moves
      // into the new one (the slot of its name), still open, not viewed again.
      // An app shell's box that held the banner's room replaced (a new view):
      // room in the new one, padded as the old one was (pad()).
      if (aside != null && shell && !shell.isConnected) {
        place();
        stack();
      }
      if (aside != null && !host.isConnected) {
        put(parent());
        if (modal && !away) {
          /** @type {HTMLDialogElement} */ (box).close();
          reopen();
        }
      }
      if (aside == null) {
        done = true;
        close();
      } else if (!inline && aside != away) {
        away = aside;
        // Its entry animation has played: back, it just reappears.
        box.style.animation = 'none';
        if (!modal) {
          box.style.display = aside ? 'none' : '';
          // Back: the focus too, if it is lost (on <body>, or on what the
          // page's modal hid, in a shadow root too: still there the moment a
          // watched root says its <dialog> closed), never from where the page has put it.
          if (!aside && had && focusLost()) had.focus();
          if (!aside) had = null;
        } else if (aside) /** @type {HTMLDialogElement} */ (box).close();
        else reopen();
      }
    };
    /** A banner's or slide-in's watch on its size. @type {ResizeObserver | undefined} */
    let resized;
    /** A banner's or slide-in's room at the page's end, as tall as it (not printed: widget.css). */
    const room = h('div', { class: 'room' });
    /** The host of the room in an app shell's box. @type {HTMLElement | undefined} */
    let shell;
    /**
     * Puts the room in the box's host, a row of its own last in <body>'s
     * flow; in an app shell, last in the box the page scrolls in (in a host
     * of its own: the box stays in <body>, clear of the box's stacking and transforms).
     */
    const place = () => {
      const el = pageBox();
      if (!el) shell?.remove();
      else if (shell?.parentElement != el) {
        shell ||= shadowHost(true).host;
        shell.style.cssText = ROW;
        el.append(shell);
      }
      const where = el ? shell?.shadowRoot : root;
      if (where && room.parentNode != where) where.append(room);
    };
    const remove = () => {
      due.get(o.offer)?.disconnect();
      due.delete(o.offer);
      // Closed (not by reset()): its place spent; an offer held while the widget's modal was open comes now.
      if (open.get(key) === silently) {
        open.delete(key);
        inline || spent.add(key);
        setTimeout(ctx.guard(unheld));
      }
      if (fixed.get(o.placement) === host) {
        fixed.delete(o.placement);
        tall.delete(o.placement);
        rooms.delete(o.placement);
        resized?.disconnect();
        shell?.remove();
        stack();
      }
      // Closed with the focus inside (a banner or slide-in): back where it came from, not on <body>.
      const back = document.activeElement == host && from;
      host.remove();
      if (back) back.focus();
    };
    const close = () => (modal && !away ? /** @type {HTMLDialogElement} */ (box).close() : remove());
    const form = fill(box, o, modal || o.placement === 'slide-in' ? 'h2' : 'p', (keep) => {
      done = true;
      // Later, so the link is still in the page when the browser follows it.
      if (!inline && !keep) setTimeout(close);
    }, target);
    if (!inline) {
      // Page rules that reach the host (body > * { transform: ... }) would make
      // it the containing block or stacking context of the fixed box.
      host.style.cssText = 'all:initial!important';
      // The banner's height, measured when it changes (not every frame), lifts the
      // slide-in. Not while it is hidden or out of the page (stepped aside, or
      // between two bodies): the slide-in is away too, and comes back where it was.
      // Its room (place()) is as tall, and so is a slide-in's alone (with the 1em it stands up): room at
      // the end of the page, so the page's last content (its footer) scrolls above them; closed, the room goes with it.
      // Both heights (0 hidden) pad the page's scrolling (pad()).
      if (!modal) {
        host.style.cssText = ROW;
        fixed.set(o.placement, host);
        stack();
        resized = new ResizeObserver(ctx.guard(() => {
          // (a slide-in with the 1em it stands above the banner or the screen's edge: 15px, more where the text is larger)
          const high = box.getBoundingClientRect().height;
          tall.set(o.placement, high && (banner ? high : high + parseFloat(getComputedStyle(box).fontSize)));
          if (box.offsetHeight) {
            if (banner) bannerHeight = box.offsetHeight;
            // A slide-in on a page that does not scroll (a full-screen app) makes none: it would make the page scroll.
            const d = document.documentElement;
            if (banner || d.scrollHeight > d.clientHeight || pageBox()) {
              rooms.set(o.placement, room);
              place();
            }
          }
          stack();
        }));
        resized.observe(box);
      }
      const dismiss = () => {
        if (!done) event(o, 'dismissed', 'offer_dismiss');
        done = true;
        close();
      };
      const x = h('button', { class: 'x', type: 'button' }, '\u00d7');
      labelled(host, () => {
        const close = ctx.label('close', target);
        x.setAttribute('aria-label', close.text);
        voice(x, close.lang);
        form?.();
      });
      x.addEventListener('click', ctx.guard(dismiss));
      box.append(x);
      // Esc with the focus inside the banner or slide-in is its close button (the
      // modal's <dialog> does this itself); keys pressed elsewhere never reach here.
      if (!modal) {
        box.addEventListener('keydown', ctx.guard((/** @type {KeyboardEvent} */ e) => {
          if (e.key !== 'Escape' || e.isComposing || e.defaultPrevented) return;
          e.preventDefault();
          dismiss();
        }));
      }
    } else if (form) labelled(host, form);
    root.append(box);
    put(target);
    if (modal) {
      const dialog = /** @type {HTMLDialogElement} */ (box);
      // Esc and the close button both end here; a conversion closes it too.
      dialog.addEventListener('close', ctx.guard(() => {
        if (away || dialog.open) return; // stepped aside (and maybe back already): not dismissed
        if (!done) event(o, 'dismissed', 'offer_dismiss');
        done = true;
        // The <dialog> gave the focus back to what had it when it last
        // opened; back from stepping aside, that is the page's modal, gone by
        // now: then back where the visitor was before the offer first opened.
        if (from && focusLost()) from.focus();
        remove();
      }));
      // A click on the backdrop closes it too (pressed and let go there: not
      // a selection dragged out of the box), unless the visitor has typed in
      // its form: what they typed is not lost to a stray click.
      let typed = false, down = false;
      const out = (/** @type {MouseEvent} */ e) => {
        const r = box.getBoundingClientRect();
        return e.target == box && !(e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom);
      };
      box.addEventListener('input', () => (typed = true));
      box.addEventListener('pointerdown', (e) => (down = out(e)));
      box.addEventListener('click', ctx.guard((/** @type {MouseEvent} */ e) => down && out(e) && !typed && dialog.close()));
      // A page's showModal that throws or opens nothing: not shown, not viewed.
      try {
        dialog.showModal();
      } finally {
        if (!dialog.open) host.remove();
      }
      if (!dialog.open) return;
    }
    open.set(key, silently);
    if (!inline) return viewed(o);
    // An inline offer is viewed once some of it is in the window (also in a
    // box that scrolls): not one far down the page the visitor never reaches,
    // nor one out of sight (a closed <details>, a hidden tab panel) until it
    // is shown. Meanwhile its type counts as pitched (decide()).
    const io = new IntersectionObserver(ctx.guard((/** @type {IntersectionObserverEntry[]} */ es) => {
      if (!es.some((e) => e.isIntersecting)) return;
      io.disconnect();
      due.delete(o.offer);
      viewed(o);
    }));
    io.observe(host);
    due.set(o.offer, io);
  }

  const api = {
    /**
     * Asks the core which offers to show now and renders the new ones; 1 for
     * an exit intent while the page's own modal is open (nothing could show
     * over it) or the visitor fills in a form, true if an offer it brought
     * waits (a modal, for the page's popover): it stays armed, not used up.
     * @param {'load'|'delay'|'scroll'|'exit_intent'} trigger
     */
    decide(trigger) {
      if (trigger == 'exit_intent' && (pageModal() || filling())) return 1;
      const names = [...slots().keys()];
      slotNames = names.join('\n');
      waiting = false;
      const d = ctx.core.decideOffers({
        trigger,
        seconds: ctx.seconds(),
        depth: ctx.page.depth,
        url: location.href,
        slots: names,
        shown: [...shown, ...due.keys()],
        open: [...open.keys(), ...spent],
        now: ctx.clock(),
      });
      if (!d) return;
      arm = d.arm;
      for (const o of d.show) {
        if (!shown.has(o.offer)) ctx.guard(show)(/** @type {OfferView} */ (o));
      }
      ctx.plan();
      return waiting;
    },

    /**
     * After the page changed: steps the open banner, slide-in and modal offer
     * aside while the page's own modal is open (not dismissed, not viewed
     * again), and back once it is closed; whether to decide again (inline
     * slots came or went, or an offer waits for the page's modal).
     */
    changed() {
      const m = !!pageModal();
      open.forEach((step) => step(m));
      return waiting || [...slots().keys()].join('\n') !== slotNames;
    },

    /** Triggers the core asked to be told about. */
    armed: () => arm,

    /**
     * The box a gate shows in place of locked content: the gate's offer, or a
     * short notice when it has none.
     * @param {OfferView | null} o
     * @param {Element} context the gated content (the language of its texts)
     */
    gateCard(o, context) {
      const { host, root } = shadowHost();
      const box = h('div', { class: 'ls gate', role: 'note' });
      box.addEventListener('focusout', () => setTimeout(ctx.guard(unheld)));
      const notice = h('p', { class: 'd' });
      const form = o && fill(box, o, 'p', () => {}, context);
      if (o) {
        if (!shown.has(o.offer)) viewed(o);
      } else {
        box.append(notice);
      }
      labelled(host, () => {
        const locked = ctx.label('locked', context);
        form?.();
        // The offer's copy need not say the content is locked: the note's name does.
        if (o) {
          box.setAttribute('aria-label', locked.text);
          return;
        }
        // A notice says it itself, in the voice of its language (English beside a Vietnamese page: the default).
        setText(notice, locked.text);
        voice(box, locked.lang);
      });
      root.append(box);
      return host;
    },

    /** The language of the page (or of an element in it) changed: the boxes on screen relabel themselves. */
    relabel() {
      for (const host of all(`[${HOST}]`)) /** @type {any} */ (host).relabel?.();
    },

    /** A new page view: offers of the previous one go away without a dismissal. */
    reset() {
      const closing = [...open.values()];
      open.clear();
      for (const close of closing) close();
      shown = new Set();
      spent = new Set();
      arm = { delays: [], depths: [], exit_intent: false };
    },
  };
  return api;
}
