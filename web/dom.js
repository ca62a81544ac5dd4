// @ts-check
/**
 * DOM helpers for the widget's UI: elements with text (never HTML), URL
 * checks, shadow-root hosts carrying the widget's styles.
 */
import css from 'leadscore-widget-css'; // web/widget.css, minified by the build (wasm/web.cmake)

/** Letters of the scripts written right to left. */
const RTL = /[\p{sc=Arab}\p{sc=Hebr}\p{sc=Syrc}\p{sc=Thaa}\p{sc=Nkoo}\p{sc=Adlm}\p{sc=Samr}\p{sc=Mand}]/u;

/**
 * Creates an element. Attribute values and text are set as such: config text
 * never becomes markup. A text runs in its own direction, whatever the page's:
 * right to left if it has any right-to-left letter (a Persian sentence that
 * starts with a Latin brand name too), else left to right if it has letters
 * (an English offer on a Persian page); digits and signs alone follow the page.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attrs]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, text) {
  const el = document.createElement(tag);
  if (text) setText(el, text);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  return el;
}

/**
 * A widget text's element speaks the language the text is in (English beside
 * a page in a language the widget has no text for); '' (unknown, or the
 * page's): the page's. Returns `el`.
 * @template {Element} E
 * @param {E} el @param {string} [lang]
 */
export const voice = (el, lang) => (lang ? el.setAttribute('lang', lang) : el.removeAttribute('lang'), el);

/**
 * Sets an element's text, its direction from the text (see h()) and its
 * language (voice(): none given, the page's).
 * @param {HTMLElement} el @param {string} text @param {string} [lang]
 */
export function setText(el, text, lang) {
  el.textContent = text;
  el.dir = RTL.test(text) ? 'rtl' : /\p{L}/u.test(text) ? 'ltr' : '';
  voice(el, lang);
}

/** An inline declaration as "value !priority": "grid !important", "red !", " !" (none). @param {HTMLElement} el @param {string} p */
export const get = (el, p) => el.style.getPropertyValue(p) + ' !' + el.style.getPropertyPriority(p);

/** Sets what get() gives (its value '': takes it off). @param {HTMLElement} el @param {string} p @param {string} v */
export const put = (el, p, v) => el.style.setProperty(p, .../** @type {[string, string]} */ (v.split(' !')));

/** Visually hidden, still read by screen readers. */
export const SR = 'position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap';

/** The host of the widget's live region (see say()). @type {HTMLElement | undefined} */
let live;

/**
 * Says `text` to screen readers from a live region of the widget's own in
 * <body>, out of sight, which outlives the box the text came from (a gate
 * card gone with its unlock), until the next text; put in empty, the text a
 * moment later, as a region that arrives with its text in it is not announced.
 * @param {string} [text]
 */
export function say(text) {
  if (!text) return;
  const { host, root } = shadowHost(true);
  const at = root.appendChild(h('p', { role: 'status' }));
  host.style.cssText = SR;
  live?.remove();
  document.body.append((live = host));
  setTimeout(() => setText(at, text), 100);
}

/**
 * The absolute URL if `u` is http(s) or relative to the page, else null.
 * The core refuses other schemes already; this is defense in depth.
 * @param {unknown} u
 */
export function safeUrl(u) {
  if (typeof u !== 'string' || !u) return null;
  try {
    const url = new URL(u, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (_) {
    return null;
  }
}

/** The attribute of the widget's hosts. */
export const HOST = 'data-leadscore-ui';

/**
 * The open shadow roots of the page found so far (web components': Lit,
 * Stencil...; nested too; not closed ones, not the widget's own). The page
 * is walked once, at the first lookup; then only what is added to it
 * (rootsIn(), from client.js's MutationObserver) and the elements of
 * components once they are defined.
 * @type {Set<ShadowRoot>}
 */
const found = new Set();
let walked = false;

/** Told of each open shadow root found (client.js watches them). @type {(root: ShadowRoot) => void} */
let told = () => {};
/** @param {(root: ShadowRoot) => void} fn told of each root found, those found already at once */
export const tell = (fn) => {
  told = fn;
  found.forEach(fn);
};

/**
 * Looks for open shadow roots in `nodes` and below them (their roots' too);
 * each new one is told.
 * @param {Iterable<Node>} nodes
 */
export function rootsIn(nodes) {
  for (const n of /** @type {Iterable<any>} */ (nodes)) {
    if (!n.querySelectorAll) continue; // text, comments
    // `n`, then each element in it. Indexed, not for-of: twice as fast over
    // a big page's elements, run once, cold (bench/bench-element-walk.mjs).
    const els = n.querySelectorAll('*');
    for (let i = 0, e = n; e; e = els[i++]) {
      const r = e.shadowRoot;
      if (r && !found.has(r) && !e.hasAttribute(HOST)) {
        found.add(r);
        told(r);
        rootsIn([r]);
      }
    }
  }
}

/**
 * The elements matching `sel` in the page, its open shadow roots included.
 * @param {string} sel
 * @returns {Element[]}
 */
export function all(sel) {
  if (!walked) rootsIn([document]);
  walked = true;
  const out = [...document.querySelectorAll(sel)];
  // A root whose host left the page is forgotten (found again if it comes back).
  for (const r of found) r.host.isConnected ? out.push(...r.querySelectorAll(sel)) : found.delete(r);
  return out;
}

/** @type {CSSStyleSheet | null | undefined} */
let sheet;

/**
 * The widget's own custom element registry (empty): a page defining its own
 * <leadscore-ui>, before or after the widget starts, never takes over the
 * widget's hosts. Where scoped registries are missing and the page has taken
 * the name, a <div> hosts the UI.
 * @type {any}
 */
let registry;
try {
  registry = { customElementRegistry: new CustomElementRegistry() };
} catch (_) {}

/**
 * A <leadscore-ui> element (see `registry`), or a <div> if `div`, with an open shadow root holding the widget's
 * styles. No dir of its own: it inherits the direction of where it lives
 * (`all: initial` leaves `direction` alone), so a page that flips its dir
 * without a reload flips the open offers too.
 * @param {boolean} [div]
 */
export function shadowHost(div) {
  const host = document.createElement(div || !(registry || !customElements.get('leadscore-ui')) ? 'div' : 'leadscore-ui', registry);
  host.setAttribute(HOST, ''); // a copy of it (a snapshot of the body a page puts back) is known by it
  // The browser's default size (what widget.css scales from), whatever the page's rules say of its elements.
  host.style.setProperty('font-size', 'medium', 'important');
  const root = host.attachShadow({ mode: 'open' });
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    } catch (_) {
      sheet = null; // no constructable stylesheets: a <style> per root
    }
  }
  if (sheet) root.adoptedStyleSheets = [sheet];
  else root.appendChild(h('style', {}, css));
  return { host, root };
}
