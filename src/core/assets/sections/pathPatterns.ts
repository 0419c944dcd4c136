// The patterns of an atlas's `include`: `*` matches within one folder, `**` across folders, the
// rest literally. No regular expression is built from the user's text, so no pattern can be slow.

/** True when `path` matches `pattern`. */
export function matchesPattern(pattern: string, path: string): boolean {
  return matchParts(pattern.split('/'), path.split('/'));
}

function matchParts(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') {
    for (let skip = 0; skip <= path.length; skip++) if (matchParts(rest, path.slice(skip))) return true;
    return false;
  }
  return path.length > 0 && matchSegment(head!, path[0]!) && matchParts(rest, path.slice(1));
}

/** `*` matches any run of characters inside one segment (iterative, with backtracking to the last star). */
function matchSegment(pattern: string, text: string): boolean {
  let p = 0,
    s = 0,
    star = -1,
    mark = 0;
  while (s < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[s]) {
      p++;
      s++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = s;
    } else if (star >= 0) {
      p = star + 1;
      s = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
