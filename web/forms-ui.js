// @ts-check
/**
 * Forms: <form data-leadscore-form="ID"> on the page (enhanced) and the forms
 * of offers (rendered in the offer's shadow root). The core decides which
 * fields to ask (formPlan), checks a submit (submitForm: ok, invalid with
 * messages in the page's language, or spam) and captures the lead; this
 * collects the answers (trimmed, NFC), shows what the core says and hides
 * what it does not ask. Bots that fill the honeypot see the same thank-you
 * as people; nothing of theirs is kept or sent. Valid answers sent too fast
 * (a bot, or a browser's autofill) are asked to be sent again.
 */
import { SR, all, h, setText, voice } from './dom.js';
import { afterPress, pressed } from './press.js';

const TYPES = /** @type {Record<string, string>} */ ({ phone: 'tel', checkbox: 'checkbox' });
/** What the browser's autofill puts in a field: by its name, else by its type (an email or phone field of any name). */
const AUTO = /** @type {Record<string, string>} */ ({
  email: 'email', name: 'name', full_name: 'name', first_name: 'given-name', last_name: 'family-name', company: 'organization',
  phone: 'tel', job_title: 'organization-title', country: 'country-name', website: 'url',
});

/**
 * The language of the page around `el`: its lang (out through the open
 * shadow roots it is in: a web component's root has none), else the browser's.
 * @param {any} el
 */
export const langOf = (el) => {
  let l;
  while (el && !(l = el.closest('[lang]'))) el = el.getRootNode().host;
  return (l && l.lang) || navigator.language || 'en';
};

/**
 * What the core gets: well-formed text (a lone surrogate, which a paste or an
 * input method can leave, becomes U+FFFD instead of making the answer
 * invalid UTF-8, which the core counts as not given), trimmed, NFC.
 * @param {string} s
 */
const norm = (s) => {
  const w = /** @type {any} */ (s).toWellFormed ? /** @type {any} */ (s).toWellFormed() : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return w.trim().normalize('NFC');
};

/**
 * A field's name as the page shows it (to say which field a message is
 * about): its aria-labelledby's, aria-label, <label>s or a fieldset's
 * <legend>, without the values of controls in them nor a closing "." or ":";
 * else `or` (the config's label).
 * @param {any} el @param {string} [or]
 */
const nameOf = (el, or) => {
  const said = (/** @type {Element} */ x) => {
    const c = /** @type {Element} */ (x.cloneNode(true));
    for (const e of c.querySelectorAll('select,textarea,[aria-hidden=true]')) e.remove();
    return c.textContent || '';
  };
  const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).map((/** @type {string} */ id) => id && el.getRootNode().getElementById?.(id)).filter(Boolean);
  const name = by.length ? by.map(said).join(' ') : el.getAttribute('aria-label') ||
    [...(el.labels || []), el.localName == 'fieldset' && el.querySelector(':scope>legend')].filter(Boolean).map(said).join(' ');
  return (name.replace(/\s+/g, ' ').trim() || or || '').replace(/[\s.:]+$/, '');
};

/** @typedef {import('./core.js').FormPlan} FormPlan */
/**
 * Whether the plan hides the field for being known (the widget disables its
 * inputs), not for lack of an input the visitor can fill in.
 * @param {FormPlan | undefined} plan @param {string} name
 */
const knownHidden = (plan, name) => !!plan?.hidden?.includes(name) && !plan.missing?.includes(name);

/** A control never read, whatever its name: a password, a card's number or code, a one-time code. @param {Element} e */
const secret = (e) => e.matches('[type=password],[autocomplete*=cc-],[autocomplete*=password],[autocomplete*=one-time-code]');

/** @typedef {{replan: () => void, undo: () => void, relang: () => void}} Driven a driven form: asked again, left as it was, told again in the language where it is now */

/**
 * @param {import('./client.js').Context} ctx
 */
export function createForms(ctx) {
  const { core, clock, guard } = ctx;
  /**
   * Forms driven here (the collectors leave their submits alone), each with
   * its submit: of the submit event, or (none) of a send by the page's code;
   * true when the widget refused it.
   * @type {WeakMap<HTMLFormElement, (e?: Event) => boolean | undefined>}
   */
  const mine = new WeakMap();
  /** Submit events taken already. @type {WeakSet<Event>} */
  const taken = new WeakSet();

  /**
   * A driven form's submit event, taken before the page's own listeners hear
   * it: on the window in the capture phase (or on the form's shadow root,
   * which a submit does not leave; on the form itself if neither heard it).
   * One the widget refuses goes no further, as a natively invalid form fires
   * none: the page's listeners only hear the submits the widget accepted.
   * @param {Event} e
   */
  const check = (e) => {
    const submit = mine.get(/** @type {any} */ (e.target));
    if (!submit || taken.has(e)) return;
    taken.add(e);
    if (submit(e)) e.stopImmediatePropagation();
  };
  addEventListener('submit', check, true);
  /**
   * A form in a shadow root: its submits taken on that root too (where it is
   * met, or moved to since: a component that adopts it).
   * @param {HTMLFormElement} form
   */
  const rooted = (form) => {
    const root = form.getRootNode();
    if (root instanceof ShadowRoot) root.addEventListener('submit', check, true);
  };
  /** Forms driven (the page's; the offers' and gate cards', not met), until sent: their re-plan and how to leave them as they were. @type {Map<HTMLFormElement, Driven>} */
  const live = new Map();
  /** Calls `f` with each driven form still in the page; forgets the others. @param {(driven: Driven) => void} f */
  const each = (f) => {
    for (const [form, driven] of live) {
      if (form.isConnected) f(driven);
      else live.delete(form);
    }
  };
  /** Elements with data-leadscore-form met, with the id they were met with. @type {WeakMap<Element, string>} */
  const met = new WeakMap();
  let n = 0;

  /**
   * Drives one form: honeypot, consent box, fill time, re-planning as answers
   * change, the submit and what it shows.
   * @param {HTMLFormElement} form
   * @param {string} id form id in the config
   * @param {Element} at where its language is read
   * @param {(plan: FormPlan) => void} layout shows the plan's fields, hides the rest
   * @param {(ok: boolean) => void} sent after a submit the core took (ok: a real lead; false: spam)
   * @param {boolean} [onPage] the page's own form: the core leaves out the fields it has no input for
   * @returns {Driven | null} null for a form the config does not have
   */
  function drive(form, id, at, layout, sent, onPage) {
    let lang = langOf(at);
    /** @type {any} */
    const els = form.elements;
    /**
     * The names of the page form's inputs; undefined for a form rendered here, which has every field.
     * Not a field whose controls the page disabled (its own or a <fieldset>'s): the browser would not
     * send it, the visitor cannot fill it in; the known fields the widget disabled are in.
     */
    const inputs = () => (onPage ? [...new Set([...els].filter((e) => !secret(e) && (!e.matches(':disabled') || knownHidden(plan, e.name)))
      .map((e) => e.name).filter(Boolean))] : undefined);
    // (var: inputs() reads it, undefined on this first call)
    var plan = /** @type {FormPlan} */ (core.formPlan(id, {}, lang, inputs())); // null: checked at once
    if (!plan) return null;
    const missing = plan.missing?.filter((name) => ![...els].some((e) => e.name == name && !secret(e)));
    if (missing?.length) {
      const quoted = (/** @type {string[]} */ names) => names.map((name) => JSON.stringify(name)).join(', ');
      ctx.fail('leadscore.form.field', `form "${id}": no input in the page for ${quoted(missing)}; not asked here ` +
        `(the form's inputs: ${quoted(inputs() || [])}; names are case-sensitive${missing.some((name) => els.namedItem(name)) ? '; passwords and card fields are never read' : ''})`);
    }
    const novalidate = form.noValidate;
    form.noValidate = true; // the core checks, in the page's language
    const off = new AbortController(); // the listeners below, when the form is left alone again
    const opts = { signal: off.signal };
    // The fill time runs from when the form is seen or used; for a form never
    // on screen (sent by the page's own UI), from when the widget took it.
    const met = clock();
    let shown = 0;
    const start = () => (shown = shown || clock());
    form.addEventListener('focusin', start, opts);
    if (typeof IntersectionObserver == 'function') {
      const io = new IntersectionObserver((es) => {
        if (es.some((e) => e.isIntersecting)) start(), io.disconnect();
      });
      io.observe(form);
    } else start();
    const honeypot = plan.honeypot;
    /** What the widget added to the form (honeypot, consent box). @type {Element[]} */
    const added = [];
    if (honeypot && !els.namedItem(honeypot)) {
      const trap = h('div', { 'aria-hidden': 'true' });
      added.push(trap);
      trap.style.cssText = SR; // clipped where it is: pushed off by left:-9999px it widened right-to-left pages
      // (a textarea: a second text input would keep Enter from sending a form of one field and no button)
      trap.append(h('textarea', { name: honeypot, tabindex: '-1', autocomplete: 'off' }));
      form.append(trap);
      // Not in what the form posts to the site (a send by the page's code) nor in the page's new FormData(form).
      form.addEventListener('formdata', (e) => e.formData.delete(honeypot), opts);
    }
    // Fields not asked for being known are disabled, so not in the form's data:
    // the page's own new FormData(form) and a send by its code get what the visitor told before
    // (not a field the form has no input for, nor one the page disabled: only what it would have sent).
    form.addEventListener('formdata', guard((/** @type {FormDataEvent} */ e) => {
      const known = core.state(clock())?.contact || {};
      for (const name of plan.hidden || []) if (knownHidden(plan, name) && !e.formData.has(name) && known[name] != null) e.formData.set(name, known[name]);
    }), opts);
    const status = h('p', { role: 'status', class: 'leadscore-status' });
    status.style.cssText = SR;
    // A copy's (a page's snapshot of its body put back: Turbo's back button) goes.
    const copy = form.nextElementSibling;
    if (copy?.className == 'leadscore-status') copy.remove();
    form.after(status);
    /** @type {Array<() => void>} undoes the error marks */
    let marks = [];

    /** @param {string} name */
    const named = (name) => [...els].filter((e) => e.name === name && !e.matches(':disabled') && !secret(e));

    /** The answers to the asked fields. */
    function answers() {
      /** @type {Record<string, string | boolean>} */
      const out = {};
      for (const f of plan.fields) {
        const list = named(f.name);
        if (!list.length) continue;
        // A box ticked; or, asked with radios, a yes: not "no", "false", "0" or "off".
        if (f.type == 'checkbox') out[f.name] = list.some((e) => e.checked && !(e.type == 'radio' && /^(no|false|0|off|)$/i.test(e.value)));
        else {
          // Asked with radios or checkboxes: the one chosen (none: no answer).
          let v = norm(list.find((x) => !/radio|checkbox/.test(x.type) || x.checked)?.value || '');
          // Typed full-width (a Japanese or Chinese input method): ＠, ０９０－… as ASCII.
          if (f.type == 'email' || f.type == 'phone') v = v.normalize('NFKC');
          // One of the config's choices: as the config writes it ("Enterprise ", "Hà Nội" decomposed).
          out[f.name] = f.options?.find((o) => norm(o.value) == v)?.value ?? v;
        }
      }
      return out;
    }

    /** The text of the consent box the widget added. @type {HTMLElement | undefined} */
    let agree;
    function consent() {
      const c = plan.consent;
      if (c && agree) setText(agree, c.text, c.lang); // in the plan's language
      if (!c || form.querySelector('[data-leadscore-consent]')) return;
      const label = h('label', { class: 'leadscore-consent' });
      added.push(label);
      const box = h('input', { type: 'checkbox', 'data-leadscore-consent': '' });
      // Said by screen readers before a submit; aria-required, as the page's inputs: a required
      // box would be called invalid before it was ever touched.
      if (c.required) box.ariaRequired = 'true';
      label.append(box, ' ', (agree = voice(h('span', {}, c.text), c.lang)));
      const button = form.querySelector('[type=submit],button:not([type])');
      button ? button.before(label) : form.append(label);
    }

    /** Asks the core again with the answers so far; shows what changed. */
    function replan() {
      for (let i = 0; i < 3; i++) {
        const key = JSON.stringify(plan);
        const next = core.formPlan(id, answers(), lang, inputs());
        if (!next) return;
        plan = next;
        layout(plan);
        consent();
        if (JSON.stringify(plan) == key) return;
      }
    }

    function unmark() {
      for (const undo of marks) undo();
      marks = [];
    }

    /**
     * The page's own constraints not met (its own required privacy box; its
     * required, pattern or minlength on a field the config has too; text a
     * number input cannot read), as the browser checks them before a
     * submit: told as the core's mistakes, in the page's language (a message
     * the page set, setCustomValidity(), kept; the browser's where the core has none).
     */
    const owned = () => {
      const seen = new Set();
      // (not the type of a field the config has: the core checks an address, typed full-width too)
      return [...els].filter((x) => x.willValidate && !x.checkValidity() && !(x.validity.typeMismatch && plan.fields.some((f) => f.name == x.name)) &&
        !seen.has(x.name || x) && seen.add(x.name || x))
        .map((x) => {
          const v = x.validity;
          const m = !v.customError && core.constraintMessage(v.valueMissing ? (x.type == 'checkbox' ? 'consent' : /radio|select/.test(x.type) ? 'option' : 'required') : v.typeMismatch || v.badInput ? x.type : '', lang);
          // (the core's message in its language; the page's or the browser's in the page's)
          return { field: x.name, message: m || x.validationMessage, el: x, lang: m && plan.messages_lang };
        });
    };

    /** The page's mistakes, then the core's on other fields (one message a field). @param {any[]} own @param {any[]} found */
    const both = (own, found) => [...own, ...found.filter((e) => !own.some((o) => o.field && o.field == e.field))];

    /** @param {any[]} errors the core's (FieldError), and owned()'s @param {boolean} [stay] the focus stays where it is */
    function errors(errors, stay) {
      unmark();
      /** @type {HTMLElement | null} */
      let first = null;
      let lost = false;
      /** What the status says: each message after its field's name. @type {string[][]} */
      const spoken = [];
      // No field: the consent box, or (too_fast) the form as a whole, told in the status.
      const at = (/** @type {any} */ e) => e.el || (e.field ? named(e.field)[0] : e.code == 'consent' && form.querySelector('[data-leadscore-consent]'));
      // In the form's order (the page's own controls among the config's fields); with no control, last.
      const pos = (/** @type {any} */ e) => [...els].indexOf(at(e)) >>> 0;
      for (const e of errors.sort((a, b) => pos(a) - pos(b))) {
        const input = at(e);
        let el = input;
        // An input no one can reach (type=hidden, or not rendered in a form that is: the page's
        // own control stands for it), or one of a group of radios or boxes: the box that stands
        // for the field is marked instead (a group: named by it, not by its first choice).
        const group = e.field && /radio|checkbox/.test(el?.type) && named(e.field).length > 1;
        const stand = el && (group || el.type == 'hidden' || (!el.getClientRects().length && form.getClientRects().length));
        // Only a box of this field alone, on screen: not a group around the whole form (or other fields).
        if (stand) {
          const box = el.closest('[data-leadscore-field]') || el.closest('fieldset,[role=group],[role=radiogroup]');
          const alone = box && ![...box.querySelectorAll('[name]')].some((x) => x.name != e.field && x.type != 'submit' && x.form == form);
          el = alone && form.contains(box) && box.getClientRects().length && box;
        }
        const config = e.el ? nameOf(e.el) : e.field ? plan.fields.find((f) => f.name == e.field)?.label : e.code == 'consent' && plan.consent?.text;
        // (a hidden control's own <label>, as the page shows it, before its box's)
        const name = config && (el ? (group ? nameOf(el, config) : nameOf(input, el != input ? nameOf(el, config) : config)) : config);
        const said = e.el ? e.lang : plan.messages_lang;
        spoken.push([name ? `${name}: ` : '', e.message, said]);
        if (!el) {
          lost = true;
          continue;
        }
        const msg = h('span', { id: `leadscore-e${++n}`, class: 'leadscore-error' }, e.message);
        voice(msg, said);
        /** Adds the message to what describes `x`; returns what puts back the page's own. @param {Element} x */
        const describe = (x) => {
          const was = x.getAttribute('aria-describedby');
          x.setAttribute('aria-describedby', `${was || ''} ${msg.id}`.trim());
          return () => (was ? x.setAttribute('aria-describedby', was) : x.removeAttribute('aria-describedby'));
        };
        el.setAttribute('aria-invalid', 'true');
        // A box: its first control a keyboard reaches, described by the message too (a screen
        // reader landing there may not read the box's description). Not a link without href,
        // a control of a disabled <fieldset>, nor what is invisible or inert: their tabIndex is 0.
        const control = stand ? [...el.querySelectorAll('*')].find((x) => x.tabIndex >= 0 && !x.matches(':disabled,a:not([href]),[inert] *') &&
          x.getClientRects().length && getComputedStyle(x).visibility == 'visible') : el;
        const undo = [describe(el), ...(stand && control ? [describe(control)] : [])];
        // After the input's <label> when it is in one (inside, it would be read as part of the field's name).
        const label = el.closest('label');
        const box = stand ? el : el.closest('[data-leadscore-field]');
        if (label) label.after(msg);
        else if (box) box.append(msg);
        else el.after(msg);
        marks.push(() => {
          msg.remove();
          el.removeAttribute('aria-invalid');
          undo.forEach((f) => f());
        });
        first = first || control;
      }
      status.style.cssText = lost ? '' : SR;
      setText(status, spoken.map((x) => x[0] + x[1]).join(' '));
      // A message in another language than the page's (English on a German page) is read in its own.
      if (spoken.some((x) => x[2])) status.replaceChildren(...spoken.flatMap(([name, m, l], i) => [(i ? ' ' : '') + name, voice(h('span', {}, m), l)]));
      if (first && !stay) first.focus();
    }

    let done = 0;
    /** The answers of the submit whose mistakes are shown: told again in a new language. @type {any} */
    let refused;
    let shownKey = '';
    /** Whether mistakes `r` are those shown; else they are from now. @param {any[]} r */
    const told = (r) => shownKey == (shownKey = JSON.stringify([plan.messages_lang, ...r.map((e) => [e.field, e.message, e.lang])]));
    const submit = guard((/** @type {Event=} */ e) => {
      // Sent by the page's code (form.submit()): it goes to its action, as
      // the page asked; once the widget has taken it, not again.
      if (e) e.preventDefault();
      // Taken already: not again (a second press of a Send button outside
      // the form, requestSubmit() twice), nor heard by the page's listeners.
      if (done) return !!e;
      replan();
      const own = e ? owned() : [];
      const trap = plan.honeypot && els.namedItem(plan.honeypot);
      const box = /** @type {HTMLInputElement | null} */ (form.querySelector('[data-leadscore-consent]'));
      const now = clock();
      ctx.where();
      // A submit the loader held while the widget loaded (loader.js hold()): filled in since the page was there.
      const early = /** @type {any} */ (window).LeadScore?._held?.get(form);
      const fillMs = early ? early[1] : now - (shown || met);
      const given = { form: id, answers: answers(), consent: !!(box && box.checked), fillMs, inputs: inputs() };
      // (one of the page's own constraints not met: only checked, nothing taken)
      const r = own.length ? core.checkForm({ ...given, language: lang }) : core.submitForm({ ...given, honeypot: trap ? norm(trap.value || '') : '', language: lang, now });
      if (!r) return;
      refused = (own.length || r.outcome == 'invalid') && given;
      if (refused) {
        const all = both(own, r.errors);
        told(all);
        errors(all);
        return true;
      }
      unmark();
      if (r.outcome == 'unsent') {
        // The lead could not be queued (the delivery queue is full): the form
        // stays as filled in, the visitor reads why and may send it again;
        // the site owner hears leadscore.delivery.queue_full.
        ctx.submitted(r);
        status.style.cssText = '';
        setText(status, r.errors.map((x) => x.message).join(' '), plan.messages_lang);
        return true;
      }
      if (r.outcome == 'ok') ctx.submitted(r);
      done = 1;
      form.style.display = 'none';
      status.style.cssText = '';
      setText(status, plan.thanks, plan.thanks_lang);
      status.tabIndex = -1;
      status.focus();
      // The rest of a double-click on the submit button lands where the form
      // was: it must not take the focus off the thank-you, nor press what is
      // there now (a page link). A new click does.
      const hold = (/** @type {MouseEvent} */ e) => (e.detail > 1 ? (e.preventDefault(), e.stopPropagation()) : on(removeEventListener));
      const on = (/** @type {Function} */ f) => (f('mousedown', hold, true), f('click', hold, true));
      on(addEventListener);
      sent(r.outcome == 'ok');
      return r.outcome != 'ok'; // a bot's answers are not sent by the page either
    });
    mine.set(form, submit);
    // Mistakes shown: checked again with the answers now, so one the visitor
    // has put right goes (and one still there stays, untold again). During a
    // press (press.js: a field left for a button or a box), after it, so
    // nothing moves under the pointer between press and click.
    const fixed = guard(() => refused && recheck({ ...refused, answers: answers(), consent: !!form.querySelector('[data-leadscore-consent]:checked'), inputs: inputs() }));
    form.addEventListener('change', guard(() => {
      replan();
      pressed() ? afterPress(fixed) : fixed();
    }), opts);
    // Reset by the page (form.reset(), a reset button), after its event: the mistakes shown go with the answers.
    form.addEventListener('reset', (e) => setTimeout(guard(() => {
      if (done || e.defaultPrevented) return;
      refused = 0;
      errors([], true);
      replan();
    })), opts);
    rooted(form);
    form.addEventListener('submit', check, opts);
    layout(plan);
    consent();
    /** Leaves the page form as it was (its data-leadscore-form changed or taken off). */
    function undo() {
      off.abort();
      unmark();
      mine.delete(form);
      for (const el of [...added, status]) el.remove();
      form.noValidate = novalidate;
      layout(/** @type {any} */ (null)); // its inputs as the page had them
    }
    /**
     * The language where the form is shown changed: its texts follow (the
     * plan's, the mistakes shown, the thank-you); the answers stay.
     */
    function relang() {
      const was = lang;
      lang = langOf(at);
      if (lang == was) return;
      replan();
      if (done) setText(status, plan.thanks, plan.thanks_lang);
      if (refused) recheck(refused);
    }
    /**
     * Shows the mistakes of `given` (a refused submit's answers, or the
     * answers since), the focus where it is, when they differ from those
     * shown (or are told in another language); none left: none shown.
     * @param {any} given
     */
    function recheck(given) {
      const r = both(owned(), core.checkForm({ ...given, language: lang })?.errors || []);
      if (told(r)) return;
      refused = r.length && given;
      if (r.length) errors(r, true);
      else unmark(), setText(status, '');
    }
    return { replan, undo, relang };
  }

  /**
   * Shows and enables the page form's inputs the plan asks, hides and disables
   * the others; no plan: puts back what the page had (each element's
   * disabled, aria-required and display, as met).
   * @param {HTMLFormElement} form
   */
  const toggle = (form) => {
    /** @type {Map<any, [boolean, string | null, string]>} */
    const had = new Map();
    return (/** @type {FormPlan | null} */ plan) => {
      if (!plan) {
        for (const [el, [disabled, required, display]] of had) {
          if ('disabled' in el) el.disabled = disabled;
          if (required == null) el.removeAttribute('aria-required');
          else el.setAttribute('aria-required', required);
          el.style.display = display;
        }
        return had.clear();
      }
      /** @param {string} name @param {boolean} on @param {boolean} [required] */
      const set = (name, on, required) => {
        for (const el of /** @type {any[]} */ ([...form.elements])) {
          if (el.name != name) continue;
          const boxes = [el.closest('[data-leadscore-field]') || el.closest('label') || el, ...(el.labels || [])];
          for (const x of [el, ...boxes]) had.has(x) || had.set(x, [x.disabled, x.getAttribute('aria-required'), x.style.display]);
          el.disabled = !on || had.get(el)?.[0]; // not what the page disabled (a time already booked)
          // What the core requires is said to screen readers (novalidate: not checked by the browser).
          if (required) el.ariaRequired = 'true';
          for (const x of boxes) x.style.display = on ? '' : 'none';
        }
      };
      for (const f of plan.fields) set(f.name, true, f.required);
      // (not a field with no input the visitor can fill in: left as the page has it)
      for (const name of plan.hidden || []) if (knownHidden(plan, name)) set(name, false);
    };
  };

  /**
   * One field of a rendered form: label and input, in a box errors go into.
   * @param {import('./core.js').FormPlanField} f
   */
  function field(f) {
    const id = `f${++n}`;
    const box = h('div', { class: 'fld', 'data-leadscore-field': '' });
    const t = f.type;
    /** @type {any} */
    const input = h(t == 'select' ? 'select' : t == 'textarea' ? 'textarea' : 'input', { id, name: f.name });
    if (t != 'select' && t != 'textarea') input.type = TYPES[t] || 'text';
    if (t == 'number') input.inputMode = 'decimal'; // digits of any script; the core reads them
    // An email as text with the email keyboard: a type=email input gives a domain in
    // another script (bücher.de) as xn--bcher-kva.de, which the config's rules do not name.
    if (t == 'email') Object.assign(input, { inputMode: 'email', autocapitalize: 'none', spellcheck: false });
    const auto = AUTO[f.name] || AUTO[t];
    if (auto) input.autocomplete = auto;
    // A checkbox by aria-required: a required one is called invalid before it is ever touched.
    if (f.required) t == 'checkbox' ? (input.ariaRequired = 'true') : (input.required = true);
    for (const o of f.options ? [{ value: '' }, ...f.options] : []) input.append(h('option', { value: o.value }));
    const label = h('label', { for: id });
    if (t == 'checkbox') box.append(input, label);
    else box.append(label, input);
    return box;
  }

  /**
   * A rendered field's texts in the plan's language (again when the page's
   * language changes): label, placeholder, option labels.
   * @param {HTMLElement} box @param {import('./core.js').FormPlanField} f
   */
  function texts(box, f) {
    /** @type {any} */
    const input = box.querySelector('[name]');
    setText(/** @type {HTMLElement} */ (box.querySelector('label')), f.label, f.lang);
    if (f.options) [{ label: f.placeholder || '', lang: f.placeholder_lang }, ...f.options].forEach((o, i) => setText(input.options[i], o.label, o.lang));
    else if (f.placeholder || input.placeholder) input.placeholder = f.placeholder || '';
  }

  return {
    /**
     * The submit of a form driven here (undefined: not one); called with no
     * event, for a send by the page's code (form.submit()).
     * @param {HTMLFormElement} form
     */
    owns: (form) => mine.get(form),

    /** Enhances the page's data-leadscore-form forms not met yet (its open shadow roots' too); reports the attribute on other elements, once each. */
    scan() {
      // A driven form whose data-leadscore-form the page changed or took off:
      // left as it was, then met afresh. One the page moved into a shadow root: taken there.
      for (const [form, driven] of live) {
        if (met.has(form) && form.getAttribute('data-leadscore-form') !== met.get(form)) {
          driven.undo();
          live.delete(form);
          met.delete(form);
        } else rooted(form);
      }
      all('[data-leadscore-form]').forEach((node) => {
        const form = /** @type {HTMLFormElement} */ (node);
        const id = form.getAttribute('data-leadscore-form') || '';
        if (met.get(form) === id) return;
        const first = !met.has(form);
        met.set(form, id);
        if (form.localName != 'form') {
          if (first) ctx.fail('leadscore.form.element', `<${form.localName} data-leadscore-form="${id}">: the attribute belongs on the <form> element; left alone`);
          return;
        }
        if (mine.has(form)) return; // sent already, under the id it had then
        const driven = drive(form, id, form, toggle(form), () => live.delete(form), true);
        if (driven) live.set(form, driven);
        else ctx.fail('leadscore.form.unknown', `data-leadscore-form="${id}": no such form in the config; the form is left as it is`);
      });
    },

    /** The page's language changed: its forms' consent text and mistakes follow (their labels are the page's). */
    relang: () => each((driven) => driven.relang()),

    /** Asks again for every form, the page's and the offers' (contact data changed: known fields are not asked again). */
    refresh: () => each((driven) => driven.replan()),

    /**
     * Renders the form of an offer into its box.
     * @param {HTMLElement} box
     * @param {string} id form id
     * @param {Element} at the element the offer is shown in (its language)
     * @param {(ok: boolean) => void} sent after a submit the core took
     * @returns {(() => void) | null} its relang() (the language where it is shown changed); null for a form the config does not have
     */
    render(box, id, at, sent) {
      const form = h('form', { class: 'f' });
      const list = h('div');
      const button = h('button', { class: 'cta', type: 'submit' });
      form.append(list, button);
      box.append(form);
      /** @type {Map<string, HTMLElement>} */
      const fields = new Map();
      const ok = drive(form, id, at, (plan) => {
        setText(button, plan.submit, plan.submit_lang);
        // The fields no longer asked go first: those that stay are then in
        // order and never moved (moving the one typed in would take the focus
        // away), the new ones put in between.
        for (const [name, b] of fields) if (!plan.fields.some((f) => f.name == name)) b.remove();
        /** @type {HTMLElement | null} */
        let prev = null;
        for (const f of plan.fields) {
          let b = fields.get(f.name);
          if (!b) fields.set(f.name, (b = field(f)));
          texts(b, f);
          if ((prev ? prev.nextSibling : list.firstChild) != b) prev ? prev.after(b) : list.prepend(b);
          prev = b;
        }
      }, (ok) => (live.delete(form), sent(ok)));
      if (!ok) {
        form.remove();
        return null;
      }
      live.set(form, ok); // (not met: it has no data-leadscore-form)
      form.addEventListener('input', () => ctx.track('form_start', { form_id: id }), { once: true });
      return ok.relang;
    },
  };
}
