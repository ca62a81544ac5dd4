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

/** Replaces the children of `node` (null and false are skipped). @param {Element} node @param {...(Node | string | null | false)} children */
export function show(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== false));
}

/** A number as the core gives it, rounded to 2 decimals for people. @param {number} n */
export const num = (n) => (Math.round(n * 100) / 100).toLocaleString('en-US');

/** Epoch ms as a short local date and time. @param {number} ms */
export const when = (ms) =>
  ms ? new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
