import { createHash } from 'node:crypto';

// Named (prepared) statements on server PostgreSQL. A timeline page's statement takes longer to plan than to
// run (bench/README.md: planning ~5 ms, execution ~4 ms at 100k): a named statement is parsed once per
// connection, and after five runs PostgreSQL may keep a generic plan and stop planning it at all. The name is
// a digest of the text, so the same text always gets the same name and two texts never share one.
//
// What is not named:
// - full text (`@@`): how selective a word is decides the plan (a word in 10 % of the events wants the
//   timeline's order, a rare one the search index), and a generic plan cannot know the word;
// - anything but a read (`select`/`with`): writes and the import's set-based statements run once each;
// - statements past a connection's budget, so that a client varying its filters without end cannot grow the
//   server's memory without end (each named statement stays in its session until the connection closes).

/** How many named statements one connection keeps at most. */
export const PREPARED_PER_CONNECTION = 200;

/** The name of a statement's text: `q` and 24 characters of its SHA-1. */
export function statementName(text: string): string {
  return `q${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
}

/** Whether a statement is worth naming (see above). */
export function preparable(text: string): boolean {
  return /^\s*(select|with)\b/i.test(text) && !text.includes('@@');
}

// The name of each text, or null when it is not named: the statements compiled once per shape
// (statement-shapes.ts) come back as the same string, whose hash V8 keeps, so the lookup costs less than the
// digest and the scan for `@@` of a 10 KB text each time.
const NAMES_KEPT = 1000;
const namesByText = new Map<string, string | null>();

function nameOfText(text: string): string | null {
  let name = namesByText.get(text);
  if (name === undefined) {
    name = preparable(text) ? statementName(text) : null;
    // The import's set-based statements are large and run once: not worth keeping.
    if (text.length > 65_536) return name;
    if (namesByText.size >= NAMES_KEPT) namesByText.clear();
    namesByText.set(text, name);
  }
  return name;
}

/**
 * The names one connection has prepared: `nameFor` gives a statement's name when it may be named, counting it
 * against the connection's budget the first time.
 */
export class PreparedStatements {
  private readonly names = new Set<string>();

  constructor(private readonly budget = PREPARED_PER_CONNECTION) {}

  nameFor(text: string): string | undefined {
    const name = nameOfText(text);
    if (name === null) return undefined;
    if (this.names.has(name)) return name;
    if (this.names.size >= this.budget) return undefined;
    this.names.add(name);
    return name;
  }

  get size(): number {
    return this.names.size;
  }
}
