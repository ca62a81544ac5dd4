// @ts-check
/**
 * A press in progress (a mouse button or finger down, not yet released): the
 * widget moves nothing on the page under it (the release would land on what
 * came there, or on something else below), and what waited for it runs a
 * task after the release, once its click has been heard. The offers' boxes
 * and the forms' mistakes both follow it.
 */
let down = false;
/** @type {Set<() => void>} */
const waiting = new Set();

/** Whether a press is in progress. */
export const pressed = () => down;

const released = () => {
  down = false;
  setTimeout(() => waiting.forEach((f) => f()));
};

/**
 * Runs `f` (ctx.guard'ed by the caller) a task after each press ends; the
 * first one starts listening (not on import: the ES module is imported where
 * there is no DOM too, a server rendering the app). @param {() => void} f
 */
export const afterPresses = (f) => {
  if (!waiting.size) {
    addEventListener('pointerdown', () => (down = true), true);
    // Its click too: a page's own listener may stop pointerup before ours.
    addEventListener('pointerup', released, true);
    addEventListener('pointercancel', released, true);
    addEventListener('click', released, true);
    addEventListener('blur', released); // the window's: released elsewhere (another window took the press)
  }
  waiting.add(f);
};
