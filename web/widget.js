// @ts-check
/**
 * The widget bundle (dist/leadscore-widget.js), loaded by the loader
 * (dist/leadscore.js) when the page is idle. It brings the WebAssembly glue,
 * the core wrapper and the runtime, and registers the real API with the
 * loader's window.LeadScore stub, which replays the calls it queued (the
 * page's ES module import, if it came first, made the API: that one). The
 * module (leadscore.wasm) is resolved next to this script unless
 * init({wasmUrl}) says otherwise. The loader's `_routes` are the URL the
 * page was loaded with and the routes an app went through before the widget
 * started (see collectors.js start()).
 */
import { createRuntime } from './client.js';

const w = /** @type {any} */ (window);
const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
const api = createRuntime((script && script.src) || location.href); // (registers with the loader's stub)
if (!w.LeadScore) w.LeadScore = api;
