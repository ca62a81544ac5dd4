// @ts-check
import { stringify } from './json.js';
/**
 * What a call passed, as it is when called: a copy as JSON sends it (a
 * value with toJSON, such as a Date, as what that gives), so the page
 * changing its object before the widget has started does not change what
 * is recorded. Throws where JSON cannot say it as it is (NaN or an infinity,
 * which the call's own checks refuse later; a cycle): the caller keeps
 * what it was given then.
 * @param {any} v
 * @returns {any}
 */
export const snapshot = (v) =>
  JSON.parse(stringify(v, (_, x) => {
    if (typeof x == 'number' && !isFinite(x)) throw x;
    return x;
  }));
