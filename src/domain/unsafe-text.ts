// Texts PostgreSQL cannot store: a NUL character, and UTF-16 surrogates that are not a pair (they have no
// UTF-8 form). Found at the edge (every query string, path parameter and JSON body, see
// src/http/hostile-input.ts) and in every import row, as errors naming the field, so that no text ever
// reaches the database with one. One check for both, here.

const NUL = String.fromCharCode(0);
const UNSTORABLE = new RegExp(
  `${NUL}|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`,
);

/** Why a text cannot be stored (a sentence that says what to do), or undefined when it can. */
export function unsafeTextReason(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (!found) return undefined;
  return found[0] === NUL
    ? 'contains a NUL character (\\u0000): remove it'
    : 'contains an unpaired UTF-16 surrogate: the text is not valid Unicode; fix its encoding';
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Every string (member names included) that cannot be stored, as `{ pointer, detail }`, the pointer being a
 * JSON pointer from `value`. Iterative, not recursive: a JSON body nested 100,000 deep must not overflow the
 * stack (that would be a 500).
 */
export function unstorableTexts(value: unknown, pointer = ''): { pointer: string; detail: string }[] {
  const found: { pointer: string; detail: string }[] = [];
  const pending: [unknown, string][] = [[value, pointer]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, at] = next;
    if (typeof item === 'string') {
      const reason = unsafeTextReason(item);
      if (reason) found.push({ pointer: at, detail: reason });
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push([item[i], `${at}/${i}`]);
    } else if (item !== null && typeof item === 'object') {
      const members = Object.entries(item);
      for (let i = members.length - 1; i >= 0; i--) {
        const [key, member] = members[i] as [string, unknown];
        const memberAt = `${at}/${escapePointer(key)}`;
        pending.push([member, memberAt]);
        const reason = unsafeTextReason(key);
        // The name's own problem is listed before its value's.
        if (reason) pending.push([key, memberAt]);
      }
    }
  }
  return found;
}
