// Where a problem the core reports sits in the config text, so that the editor
// can put the caret there: a JSON path ("/rules/3/points") or the line and
// column of a syntax error (columns in characters, as the core counts them).

/** @param {string} s */
const unescapePointer = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * The offset in `text` (JSON the core read) of the member or element at
 * `pointer`: its key for an object member, its value for an array element.
 * When the path is not in the text (a required key that is missing), the
 * deepest part of it that is. For a key given twice, the second one.
 * @param {string} text @param {string} pointer
 */
export function offsetOfPointer(text, pointer) {
  const want = pointer ? pointer.split('/').slice(1).map(unescapePointer) : [];
  let i = 0;
  let best = 0;
  let bestDepth = -1;
  const space = () => {
    while (i < text.length && ' \t\r\n\ufeff'.includes(text[i])) i++;
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  /** @param {string[]} path @param {boolean} onPath */
  const value = (path, onPath) => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      for (let n = 0; ; n++) {
        space();
        if (text[i] === '}' || text[i] === ']' || i >= text.length) break;
        const at = i;
        const key = c === '{' ? string() : String(n);
        if (c === '{') {
          space();
          i++; // ':'
        }
        const here = onPath && want[path.length] === key;
        if (here && path.length >= bestDepth) {
          best = at;
          bestDepth = path.length;
        }
        value([...path, key], here);
        space();
        if (text[i] === ',') i++;
      }
      i++;
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
    }
  };
  try {
    value([], true);
  } catch (_) {
    // text the core read is JSON; if not, the start is as good as anywhere
  }
  return best;
}

/**
 * The offset of line `line`, column `column` (both from 1; the column in
 * characters, an emoji one though it is two UTF-16 units here; a byte order
 * mark not counted).
 * @param {string} text @param {number} line @param {number} column
 */
export function offsetOfLineColumn(text, line, column) {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return text.length;
    start = next + 1;
  }
  if (start === 0 && text.startsWith('\ufeff')) start = 1;
  let at = start;
  for (let c = 1; c < column && at < text.length && text[at] !== '\n'; c++) at += text.codePointAt(at) > 0xffff ? 2 : 1;
  return at;
}

/**
 * Where a problem is: a syntax error's "line L, column C", else its path.
 * @param {string} text @param {{path: string, message: string}} problem
 */
export function offsetOfProblem(text, problem) {
  const m = /line (\d+), column (\d+)/.exec(problem.message);
  return m ? offsetOfLineColumn(text, Number(m[1]), Number(m[2])) : offsetOfPointer(text, problem.path);
}
