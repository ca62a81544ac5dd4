# The JavaScript side of dist/, bundled with esbuild after the module is built:
#   leadscore.js         the loader a page includes (tiny; queues calls, loads the widget when idle)
#   leadscore-widget.js  the widget: Emscripten glue + web/*.js + web/widget.css, one minified IIFE
#   leadscore.mjs        the same runtime as an ES module (exports init, LeadScoreError, ...)
#   leadscore.d.ts       the types of the JS API (again as leadscore.d.mts, for the .mjs)
# dist/leadscore-core.mjs (the bare Emscripten glue) stays for the node tests.
set(LEADSCORE_ESBUILD "${PROJECT_SOURCE_DIR}/node_modules/.bin/esbuild")
if(NOT EXISTS "${LEADSCORE_ESBUILD}")
  message(FATAL_ERROR "esbuild not found at ${LEADSCORE_ESBUILD}: run scripts/setup.sh (it installs the npm packages pinned in package-lock.json)")
endif()

set(LEADSCORE_WEB "${PROJECT_SOURCE_DIR}/web")
file(GLOB LEADSCORE_WEB_SOURCES CONFIGURE_DEPENDS "${LEADSCORE_WEB}/*.js" "${LEADSCORE_WEB}/*.css")
set(LEADSCORE_ESBUILD_FLAGS --log-level=warning --legal-comments=none --charset=utf8 --target=es2020)
# web/widget.css goes into the bundles as a string (dom.js imports it as
# "leadscore-widget-css"), minified first: esbuild leaves text it loads as is.
set(LEADSCORE_WIDGET_CSS "${CMAKE_CURRENT_BINARY_DIR}/widget.min.css")
add_custom_command(
  OUTPUT "${LEADSCORE_WIDGET_CSS}"
  COMMAND "${LEADSCORE_ESBUILD}" "${LEADSCORE_WEB}/widget.css" --log-level=warning --charset=utf8 --minify
          "--outfile=${LEADSCORE_WIDGET_CSS}"
  DEPENDS "${LEADSCORE_WEB}/widget.css" "${LEADSCORE_ESBUILD}"
  COMMENT "widget.min.css (esbuild)"
  VERBATIM)
set(LEADSCORE_BUNDLE_FLAGS ${LEADSCORE_ESBUILD_FLAGS} --bundle --minify --loader:.css=text
    "--alias:leadscore-widget-css=${LEADSCORE_WIDGET_CSS}")

add_custom_command(
  OUTPUT "${LEADSCORE_DIST}/leadscore.js" "${LEADSCORE_DIST}/leadscore-widget.js"
         "${LEADSCORE_DIST}/leadscore.mjs" "${LEADSCORE_DIST}/leadscore.d.ts" "${LEADSCORE_DIST}/leadscore.d.mts"
  COMMAND "${LEADSCORE_ESBUILD}" "${LEADSCORE_WEB}/loader.js" ${LEADSCORE_ESBUILD_FLAGS} --bundle --format=iife --minify
          "--outfile=${LEADSCORE_DIST}/leadscore.js"
  # In the IIFE, import.meta.url has no meaning: the glue is told where the wasm is (locateFile).
  # V8's explicit compile hint: the widget's functions are compiled eagerly
  # while the script streams, off the main thread, instead of lazily on first
  # call at init (bench-load: ~-8 ms main-thread cpu per load).
  COMMAND "${LEADSCORE_ESBUILD}" "${LEADSCORE_WEB}/widget.js" ${LEADSCORE_BUNDLE_FLAGS} --format=iife
          --define:import.meta.url=undefined "--banner:js=//# allFunctionsCalledOnLoad"
          "--outfile=${LEADSCORE_DIST}/leadscore-widget.js"
  COMMAND "${LEADSCORE_ESBUILD}" "${LEADSCORE_WEB}/module.js" ${LEADSCORE_BUNDLE_FLAGS} --format=esm
          "--outfile=${LEADSCORE_DIST}/leadscore.mjs"
  COMMAND ${CMAKE_COMMAND} -E copy "${LEADSCORE_WEB}/leadscore.d.ts" "${LEADSCORE_DIST}/leadscore.d.ts"
  # TypeScript pairs leadscore.mjs with leadscore.d.mts, never .d.ts: both
  COMMAND ${CMAKE_COMMAND} -E copy "${LEADSCORE_WEB}/leadscore.d.ts" "${LEADSCORE_DIST}/leadscore.d.mts"
  DEPENDS leadscore_wasm ${LEADSCORE_WEB_SOURCES} "${LEADSCORE_WEB}/leadscore.d.ts" "${LEADSCORE_ESBUILD}"
          "${LEADSCORE_WIDGET_CSS}"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "dist/: leadscore.js, leadscore-widget.js, leadscore.mjs, leadscore.d.ts, leadscore.d.mts (esbuild)"
  VERBATIM)
add_custom_target(leadscore_web ALL DEPENDS
  "${LEADSCORE_DIST}/leadscore.js" "${LEADSCORE_DIST}/leadscore-widget.js"
  "${LEADSCORE_DIST}/leadscore.mjs" "${LEADSCORE_DIST}/leadscore.d.ts" "${LEADSCORE_DIST}/leadscore.d.mts")

# dist/leadscore-inspector.mjs (+ .d.ts, .d.mts) and its own leadscore-inspector.wasm
# (wasm/CMakeLists.txt): the core for tools (config editors, the demo studio):
# validates configs (with warnings) and shows a stored profile at any moment,
# without tracking. Not loaded by pages, so outside the widget's size budget.
add_custom_command(
  OUTPUT "${LEADSCORE_DIST}/leadscore-inspector.mjs" "${LEADSCORE_DIST}/leadscore-inspector.d.ts"
         "${LEADSCORE_DIST}/leadscore-inspector.d.mts"
  COMMAND "${LEADSCORE_ESBUILD}" "${LEADSCORE_WEB}/inspector.js" ${LEADSCORE_BUNDLE_FLAGS} --format=esm
          "--outfile=${LEADSCORE_DIST}/leadscore-inspector.mjs"
  COMMAND ${CMAKE_COMMAND} -E copy "${LEADSCORE_WEB}/leadscore-inspector.d.ts" "${LEADSCORE_DIST}/leadscore-inspector.d.ts"
  COMMAND ${CMAKE_COMMAND} -E copy "${LEADSCORE_WEB}/leadscore-inspector.d.ts" "${LEADSCORE_DIST}/leadscore-inspector.d.mts"
  DEPENDS leadscore_inspector_wasm "${LEADSCORE_WEB}/inspector.js" "${LEADSCORE_WEB}/core.js"
          "${LEADSCORE_WEB}/leadscore-inspector.d.ts" "${LEADSCORE_ESBUILD}"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "dist/: leadscore-inspector.mjs, leadscore-inspector.d.ts, .d.mts (esbuild)"
  VERBATIM)
add_custom_target(leadscore_inspector ALL DEPENDS
  "${LEADSCORE_DIST}/leadscore-inspector.mjs" "${LEADSCORE_DIST}/leadscore-inspector.d.ts"
  "${LEADSCORE_DIST}/leadscore-inspector.d.mts")
