// What the studio hands the demo pages (read there by /assets/preview-config.js):
// the draft config (and, for the editor, the text it was typed in) and how far
// the preview's clock runs ahead; and the config editor's text not yet applied,
// which the studio keeps for itself (each tab its own, in sessionStorage too).
// They live in localStorage so every tab of the site picks them up; the keys
// start with "leadscore-demo:", so the widget's forget() (which removes
// "leadscore:" keys) leaves them alone.

const DRAFT = 'leadscore-demo:draft-config';
const DRAFT_TEXT = 'leadscore-demo:draft-text';
const OFFSET = 'leadscore-demo:clock-offset';
const EDIT = 'leadscore-demo:config-edit';

/** @param {() => unknown} fn @param {unknown} fallback */
function tryStorage(fn, fallback) {
  try {
    return fn();
  } catch (_) {
    return fallback;
  }
}

/** The draft config (an object) or null. */
export function draftConfig() {
  return tryStorage(() => {
    const text = localStorage.getItem(DRAFT);
    const doc = text ? JSON.parse(text) : null;
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? doc : null;
  }, null);
}

/**
 * Stores a draft (an object the core accepted), and the text it was typed in
 * for the editor (first: another tab follows the draft once it is stored).
 * Returns false when storage refused the draft.
 * @param {object} doc @param {string} [text]
 */
export function setDraftConfig(doc, text = '') {
  tryStorage(() => localStorage.setItem(DRAFT_TEXT, text), null);
  return tryStorage(() => (localStorage.setItem(DRAFT, JSON.stringify(doc)), true), false);
}

/** The text the draft was typed in ('' when unknown: the editor lays the draft out then). */
export function draftText() {
  return /** @type {string} */ (tryStorage(() => localStorage.getItem(DRAFT_TEXT) || '', ''));
}

export function clearDraftConfig() {
  tryStorage(() => localStorage.removeItem(DRAFT), null);
  tryStorage(() => localStorage.removeItem(DRAFT_TEXT), null);
}

/**
 * The editor's text not yet applied (kept across reloads of the studio) and
 * the text of the config it was an edit of, or null. Each studio tab reads
 * back its own (sessionStorage); a studio opened anew, the last one kept in
 * this browser. (Text kept by an older build is an edit of an unknown base.)
 * @returns {{text: string, base: string | null} | null}
 */
export function unappliedEdit() {
  return /** @type {any} */ (tryStorage(() => {
    const own = sessionStorage.getItem(EDIT);
    const kept = own === null ? localStorage.getItem(EDIT) : own;
    if (!kept) return null;
    let edit = null;
    try {
      edit = JSON.parse(kept);
    } catch (_) {
      // text from an older build
    }
    return edit && typeof edit.text === 'string' && typeof edit.base === 'string' ? edit : { text: kept, base: null };
  }, null));
}

/** Keeps the editor's text ('' when there is nothing unapplied to keep) and what it is an edit of. @param {string} text @param {string} base */
export function setUnappliedEdit(text, base) {
  const kept = text ? JSON.stringify({ text, base }) : '';
  tryStorage(() => sessionStorage.setItem(EDIT, kept), null);
  tryStorage(() => (kept ? localStorage.setItem(EDIT, kept) : localStorage.removeItem(EDIT)), null);
}

/** True for the storage key of the draft config. @param {string | null} key */
export const isDraftKey = (key) => key === DRAFT;

/** Milliseconds the preview's clock runs ahead of real time. */
export function clockOffset() {
  return tryStorage(() => Number(localStorage.getItem(OFFSET)) || 0, 0);
}

/** @param {number} ms */
export function setClockOffset(ms) {
  tryStorage(() => (ms ? localStorage.setItem(OFFSET, String(ms)) : localStorage.removeItem(OFFSET)), null);
}

/** True for storage keys that change what the studio shows. @param {string | null} key */
export const watched = (key) => !key || key.startsWith('leadscore:') || key.startsWith('leadscore-demo:');

/**
 * True when the widget stores nothing of the visitor under `config`: consent
 * refused (`consent(false)`), or required (privacy.consent) and not given yet.
 * The visitor then lives in the preview page's memory only (docs/widget.md, "Storage and privacy").
 * @param {any} config
 */
export function consentWithheld(config) {
  const consent = tryStorage(() => localStorage.getItem('leadscore:v1:consent'), null);
  return consent === '0' || (!!config && !!config.privacy && config.privacy.consent === 'required' && consent !== '1');
}

/**
 * The visitor the widget stored in this browser (docs/widget.md, "Storage"):
 * {visitor, profile} (profile parsed, or null when there is none or it is not JSON).
 */
export function storedVisitor() {
  return tryStorage(() => {
    const visitor = localStorage.getItem('leadscore:v1:visitor') || '';
    const text = localStorage.getItem('leadscore:v1:profile');
    let profile = null;
    try {
      profile = text ? JSON.parse(text) : null;
    } catch (_) {
      profile = null;
    }
    return { visitor, profile };
  }, { visitor: '', profile: null });
}
