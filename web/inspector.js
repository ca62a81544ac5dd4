// @ts-check
/**
 * The core for tools (dist/leadscore-inspector.mjs): checks config documents
 * and shows a stored visitor profile as the widget's core sees it, with any
 * config and at any moment, without tracking, storing or rendering anything.
 * Config editors, the demo studio and support tools use it; pages use the
 * widget.
 *
 *   import { createInspector } from '/leadscore/leadscore-inspector.mjs';
 *   const inspector = await createInspector();
 *   inspector.validate(config);                       // [] or [{id, path, message}, ...]
 *   inspector.validateText(text);                     // the same for config text, as `leadscore validate` reads it
 *   inspector.warningsText(text);                     // what loads but likely is a mistake: `leadscore validate`'s warnings
 *   inspector.load({ config, profile, visitor });     // the same errors, or why the profile was refused
 *   inspector.state(Date.now());                      // scores, stages, breakdown, transitions
 *   inspector.pageView({ url, now });                 // counts the next page view there (in memory)
 *   inspector.decideOffers({ url, slots, now });      // the offers the widget would show there
 *
 * Its module, leadscore-inspector.wasm (the widget's leadscore.wasm and what
 * only tools ask, such as warnings), is found next to this module unless
 * `wasmUrl` (or, in node, `wasmBinary`) says otherwise.
 */
import createLeadScoreCore from '../dist/leadscore-inspector-core.mjs';
import { coreClass, LeadScoreError } from './core.js';

export { LeadScoreError };

/**
 * @param {{wasmUrl?: string, wasmBinary?: ArrayBuffer | Uint8Array}} [options]
 */
export async function createInspector(options = {}) {
  const o = options && typeof options === 'object' ? options : {};
  /** @type {Record<string, unknown>} */
  const settings = {};
  let module;
  try {
    if (o.wasmBinary) settings.wasmBinary = o.wasmBinary;
    else {
      // wasmUrl is relative to the page: browsers only (node has no location)
      const url = o.wasmUrl ? new URL(o.wasmUrl, location.href).href : new URL('leadscore-inspector.wasm', import.meta.url).href;
      settings.locateFile = () => url;
    }
    module = await new Promise((resolve, reject) => {
      settings.onAbort = (/** @type {unknown} */ why) => reject(why);
      createLeadScoreCore(settings).then(resolve, reject);
    });
  } catch (e) {
    throw new LeadScoreError('leadscore.wasm.failed', `could not load the core: ${(e && /** @type {Error} */ (e).message) || e}`);
  }
  const Core = coreClass(module);
  const checker = new Core();
  const core = new Core();
  let loaded = false;

  return {
    /**
     * Every error of a config document, by JSON path ([] when it is valid).
     * @param {unknown} config the parsed document
     * @returns {Array<{id: string, path: string, message: string}>}
     */
    validate(config) {
      return checker.loadConfig(config);
    },

    /**
     * validate() for config text as a file or an editor holds it, read by the
     * core as `leadscore validate` reads it: a key given twice is
     * leadscore.config.duplicate_key, text that is not JSON is
     * leadscore.config.syntax with its line and column (JSON.parse would keep
     * the last of two keys and say nothing).
     * @param {string | Uint8Array} text
     * @returns {Array<{id: string, path: string, message: string}>}
     */
    validateText(text) {
      return checker.loadConfigText(text);
    },

    /**
     * What in config text loads but likely is a mistake, as `leadscore
     * validate` says it after "warning: ": an event type a typo away from a
     * built-in one (leadscore.config.unknown_event, "did you mean"). The
     * config is not refused for these. [] for text that is not JSON.
     * @param {string | Uint8Array} text
     * @returns {Array<{id: string, path: string, message: string}>}
     */
    warningsText(text) {
      return JSON.parse(module.configWarnings(text));
    },

    /**
     * Takes a config and a visitor's stored profile (the widget keeps it under
     * localStorage "leadscore:v1:profile"; null for a new visitor). Returns
     * the config's errors (nothing is loaded then), else why the profile was
     * refused (the visitor starts fresh), else [].
     * @param {{config: unknown, profile?: unknown, visitor?: string}} what
     * @returns {Array<{id: string, path: string, message: string}>}
     */
    load({ config, profile = null, visitor = 'visitor' }) {
      const errors = core.loadConfig(config);
      if (errors.length) {
        loaded = false;
        return errors;
      }
      loaded = true;
      return core.loadProfile(profile, visitor);
    },

    /**
     * The loaded visitor at `now` (epoch ms): decay is applied up to then.
     * Null before a successful load().
     * @param {number} now
     */
    state(now) {
      return loaded ? core.state(now) : null;
    },

    /**
     * Counts a page view of `url` at `now` (epoch ms) for the loaded visitor,
     * in memory only (nothing is stored; load() again to go back): the
     * visitor as the next load of that page starts, its page views and visit
     * (a new one after the session timeout) counted, for decideOffers().
     * False before a successful load.
     * @param {{url: string, now: number}} view
     */
    pageView({ url, now }) {
      return loaded && core.track(JSON.stringify({ type: 'page_view', url, ts: now })) >= 0;
    },

    /**
     * The offers the widget would show the loaded visitor on a page, and the
     * triggers still to come there. Null before a successful load().
     * @param {{trigger?: 'load'|'delay'|'scroll'|'exit_intent', seconds?: number, depth?: number,
     *          url: string, slots?: string[], shown?: string[], open?: string[], now: number}} context
     */
    decideOffers(context) {
      return loaded ? core.decideOffers(context) : null;
    },

    /**
     * Whether a gated piece of content is open for the loaded visitor.
     * @param {string} gate @param {string} content
     */
    gateStatus(gate, content) {
      return loaded ? core.gateStatus(gate, content) : null;
    },
  };
}
