// @ts-check
/**
 * JSON.stringify whatever the page made of Array.prototype.toJSON:
 * Prototype.js 1.6 (still on old Magento and intranet pages) gives lists one
 * that returns a string, so a list would be written as text ("[1,2]" in
 * quotes): a form's answers, a stored queue. It is set aside while the text
 * is made, and put back.
 * @param {unknown} v @param {(key: string, value: any) => any} [replacer]
 * @returns {string}
 */
export function stringify(v, replacer) {
  const a = Array.prototype;
  const d = Object.getOwnPropertyDescriptor(a, 'toJSON');
  // (one defined so that it cannot be deleted is left: deleting it would throw)
  if (!d?.configurable) return JSON.stringify(v, replacer);
  delete (/** @type {any} */ (a)).toJSON;
  try {
    return JSON.stringify(v, replacer);
  } finally {
    Object.defineProperty(a, 'toJSON', d); // as it was (enumerable or not)
  }
}
