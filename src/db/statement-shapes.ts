import { isDeepStrictEqual } from 'node:util';
import { CompiledQuery } from 'kysely';

// Compiled statements kept per shape. Building a timeline page's statement through Kysely and compiling it
// cost 0.3–1.2 ms of CPU per request (bench/README.md), every time the same text for the same shape of
// request: which filters are present, how many values each has, the order, a cursor or not. Only the values
// change, and they are parameters. So the text is compiled once per shape and the values are bound.
//
// What a statement's input is made of is said once, by its `leaves` function: it maps every value that
// becomes a parameter (an actor id, a day, a limit…) and leaves everything else as it is. The shape key is
// the input with those leaves replaced by their kind, so anything not declared a leaf (a search text, a
// bounding box, the order) is part of the key by value: two shapes never share a text.
//
// Where each leaf lands among the parameters is not written by hand (it would have to follow the builder):
// the first request of a shape builds the statement twice more with two sets of stand-in values, and a
// parameter that takes the stand-ins of one leaf in both builds is that leaf's (or its value + 1, a page's
// `limit + 1`); one that does not change is a constant of the shape. The real request is then compiled the
// slow way too and compared with the template's answer; if anything differs (a builder that writes a leaf
// into the text, transforms it, or branches on it), the shape is marked uncacheable and always built.
//
// A builder must therefore not branch on a leaf's value. Days that PostgreSQL spells differently (BC days,
// ±infinity: `toPgDate` rewrites them) are not abstracted: they stay in the key by value.

export type LeafKind = 'day' | 'instant' | 'uuid' | 'text' | 'count';
type LeafValue = string | number;
/** Maps every leaf of an input (a value that becomes a parameter) through `f`; everything else unchanged. */
export type LeafMap<I> = (input: I, f: <V extends LeafValue>(value: V, kind: LeafKind) => V) => I;

type Slot = { constant: unknown } | { leaf: number; plus: 0 | 1 } | { leaves: number[] };
type Template = { sql: string; slots: Slot[] } | 'uncacheable';

/** A plain AD day (`toPgDate` leaves it as it is): anything else is kept in the key by value. */
const PLAIN_DAY = /^(?!0000)\d{4}-\d\d-\d\d$/;

function abstractable(value: LeafValue, kind: LeafKind): boolean {
  if (kind === 'day') return typeof value === 'string' && PLAIN_DAY.test(value);
  if (kind === 'count') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === 'string';
}

/** A stand-in for the `index`-th leaf in build `variant`: distinct from every other leaf and every constant. */
function standIn(kind: LeafKind, variant: 0 | 1, index: number): LeafValue {
  const year = 2100 + variant * 400 + index;
  switch (kind) {
    case 'day':
      return `${year}-01-01`;
    case 'instant':
      return `${year}-01-01T00:00:00.000Z`;
    case 'uuid':
      return `00000000-0000-4000-8${variant}00-${String(index).padStart(12, '0')}`;
    case 'count':
      return 1_000_000 * (variant + 1) + 10 * index;
    case 'text':
      return `\u0001leaf${variant}:${index}\u0001`;
  }
}

export interface StatementShapesStats {
  shapes: number;
  hits: number;
  misses: number;
  uncacheable: number;
}

/** Compiled statements of one builder, at most `max` shapes (the oldest is dropped first). */
export class StatementShapes<I> {
  private readonly templates = new Map<string, Template>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly leaves: LeafMap<I>,
    private readonly max = 500,
  ) {}

  /** The statement for `input`: from its shape's template, or built by `build` (and the template made). */
  compile(input: I, build: (input: I) => CompiledQuery): CompiledQuery {
    const values: LeafValue[] = [];
    const key = JSON.stringify(
      this.leaves(input, (value, kind) => {
        if (!abstractable(value, kind)) return value;
        values.push(value);
        return `\u0000${kind}` as typeof value;
      }),
    );
    const template = this.templates.get(key);
    if (template !== undefined) {
      this.hits += 1;
      return template === 'uncacheable' ? build(input) : instantiate(template, values);
    }
    this.misses += 1;
    const compiled = build(input);
    this.remember(key, this.makeTemplate(input, values, compiled, build));
    return compiled;
  }

  stats(): StatementShapesStats {
    let uncacheable = 0;
    for (const t of this.templates.values()) if (t === 'uncacheable') uncacheable += 1;
    return { shapes: this.templates.size, hits: this.hits, misses: this.misses, uncacheable };
  }

  clear(): void {
    this.templates.clear();
    this.hits = 0;
    this.misses = 0;
  }

  private remember(key: string, template: Template): void {
    if (this.templates.size >= this.max) {
      const oldest = this.templates.keys().next().value;
      if (oldest !== undefined) this.templates.delete(oldest);
    }
    this.templates.set(key, template);
  }

  private makeTemplate(
    input: I,
    values: LeafValue[],
    compiled: CompiledQuery,
    build: (input: I) => CompiledQuery,
  ): Template {
    const standIns = ([0, 1] as const).map((variant) => {
      const used: LeafValue[] = [];
      const substituted = this.leaves(input, (value, kind) => {
        if (!abstractable(value, kind)) return value;
        const s = standIn(kind, variant, used.length);
        used.push(s);
        return s as typeof value;
      });
      return { used, query: build(substituted) };
    });
    const [a, b] = standIns as [(typeof standIns)[0], (typeof standIns)[0]];
    if (a.query.sql !== b.query.sql || a.query.parameters.length !== b.query.parameters.length) {
      return 'uncacheable';
    }
    const slots: Slot[] = [];
    for (let j = 0; j < a.query.parameters.length; j++) {
      const pa = a.query.parameters[j];
      const pb = b.query.parameters[j];
      const leafOf = (x: unknown, y: unknown) => a.used.findIndex((s, i) => s === x && b.used[i] === y);
      const leaf = leafOf(pa, pb);
      if (leaf >= 0) slots.push({ leaf, plus: 0 });
      else if (Array.isArray(pa) && Array.isArray(pb) && pa.length === pb.length && pa.length > 0) {
        // An array parameter (`tags && $1::text[]`): each element a leaf, or the whole array a constant.
        const leaves = pa.map((x, i) => leafOf(x, pb[i]));
        if (leaves.every((l) => l >= 0)) slots.push({ leaves });
        else if (isDeepStrictEqual(pa, pb)) slots.push({ constant: pa });
        else return 'uncacheable';
      } else if (typeof pa === 'number' && typeof pb === 'number') {
        const next = a.used.findIndex((s, i) => s === pa - 1 && b.used[i] === pb - 1);
        if (next >= 0) slots.push({ leaf: next, plus: 1 });
        else if (pa === pb) slots.push({ constant: pa });
        else return 'uncacheable';
      } else if (isDeepStrictEqual(pa, pb)) slots.push({ constant: pa });
      else return 'uncacheable';
    }
    const template = { sql: a.query.sql, slots };
    const check = instantiate(template, values);
    const same = check.sql === compiled.sql && isDeepStrictEqual(check.parameters, compiled.parameters);
    return same ? template : 'uncacheable';
  }
}

function instantiate(template: { sql: string; slots: Slot[] }, values: LeafValue[]): CompiledQuery {
  const parameters = template.slots.map((slot) => {
    if ('constant' in slot) return slot.constant;
    if ('leaves' in slot) return slot.leaves.map((l) => values[l]);
    const value = values[slot.leaf] as LeafValue;
    return slot.plus === 1 ? (value as number) + 1 : value;
  });
  return CompiledQuery.raw(template.sql, parameters);
}
