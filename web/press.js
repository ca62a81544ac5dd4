// @ts-check
/**
 * A press in progress (a mouse button or finger down, not yet released): the
 * widget moves nothing on the page under it (the release would land on what
 * came there, or on something else below), and what waited for it runs a
 * task after the release, once its click has been heard. The offers' boxes
 * and the forms' mistakes both follow it.
 */
let down = false;
let listening = false;
/** What runs after each press. @type {Set<() => void>} */
const waiting = new Set();
/** What runs after the next one. @type {Set<() => void>} */
const once = new Set();

/** Whether a press is in progress. */
export const pressed = () => down;

const released = () => {
  down = false;
  setTimeout(() => {
    waiting.forEach((f) => f());
    once.forEach((f) => (once.delete(f), f()));
  });
};

/**
 * Adds `f` to `set`; the first use starts listening (not on import: the ES
 * module is imported where there is no DOM too, a server rendering the app).
 * @param {Set<() => void>} set @param {() => void} f
 */
const add = (set, f) => {
  if (!listening) {
    listening = true;
    addEventListener('pointerdown', () => (down = true), true);
    // Its click too: a page's own listener may stop pointerup before ours.
    addEventListener('pointerup', released, true);
    addEventListener('pointercancel', released, true);
    addEventListener('click', released, true);
    addEventListener('blur', released); // the window's: released elsewhere (another window took the press)
  }
  set.add(f);
};

/** Runs `f` (ctx.guard'ed by the caller) a task after each press ends. @param {() => void} f */
export const afterPresses = (f) => add(waiting, f);

/** Runs `f` (guarded by the caller) once, a task after the press in progress ends; given twice meanwhile, once. @param {() => void} f */
export const afterPress = (f) => add(once, f);
