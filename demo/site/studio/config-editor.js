// The config editor: a textarea checked by the core as you type (every error
// and warning with its JSON path and id; clicking one puts the caret there),
// and Apply, which stores the config as the preview's draft only when the
// core accepts it. Text not yet applied is kept
// in this browser, so a reload of the studio does not lose it.
import { el, show, say } from './dom.js';
import { unappliedEdit, setUnappliedEdit, isDraftKey, draftText } from './preview-settings.js';
import { offsetOfProblem } from './json-position.js';

/**
 * @param {{
 *   validate: (text: string) => Array<{id: string, path: string, message: string}>, // the core reading the text as `leadscore validate` does
 *   warnings: (text: string) => Array<{id: string, path: string, message: string}>, // what `leadscore validate` says after "warning: "
 *   applied: () => {config: object | null, draft: boolean, problem: string, text: string}, // problem: why /leadscore.json could not be loaded or is refused; text: its text then
 *   apply: (doc: object, text: string) => boolean, // text: as typed, which the core read as doc
 *   discard: () => void,
 * }} deps
 */
export function createConfigEditor({ validate, warnings, applied, apply, discard }) {
  const text = /** @type {HTMLTextAreaElement} */ (document.getElementById('config-text'));
  const state = /** @type {HTMLElement} */ (document.getElementById('config-state'));
  const list = /** @type {HTMLElement} */ (document.getElementById('config-errors'));
  const applyButton = /** @type {HTMLButtonElement} */ (document.getElementById('config-apply'));
  const discardButton = /** @type {HTMLButtonElement} */ (document.getElementById('config-discard'));
  const revertButton = /** @type {HTMLButtonElement} */ (document.getElementById('config-revert'));
  const source = /** @type {HTMLElement} */ (document.getElementById('config-source'));
  const downloadButton = /** @type {HTMLButtonElement} */ (document.getElementById('config-download'));

  /** @type {object | null} the document in the textarea, when the core accepts it */
  let valid = null;
  /** @type {Array<{id: string, path: string, message: string}>} what the list shows, errors then warnings */
  let problems = [];
  let timer = 0;
  /** The text of the config the preview runs, as the editor shows it. */
  let appliedText = '';
  /** The text of the config the editor's text is an edit of (another tab may have applied a draft since). */
  let baseText = '';

  function check() {
    timer = 0;
    valid = null;
    setUnappliedEdit(text.value === appliedText ? '' : text.value, baseText);
    if (!text.value.trim()) {
      // Nothing written yet (no /leadscore.json to start from): nothing wrong either.
      problems = [];
      show(list);
      state.className = 'state';
      say(state, 'Empty: write a config here (or fix /leadscore.json), then apply it.');
      text.setAttribute('aria-invalid', 'false');
      applyButton.disabled = true;
      return;
    }
    let doc;
    // The core reads the text itself (not JSON.parse, which keeps the last of two keys
    // and words its errors differently): the errors are the ones `leadscore validate` gives.
    let errors = validate(text.value);
    if (!errors.length) {
      try {
        doc = JSON.parse(text.value.replace(/^\uFEFF/, '')); // a byte order mark, which the core skips
      } catch (e) {
        errors = [{ id: 'leadscore.config.syntax', path: '', message: e instanceof Error ? e.message : String(e) }];
      }
    }
    if (!errors.length && (!doc || typeof doc !== 'object' || Array.isArray(doc))) {
      errors = [{ id: 'leadscore.config.type', path: '', message: 'expected an object' }];
    }
    const warned = warnings(text.value);
    /** Each problem a button that takes the caret to where it is. @param {string} kind @param {{id: string, path: string, message: string}} e */
    const item = (kind, e) =>
      el('li', { class: kind, 'data-id': e.id, 'data-path': e.path },
        el('button', { type: 'button', class: 'goto', title: 'Show in the editor' },
          kind === 'warning' ? el('span', { class: 'kind' }, 'warning: ') : null,
          el('code', { class: 'path' }, e.path || '/'), ' ', el('span', { class: 'id' }, `[${e.id}]`), ' ', e.message));
    problems = [...errors, ...warned];
    show(list, ...errors.map((e) => item('error', e)), ...warned.map((e) => item('warning', e)));
    const same = !errors.length && JSON.stringify(doc) === JSON.stringify(applied().config);
    if (errors.length) {
      state.className = 'state bad';
      say(state, `${errors.length} ${errors.length === 1 ? 'error' : 'errors'}: the core refuses this config, so it is not applied.`);
    } else {
      valid = /** @type {object} */ (doc);
      state.className = 'state ok';
      const heed = warned.length ? ` ${warned.length === 1 ? 'One warning' : `${warned.length} warnings`} below: it loads, but check ${warned.length === 1 ? 'it' : 'them'}.` : '';
      say(state, (same ? 'Valid, and what the preview runs.' : 'Valid. Apply it to preview the change.') + heed);
    }
    text.setAttribute('aria-invalid', errors.length ? 'true' : 'false');
    applyButton.disabled = !valid || same;
  }

  /** True for text the core accepts that is `config`, whatever its layout. @param {string} t @param {object | null} config */
  function sameDocument(t, config) {
    if (!config || validate(t).length) return false;
    try {
      return JSON.stringify(JSON.parse(t.replace(/^\uFEFF/, ''))) === JSON.stringify(config);
    } catch (_) {
      return false;
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = window.setTimeout(check, 200);
  }

  /**
   * Shows the config the preview runs; with `keep`, the edits not yet applied
   * instead, if any. `elsewhere`: the draft changed in another tab; edits in
   * the editor stay, an editor without any follows.
   * @param {boolean} [keep] @param {boolean} [elsewhere]
   */
  function load(keep = false, elsewhere = false) {
    const { config, draft, problem, text: broken } = applied();
    const edited = elsewhere && text.value !== appliedText;
    // No config: the file's own text if it was not JSON, to be mended where its error points.
    // A draft as it was typed (Apply keeps the marketer's layout) while it is that draft, else laid out.
    const typed = draft ? draftText() : '';
    appliedText = config ? (typed && sameDocument(typed, config) ? typed : JSON.stringify(config, null, 2)) : broken;
    const kept = !edited && (keep || !config) ? unappliedEdit() : null;
    if (!edited) {
      const shown = kept ? kept.text : appliedText;
      if (text.value !== shown) text.value = shown; // the same text again would empty the undo history
      baseText = kept && kept.base !== null ? kept.base : appliedText;
    }
    const changed = text.value !== appliedText && baseText !== appliedText;
    source.textContent = (problem ? `${problem}. ` : '') + (draft
      ? `The preview runs your draft (stored in this browser).${problem ? '' : ' Discard it to return to /leadscore.json.'}`
      : config ? 'The preview runs /leadscore.json, the config the site ships with.'
        : 'The preview runs no config: write one here (or fix /leadscore.json) and apply it.') +
      (changed ? (edited ? ' The draft changed in another tab' : ' It changed since you made the edits above (a draft applied in another tab, or a new /leadscore.json)') +
        ': your text is not what the preview runs, and Apply would replace it; Undo my edits returns to what it runs (Ctrl+Z brings your text back).'
        : elsewhere ? ' The draft changed in another tab: the editor shows it.'
        : kept && kept.text !== appliedText && !sameDocument(kept.text, config) ? ' Your edits above are not applied yet (kept from before the reload); Undo my edits returns to what the preview runs (Ctrl+Z brings them back).' : '');
    // Without /leadscore.json, discarding the draft would leave nothing: it stays.
    discardButton.disabled = !draft || !!problem;
    check();
  }

  text.addEventListener('input', schedule);
  // Another studio tab applied or discarded a draft.
  window.addEventListener('storage', (e) => {
    if (isDraftKey(e.key)) load(false, true);
  });
  // A click on an error or warning: the caret at its place in the text, and the focus in the editor.
  list.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button.goto') : null;
    const li = button && button.closest('li');
    const problem = li && problems[[...list.children].indexOf(li)];
    if (!problem) return;
    const at = offsetOfProblem(text.value, problem);
    text.focus({ preventScroll: true });
    text.setSelectionRange(at, at);
    const line = text.value.slice(0, at).split('\n').length - 1;
    const height = parseFloat(getComputedStyle(text).lineHeight) || 18;
    text.scrollTop = Math.max(0, line * height - text.clientHeight / 3);
    text.scrollIntoView({ block: 'nearest' });
  });
  // A reload within the check's 200 ms keeps the last keystrokes too.
  window.addEventListener('pagehide', () => {
    if (timer) setUnappliedEdit(text.value === appliedText ? '' : text.value, baseText);
  });
  text.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      check();
      if (!applyButton.disabled) applyButton.click();
    }
  });
  /** A button that disables itself would drop the keyboard focus to the page: it goes back to the editor. @param {HTMLButtonElement} button @param {() => void} fn */
  const keepFocus = (button, fn) => () => {
    const focused = document.activeElement === button;
    fn();
    if (focused && button.disabled) text.focus({ preventScroll: true });
  };
  applyButton.addEventListener('click', keepFocus(applyButton, () => {
    check();
    if (!valid) return;
    if (apply(valid, text.value)) {
      load();
      return;
    }
    state.className = 'state bad';
    say(state, 'Not applied: this browser\'s storage refused the draft (localStorage full or blocked), so the preview still runs what it ran.');
  }));
  discardButton.addEventListener('click', keepFocus(discardButton, () => {
    // Edits not applied yet are not the draft: they stay.
    const edits = text.value !== appliedText ? text.value : '';
    discard();
    load();
    if (edits) {
      text.value = edits;
      check();
    }
    // Said in the live region (the check alone may read as before, and nothing would be heard).
    say(state, `Draft discarded; the preview runs /leadscore.json again.${edits ? ' Your edits are kept, not applied; Undo my edits returns to /leadscore.json.' : ''} ${state.textContent}`);
  }));
  // Replaced as if typed over, so that Ctrl+Z in the editor brings the edits back.
  revertButton.addEventListener('click', () => {
    if (text.value !== appliedText) {
      text.focus({ preventScroll: true });
      text.select();
      if (!document.execCommand('insertText', false, appliedText) || text.value !== appliedText) text.value = appliedText;
    }
    setUnappliedEdit('', baseText);
    load();
  });

  // The config as the editor holds it, as a file to put on the site (leadscore.json).
  downloadButton.addEventListener('click', () => {
    const a = /** @type {HTMLAnchorElement} */ (el('a', { href: URL.createObjectURL(new Blob([text.value], { type: 'application/json' })), download: 'leadscore.json' }));
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  });

  return { load };
}
