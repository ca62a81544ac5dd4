#!/usr/bin/env node
// Where the bytes of a wasm module go: code size per function, grouped by
// namespace/class and by the core's source file, plus the data segments.
//
//   export NODE_PATH=/usr/share/nodejs
//   cmake --preset wasm -B build/wasm-prof -DLEADSCORE_WASM_PROFILING=ON
//   cmake --build build/wasm-prof
//   node bench/wasm-size-breakdown.mjs [build/wasm-prof/dist/leadscore.wasm] [--top N]
//
// The profiling build is the shipped build plus a "name" section
// (--profiling-funcs): the code is the same, so the figures are the shipped
// module's. Sizes are raw bytes of function bodies; "gzip" columns compress
// each group's bodies together with gzip -9 (a rough share: gzip of the whole
// module also finds repeats across groups).
//
// Inlining (-finline-functions, LTO, then wasm-opt's inlining of functions
// called once) folds much of a call tree into its entry point, so
// wasm/bindings.cpp's load_config carries most of the config reader. For a
// per-source-file picture, link the profiling build's objects again with -O0
// (no LTO or wasm-opt inlining across files; each file is still optimised on
// its own) and run this script on that output:
//   cd build/wasm-prof && NODE_PATH=/usr/share/nodejs em++ -O0 --bind -flto -sMODULARIZE=1 \
//     -sEXPORT_ES6=1 -sENVIRONMENT=web -sFILESYSTEM=0 -sMALLOC=emmalloc -sALLOW_MEMORY_GROWTH=1 \
//     -sEXPORTED_FUNCTIONS=_malloc,_free --profiling-funcs \
//     wasm/CMakeFiles/leadscore_wasm.dir/bindings.cpp.o libleadscore_core.a -o /tmp/o0/core.mjs
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const args = process.argv.slice(2);
let top = 40;
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--top') top = Number(args[++i]);
  else files.push(args[i]);
}
const file = files[0] ?? 'build/wasm-prof/dist/leadscore.wasm';
const bytes = fs.readFileSync(file);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// ---- a minimal wasm reader: sections, imports, code bodies, data, names
let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, b;
  do { b = bytes[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return result;
};
const str = () => { const n = u32(); const s = bytes.toString('utf8', pos, pos + n); pos += n; return s; };
const sections = [];
let importedFuncs = 0;
const bodies = [];  // {index, start, size}
const data = [];    // {offset, size, start}
const names = new Map();
const shippedSections = [];
while (pos < bytes.length) {
  const sectionStart = pos;
  const id = bytes[pos++];
  const size = u32();
  const start = pos;
  const end = pos + size;
  if (id !== 0) shippedSections.push(bytes.subarray(sectionStart, end));
  let name = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'elem', 'code', 'data', 'datacount'][id];
  if (id === 0) name = `custom "${str()}"`;
  sections.push({ name, size });
  if (id === 2) {
    for (let n = u32(); n > 0; --n) {
      str(); str();
      const kind = bytes[pos++];
      if (kind === 0) { u32(); ++importedFuncs; }
      else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 3) { pos += 2; }
    }
  } else if (id === 10) {
    const n = u32();
    for (let i = 0; i < n; ++i) {
      const sz = u32();
      bodies.push({ index: importedFuncs + i, start: pos, size: sz });
      pos += sz;
    }
  } else if (id === 11) {
    const n = u32();
    for (let i = 0; i < n; ++i) {
      const flags = u32();
      let offset = -1;
      if (flags === 2) u32();
      if (flags !== 1) {  // active: an i32.const offset expression
        if (bytes[pos] === 0x41) { pos++; offset = u32(); }
        while (bytes[pos++] !== 0x0b);
      }
      const sz = u32();
      data.push({ offset, size: sz, start: pos });
      pos += sz;
    }
  } else if (name === 'custom "name"') {
    while (pos < end) {
      const sub = bytes[pos++];
      const subSize = u32();
      const subEnd = pos + subSize;
      if (sub === 1) for (let n = u32(); n > 0; --n) { const idx = u32(); names.set(idx, str()); }
      pos = subEnd;
    }
  }
  pos = end;
}
if (names.size === 0) {
  console.error(`${file} has no "name" section: build it with -DLEADSCORE_WASM_PROFILING=ON (see the top of this script)`);
}

// ---- grouping
const simplify = (n) => n
  .replace(/std::__2::/g, 'std::')
  .replace(/std::basic_string<char, std::char_traits<char>, std::allocator<char> >/g, 'std::string')
  .replace(/std::basic_string_view<char, std::char_traits<char> >/g, 'std::string_view');
// Strips template arguments and the parameter list: "a::b<T>::c(int) const" -> "a::b::c".
const qualified = (n) => {
  let out = '', depth = 0;
  for (let i = 0; i < n.length; ++i) {
    const ch = n[i];
    if (ch === '<') { if (n.startsWith('<lambda', i) || depth || !/^operator<+$/.test(out.split('::').pop())) { ++depth; continue; } }
    if (ch === '>' && depth) { --depth; continue; }
    if (depth) continue;
    if (ch === '(' ) {
      if (/operator$/.test(out) || /\(anonymous namespace$/.test(out + 'x') ) { out += ch; continue; }
      if (n.startsWith('(anonymous namespace)', i)) { out += '(anonymous namespace)'; i += 20; continue; }
      break;
    }
    out += ch;
  }
  return out.replace(/^(const |virtual )/, '').replace(/.* (?=[\w:~]+$)/, '');
};
const parts = (q) => q.split('::').filter((p) => p !== '(anonymous namespace)');
const groupOf = (q) => {
  const p = parts(q);
  if (p[0] === 'std') return `std::${p[1] ?? ''}`;
  if (p[0] === 'leadscore') return p.slice(0, Math.min(p.length - 1, 3)).join('::') || q;
  if (p[0] === 'emscripten' || p[0] === 'nlohmann') return p.slice(0, 2).join('::');
  if (p.length === 1) return '(C / runtime)';
  return p[0];
};

// The core's source file of a leadscore:: function: found by where its
// qualified name is defined (a cheap index of the sources; "?" when not found).
const defined = new Map();
for (const dir of ['src', 'wasm', 'include/leadscore', 'include/leadscore/detail']) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) continue;
  for (const f of fs.readdirSync(full)) {
    if (!/\.(cpp|hpp)$/.test(f)) continue;
    const text = fs.readFileSync(path.join(full, f), 'utf8');
    const rel = `${dir}/${f}`;
    for (const m of text.matchAll(/([A-Za-z_~][\w:~]*)\s*\([^;{)]*\)[^;{]*\{/g)) {
      const name = m[1].split('::').pop();
      if (!defined.has(name)) defined.set(name, new Set());
      defined.get(name).add(rel);
    }
    for (const m of text.matchAll(/\b(?:struct|class)\s+(\w+)[^;{]*\{/g)) {
      const key = `class ${m[1]}`;
      if (!defined.has(key)) defined.set(key, new Set());
      defined.get(key).add(rel);
    }
  }
}
const fileOf = (q) => {
  const p = parts(q);
  if (p[0] !== 'leadscore') return p[0] === 'std' ? '(libc++)' : p.length === 1 ? '(libc, emmalloc, runtime)' : `(${p[0]})`;
  const fn = p[p.length - 1].replace(/^~/, '');
  const cands = defined.get(p[p.length - 1]) ?? defined.get(fn);
  const cls = p.length >= 3 ? defined.get(`class ${p[p.length - 2]}`) : undefined;
  if (cands && cls) {
    const both = [...cands].filter((f) => cls.has(f) || cls.has(f.replace(/^src\/(.*)\.cpp$/, 'include/leadscore/$1.hpp')));
    if (both.length) return both.sort()[0];
  }
  if (cands && cands.size === 1) return [...cands][0];
  if (cands) {
    const srcs = [...cands].filter((f) => f.endsWith('.cpp'));
    if (srcs.length === 1) return srcs[0];
    return `${[...cands].sort()[0]} (+${cands.size - 1})`;
  }
  if (cls) return [...cls].sort()[0];
  return '(leadscore, not found)';
};

const funcs = bodies.map((b) => {
  const raw = names.get(b.index) ?? `func[${b.index}]`;
  const name = simplify(raw);
  const q = qualified(name);
  return { ...b, name, q, group: groupOf(q), file: fileOf(q) };
});
const totalCode = funcs.reduce((s, f) => s + f.size, 0);
// gzip -9 -n, as scripts/size-report.sh measures.
const gz = (buf) => execFileSync('gzip', ['-9', '-n', '-c'], { input: buf, maxBuffer: 1 << 26 }).length;
const pct = (n, d) => `${((100 * n) / d).toFixed(1).padStart(5)}%`;

const table = (title, key, limit) => {
  const m = new Map();
  for (const f of funcs) {
    const k = key(f);
    if (!m.has(k)) m.set(k, { size: 0, count: 0, chunks: [] });
    const e = m.get(k);
    e.size += f.size; e.count += 1; e.chunks.push(bytes.subarray(f.start, f.start + f.size));
  }
  const rows = [...m].sort((a, b) => b[1].size - a[1].size);
  console.log(`\n${title} (${rows.length}; top ${Math.min(limit, rows.length)})`);
  console.log(`${'raw'.padStart(8)} ${'share'.padStart(6)} ${'gzip'.padStart(7)} ${'funcs'.padStart(5)}  name`);
  for (const [k, e] of rows.slice(0, limit)) {
    console.log(`${String(e.size).padStart(8)} ${pct(e.size, totalCode)} ${String(gz(Buffer.concat(e.chunks))).padStart(7)} ${String(e.count).padStart(5)}  ${k}`);
  }
};

// What ships: the module without its custom sections (the name section).
const shipped = Buffer.concat([bytes.subarray(0, 8), ...shippedSections]);
console.log(`${file}: ${bytes.length} bytes raw, ${gz(bytes)} gzip -9 (with the name section, if any)`);
console.log(`without custom sections: ${shipped.length} bytes raw (as shipped), ${gz(shipped)} gzip -9 (near the shipped file's; scripts/size-report.sh has the real figure)`);
console.log('\nsections');
for (const s of sections) console.log(`${String(s.size).padStart(8)}  ${s.name}`);
console.log(`\ncode: ${funcs.length} functions, ${totalCode} bytes of bodies`);

table('by source file (leadscore:: functions by where they are defined)', (f) => f.file, top);
table('by namespace / class', (f) => f.group, top);
table('functions', (f) => f.name.length > 140 ? `${f.name.slice(0, 137)}...` : f.name, top);

// ---- data: the strings and tables of the module
const dataBytes = Buffer.concat(data.map((d) => bytes.subarray(d.start, d.start + d.size)));
console.log(`\ndata: ${data.length} segments, ${dataBytes.length} bytes raw, ${gz(dataBytes)} gzip`);
// Printable runs of 4+ characters: messages, ids, keys. Grouped by their first word.
const strings = [];
let run = [];
const flush = () => {
  if (run.length >= 4) strings.push(Buffer.from(run).toString('utf8'));
  run = [];
};
for (const b of dataBytes) {
  if (b >= 0x20 && b !== 0x7f) run.push(b); else flush();
}
flush();
const strBytes = strings.reduce((s, t) => s + Buffer.byteLength(t) + 1, 0);
console.log(`  ${strings.length} strings of 4+ printable bytes: ${strBytes} bytes, ${gz(Buffer.from(strings.join('\0')))} gzip`);
const byPrefix = new Map();
for (const s of strings) {
  const m = /^leadscore\.(\w+)/.exec(s);
  const k = m ? `leadscore.${m[1]}.*` : /[^\x00-\x7f]/.test(s) ? '(non-ASCII text: localized messages)' : s.length > 24 ? '(longer text: messages)' : '(short: keys, names)';
  byPrefix.set(k, (byPrefix.get(k) ?? 0) + Buffer.byteLength(s) + 1);
}
for (const [k, n] of [...byPrefix].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`${String(n).padStart(8)}  ${k}`);

// ---- the widget bundle: bytes each input puts into dist/leadscore-widget.js
// (esbuild's metafile, same flags as wasm/web.cmake; needs dist/leadscore-core.mjs)
const esbuild = path.join(root, 'node_modules/.bin/esbuild');
if (fs.existsSync(esbuild) && fs.existsSync(path.join(root, 'dist/leadscore-core.mjs'))) {
  const tmp = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'ls-size-'));
  try {
    // web/widget.css, minified, as dom.js's "leadscore-widget-css" (wasm/web.cmake does the same)
    execFileSync(esbuild, ['web/widget.css', '--minify', '--log-level=error', `--outfile=${tmp}/widget.css`], { cwd: root });
    execFileSync(esbuild, ['web/widget.js', '--bundle', '--minify', '--loader:.css=text', '--format=iife',
      `--alias:leadscore-widget-css=${tmp}/widget.css`,
      '--legal-comments=none', '--charset=utf8', '--target=es2020', '--log-level=error',
      '--define:import.meta.url=undefined', `--metafile=${tmp}/meta.json`, `--outfile=${tmp}/w.js`], { cwd: root });
    const meta = JSON.parse(fs.readFileSync(`${tmp}/meta.json`, 'utf8'));
    const out = Object.values(meta.outputs)[0];
    const bundle = fs.readFileSync(`${tmp}/w.js`);
    console.log(`\nwidget bundle: ${bundle.length} bytes raw, ${gz(bundle)} gzip (minified bytes per input; gzip of each alone)`);
    const rows = Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
    for (const [f, e] of rows) {
      const alone = execFileSync(esbuild, [f, '--minify', '--loader:.css=text', '--log-level=error', '--target=es2020'], { cwd: root });
      console.log(`${String(e.bytesInOutput).padStart(8)} ${String(gz(alone)).padStart(7)}  ${f}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
