// @ts-check
/**
 * The ES module build (dist/leadscore.mjs): the same runtime as the script
 * tag, without the loader stub. leadscore.wasm is resolved next to this
 * module unless init({wasmUrl}) says otherwise.
 *
 *   import { init } from '/leadscore/leadscore.mjs';
 *   const client = await init({ config: '/leadscore.json' });
 */
import { createRuntime } from './client.js';
import { noteRoutes } from './route-notes.js';

// Evaluated when the app's bundle loads, before its router rewrites the URL:
// the landing URL and the routes until init() are noted now, as the loader
// does (in a browser: a server rendering the app imports it too).
const api = createRuntime(import.meta.url, globalThis.document && noteRoutes);

/**
 * The class of the errors of the page's one API (the one the widget bundle
 * made, if it came first): `instanceof` holds for what on('error') hears and
 * init() rejects with.
 */
export const LeadScoreError = api.LeadScoreError;
/** Starts LeadScore (once); resolves to the client. See leadscore.d.ts. */
export const init = api.init;
/** Records an event of any type. */
export const track = api.track;
/** Records contact fields (an `identify` event). */
export const identify = api.identify;
/** The visitor's scores, stages, breakdown and more, or null before init. */
export const state = api.state;
/** Subscribes to score, stage, offer, lead or error; returns the unsubscribe function. */
export const on = api.on;
/** Grants or withdraws consent to store data in this browser. */
export const consent = api.consent;
/** Removes everything stored, and starts as a new anonymous visitor. */
export const forget = api.forget;
/** Stores the profile now. */
export const flush = api.flush;
