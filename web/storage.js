// @ts-check
/**
 * Local storage for the widget: localStorage under "leadscore:v1:<name>",
 * with an in-memory copy that takes over when localStorage throws (blocked,
 * SecurityError, QuotaExceededError) and that is all there is while writing is
 * not allowed (consent pending or refused). No cookies, ever. A refusal
 * (consent(false)) is kept as "leadscore:v1:consent" = "0": the visitor's
 * choice, not data about them, so wiping leaves it.
 */
import { LeadScoreError } from './core.js';

/** Every key the widget stores starts with this. */
export const PREFIX = 'leadscore:v1:';
/** The visitor's choice: "1" consent given, "0" refused. */
const CONSENT = PREFIX + 'consent';

/**
 * @param {(error: LeadScoreError) => void} report
 * @param {boolean} allowed whether writing to localStorage is allowed yet
 * @param {() => void} flipped called when that changes (consent given or withdrawn, here or in another tab)
 */
export function createStorage(report, allowed, flipped) {
  /** @type {Map<string, string>} */
  const memory = new Map();
  /** @type {Storage | null} */
  let ls = null;
  let full = false;
  try {
    ls = window.localStorage;
    ls.getItem(PREFIX); // Safari's private mode and blocked storage throw here, not above
  } catch (e) {
    ls = null;
    report(new LeadScoreError('leadscore.storage.unavailable', `localStorage is not usable (${e}); keeping data in memory for this page`));
  }

  /** Removes every key we own from localStorage, but a refusal (and `keep`). @param {string} [keep] */
  function wipeStorage(keep) {
    if (!ls) return;
    try {
      for (let i = ls.length - 1; i >= 0; i--) {
        const key = ls.key(i);
        if (key && key.startsWith('leadscore:') && key !== PREFIX + keep && !(key === CONSENT && ls.getItem(key) === '0')) ls.removeItem(key);
      }
    } catch (_) {
      // nothing more can be done
    }
  }

  /**
   * Stops writing. Consent withdrawn (here or in another tab) also removes
   * what this page may have stored meanwhile: another tab's refusal reaches
   * this renderer's localStorage a little later, so this page can still have
   * written once after that tab's wipe.
   */
  function forbid() {
    if (allowed) wipeStorage();
    allowed = false;
  }

  /** @param {boolean} yes */
  function allow(yes) {
    const was = allowed;
    if (yes) allowed = true;
    else forbid();
    if (allowed != was) flipped();
  }

  return {
    /** @param {string} name @returns {string | null} */
    get(name) {
      const v = memory.get(name);
      if (v !== undefined) return v;
      try {
        return ls ? ls.getItem(PREFIX + name) : null;
      } catch (_) {
        return null;
      }
    },

    /**
     * What localStorage holds now (other tabs write there too), or null when
     * it is not usable or not allowed yet. @param {string} name
     */
    raw(name) {
      try {
        return ls && allowed ? ls.getItem(PREFIX + name) : null;
      } catch (_) {
        return null;
      }
    },

    /** @param {string} name @param {string} value */
    set(name, value) {
      memory.set(name, value);
      if (!ls || !allowed) return;
      try {
        // A refusal another tab has just stored (its storage event may not
        // have reached this page yet) stops writing here too.
        if (ls.getItem(CONSENT) === '0') return allow(false);
        ls.setItem(PREFIX + name, value);
        memory.delete(name);
      } catch (e) {
        if (!full) {
          full = true;
          report(new LeadScoreError('leadscore.storage.full', `could not store ${name} (${e}); keeping it in memory for this page`));
        }
      }
    },

    /**
     * Removes one key (memory and localStorage, allowed or not: removing
     * stores nothing); with `only`, from localStorage only while it holds
     * exactly that text. @param {string} name @param {string} [only]
     */
    remove(name, only) {
      memory.delete(name);
      try {
        if (ls && (!only || ls.getItem(PREFIX + name) === only)) ls.removeItem(PREFIX + name);
      } catch (_) {
        // nothing more can be done
      }
    },

    /** Whether localStorage is there to share with other tabs (usable and allowed). */
    shared: () => !!ls && allowed,
    /** Whether storing is allowed (consent given or not needed; not Do Not Track). */
    allowed: () => allowed,

    /** Allows or forbids writing to localStorage (consent). */
    allow,

    /**
     * Records the choice (null: none) whether or not writing is allowed: a
     * refusal must outlast the page. @param {string | null} value
     */
    choose(value) {
      memory.delete('consent');
      try {
        if (value === null) ls && ls.removeItem(CONSENT);
        else if (ls) ls.setItem(CONSENT, value);
        else memory.set('consent', value);
      } catch (_) {
        if (value !== null) memory.set('consent', value);
      }
    },

    /** Forgets everything: every leadscore: key (but `keep`) and the in-memory copy; a refusal stays. @param {string} [keep] */
    wipe(keep) {
      const refused = memory.get('consent') === '0';
      memory.clear();
      if (refused) memory.set('consent', '0');
      wipeStorage(keep);
    },
  };
}
