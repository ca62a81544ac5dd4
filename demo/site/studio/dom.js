// A tiny element builder for the studio: every string becomes a text node,
// so config and visitor data are always rendered as text, never as HTML.

/**
 * el('p', {class: 'x'}, 'text', child, ...): attributes set with
 * setAttribute (null/false skipped), children appended (strings as text).
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {...(Node | string | number | null | undefined | false)} children
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'object' ? child : String(child));
  }
  return node;
}

/** Where `target` sits under `node`, as child indexes (null when it is not inside). @param {Element} node @param {Element | null} target */
function indexPath(node, target) {
  const path = [];
  for (let at = target; at && at !== node; at = at.parentElement) {
    if (!at.parentElement) return null;
    path.unshift([...at.parentElement.children].indexOf(at));
  }
  return target && node.contains(target) && target !== node ? path : null;
}

/** The element at `path` (child indexes) under `node`. @param {Element} node @param {number[]} path */
const atPath = (node, path) => path.reduce((/** @type {Element | undefined} */ at, i) => at && at.children[i], node);

/**
 * Replaces the children of `node` (null and false are skipped), but only when
 * they read differently: the studio looks again every few seconds, and a panel
 * rewritten each time would close the <details> a marketer opened, drop the
 * keyboard focus and make screen readers read it again. When it does change,
 * opened <details> stay open, a box scrolled (the breakdown sideways on a
 * phone) stays where it was, and the focus goes back to the same place.
 * @param {Element} node @param {...(Node | string | null | false)} children
 */
export function show(node, ...children) {
  const next = document.createElement(node.tagName);
  next.append(...children.filter((c) => c !== null && c !== false));
  const open = [...node.querySelectorAll('details')].map((d) => d.open);
  next.querySelectorAll('details').forEach((d, i) => {
    if (open[i]) d.open = true;
  });
  if (next.innerHTML === node.innerHTML) return;
  const focus = indexPath(node, document.activeElement);
  const scrolled = [...node.querySelectorAll('*')]
    .filter((e) => e.scrollLeft || e.scrollTop)
    .map((e) => ({ path: indexPath(node, e) || [], left: e.scrollLeft, top: e.scrollTop }));
  node.replaceChildren(...next.childNodes);
  for (const { path, left, top } of scrolled) {
    atPath(node, path)?.scrollTo(left, top);
  }
  if (!focus) return;
  const at = atPath(node, focus);
  if (at instanceof HTMLElement) at.focus({ preventScroll: true });
}

/** Sets the text of `node` when it differs (a live region is read out again on every write). @param {Element} node @param {string} text */
export function say(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** A number as the core gives it, rounded to 2 decimals for people. @param {number} n */
export const num = (n) => (Math.round(n * 100) / 100).toLocaleString('en-US');

/** Epoch ms as a short local date and time. @param {number} ms */
export const when = (ms) =>
  ms ? new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
