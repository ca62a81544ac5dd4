// dom.js's "leadscore-widget-css": web/widget.css as minified text, which the
// build (wasm/web.cmake, esbuild --alias) puts in its place. For type checks.
declare module 'leadscore-widget-css' {
  const css: string;
  export default css;
}
