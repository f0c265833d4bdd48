import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { readEdtf } from '../../../domain/edtf-simple.ts';
import { placeProblems } from '../../../domain/geo.ts';
import { unstorableTexts } from '../../../domain/unsafe-text.ts';
import { ActorKindSchema } from '../../actors/actors.schemas.ts';
import { eventSchemas } from '../events.schemas.ts';
import { dateColumns, toApiDate, toApiSource } from '../read/events.mapper.ts';
import { arrayLiteral, copyLine } from './import.copy.ts';
import { readExportShape } from './import.export-shape.ts';
import { ExportedActorSchema, ImportRowSchema } from './import.schemas.ts';

export type ImportRow = Static<typeof ImportRowSchema>;

/**
 * An error of one row. `order` sorts the errors of a line the way the single-event API lists them (date,
 * type, participants, sources, relations, repeated participants); the database checks use the same scale.
 */
export interface RowError {
  line: number;
  pointer: string;
  detail: string;
  order: number;
}

/** Places on the `order` scale; a check's n-th item adds n × 10 (and 1 for a second check on the same item). */
export const ORDER = {
  schema: 0,
  text: 100_000,
  identity: 200_000,
  date: 300_000,
  type: 400_000,
  participant: 500_000,
  source: 600_000,
  relation: 700_000,
  location: 750_000,
  repeatedParticipant: 800_000,
} as const;

/** A row ready for the staging tables: one COPY line for the event, and lines for each kind of link. */
export interface StagedRow {
  event: string;
  participants: string;
  sources: string;
  relations: string;
}

// The staging tables' columns, in the order the lines above give them.
export const STAGED_EVENT_COLUMNS = [
  'line',
  'id',
  'slug',
  'type',
  'status',
  'title',
  'summary',
  'edtf',
  'precision',
  'start_earliest',
  'start_latest',
  'end_earliest',
  'end_latest',
  'approximate',
  'uncertain',
  'open_end',
  'unknown_end',
  'start_approximate',
  'start_uncertain',
  'end_approximate',
  'end_uncertain',
  'open_start',
  'unknown_start',
  'one_of',
  'location_name',
  'location_country',
  'location_lat',
  'location_lon',
  'location_precision',
  'tags',
  'location_json',
  'sources_json',
  'problems',
] as const;
export const STAGED_PARTICIPANT_COLUMNS = [
  'line',
  'position',
  'actor_id',
  'role',
  'actor_kind',
  'actor_name',
] as const;
export const STAGED_SOURCE_COLUMNS = [
  'line',
  'position',
  'title',
  'publisher',
  'url',
  'published',
  'lang',
  'quote',
  'quoted_actor',
] as const;
export const STAGED_RELATION_COLUMNS = ['line', 'position', 'kind', 'ref'] as const;

// TypeBox's compiled check rather than the app's Ajv: the command-line import has no Fastify instance, and
// both ways of importing must judge a file alike.
function compileChecker<T extends TSchema>(schema: T) {
  return Compile(
    Object.fromEntries(
      [...eventSchemas, ActorKindSchema].map((s) => [(s as { $id?: string }).$id as string, s]),
    ),
    schema,
  );
}
let compiled: ReturnType<typeof compileChecker<typeof ImportRowSchema>> | undefined;
let compiledActor: ReturnType<typeof compileChecker<typeof ExportedActorSchema>> | undefined;

/** Schema errors of one row as `{ pointer, detail }`, worded like the API's 400s. */
export function importRowSchemaErrors(value: unknown): { pointer: string; detail: string }[] {
  compiled ??= compileChecker(ImportRowSchema);
  return schemaErrors(compiled, value);
}

/** Schema errors of an exported participant's actor (`{id, kind, name}`), with pointers below `prefix`. */
function exportedActorErrors(value: unknown, prefix: string): { pointer: string; detail: string }[] {
  compiledActor ??= compileChecker(ExportedActorSchema);
  return schemaErrors(compiledActor, value).map((e) => ({ ...e, pointer: `${prefix}${e.pointer}` }));
}

function schemaErrors(
  checker: {
    Check(value: unknown): boolean;
    Errors(value: unknown): ReturnType<NonNullable<typeof compiled>['Errors']>;
  },
  value: unknown,
): { pointer: string; detail: string }[] {
  if (checker.Check(value)) return [];
  const raw = checker.Errors(value);
  const details: { pointer: string; detail: string }[] = [];
  for (const e of raw) {
    const params = e.params as Record<string, unknown>;
    // A union's failed branches ("must be null", "must match a schema in anyOf") say nothing when the
    // branch that fits the value has its own, more precise, error at or below the same place.
    const precise = raw.some(
      (o) =>
        o !== e &&
        o.keyword !== 'anyOf' &&
        !(o.keyword === 'type' && (o.params as { type?: unknown }).type === 'null') &&
        (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)),
    );
    if (e.keyword === 'boolean') continue;
    if ((e.keyword === 'anyOf' || (e.keyword === 'type' && params.type === 'null')) && precise) continue;
    if (e.keyword === 'required') {
      for (const name of (params.requiredProperties as string[] | undefined) ?? []) {
        details.push({ pointer: `${e.instancePath}/${name}`, detail: `"${name}" is required` });
      }
    } else if (e.keyword === 'additionalProperties') {
      for (const name of (params.additionalProperties as string[] | undefined) ?? []) {
        details.push({ pointer: `${e.instancePath}/${name}`, detail: `unknown property "${name}"` });
      }
    } else if (e.keyword === 'pattern') {
      details.push({ pointer: e.instancePath, detail: 'has the wrong format' });
    } else if (e.keyword === 'enum') {
      details.push({
        pointer: e.instancePath,
        detail: `${e.message}: one of ${(params.allowedValues as string[]).join(', ')}`,
      });
    } else {
      details.push({ pointer: e.instancePath, detail: e.message });
    }
  }
  return details;
}

type DateColumns = ReturnType<typeof dateColumns>;

// Files repeat dates: the columns of the last dates seen are kept, up to a bound that keeps memory small.
/** The date columns of an EDTF date; throws EdtfError for a date the service does not take. */
export function parseDate(edtf: string): DateColumns {
  return dateColumns(readEdtf(edtf));
}

/** The `date` member of the API's representation (display strings included) of a date already checked. */
export function apiDateJson(edtf: string): string {
  return JSON.stringify(toApiDate(parseDate(edtf)));
}

/** The `location` of the API's representation, as the mapper derives it from the stored columns. */
function apiLocation(location: ImportRow['location']): Record<string, unknown> | null {
  const name = location?.name ?? null;
  const country = location?.country ?? null;
  const lat = location?.lat ?? null;
  const lon = location?.lon ?? null;
  if (!name && !country && lat === null) return null;
  const api: Record<string, unknown> = {};
  if (name) api.name = name;
  if (country) api.country = country;
  if (lat !== null) api.lat = lat;
  if (lon !== null) api.lon = lon;
  if (location?.precision) api.precision = location.precision;
  return api;
}

const rowError = (line: number, pointer: string, detail: string, order: number): RowError => ({
  line,
  pointer,
  detail,
  order,
});

const MAX_DEPTH = 16;

/** How deeply arrays and objects nest in a value, counted without recursion; stops counting past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Checks what one row can be checked for without the database (schema, storable text, EDTF, repeated
 * participants) and turns it into staging lines. A row that fails the schema is not staged (its errors are
 * returned); a row with other problems is staged with them, so the database checks still report on it, but
 * it is never written.
 */
export function stageRow(
  line: number,
  value: Record<string, unknown>,
): { staged: StagedRow } | { errors: RowError[] } {
  // Checked before anything walks the row: the schema and text checks recurse, and a row nested thousands of
  // levels deep would exhaust the stack. An event is at most a few levels deep.
  if (nestingDepth(value, MAX_DEPTH) > MAX_DEPTH) {
    return {
      errors: [
        rowError(
          line,
          '',
          `is nested more than ${MAX_DEPTH} levels deep; an event row has at most 4 (see the import columns in docs/writes.md)`,
          ORDER.schema,
        ),
      ],
    };
  }
  const exported = readExportShape(value);
  const shapeErrors = [
    ...exported.errors,
    ...[...exported.actors].flatMap(([i, actor]) => exportedActorErrors(actor, `/participants/${i}/actor`)),
  ];
  const schemaErrors = [...shapeErrors, ...importRowSchemaErrors(exported.row)].map((e, i) =>
    rowError(line, e.pointer, e.detail, ORDER.schema + i),
  );
  const textErrors = unstorableTexts(exported.row).map((e, i) =>
    rowError(line, e.pointer, e.detail, ORDER.text + i),
  );
  if (schemaErrors.length > 0 || textErrors.length > 0) return { errors: [...schemaErrors, ...textErrors] };
  const row = exported.row as ImportRow;
  if (!row.id && !row.slug) {
    return {
      errors: [
        rowError(
          line,
          '/slug',
          'required unless the row has an id: import rows are matched by id or slug',
          ORDER.identity,
        ),
      ],
    };
  }

  const problems: Omit<RowError, 'line'>[] = [];
  let date: DateColumns | undefined;
  try {
    date = parseDate(row.date);
  } catch (error) {
    problems.push({ pointer: '/date', detail: (error as Error).message, order: ORDER.date });
  }
  const participants = row.participants ?? [];
  const sources = row.sources ?? [];
  const relations = row.relations ?? [];
  sources.forEach((s, i) => {
    if (!s.published) return;
    try {
      parseDate(s.published);
    } catch (error) {
      problems.push({
        pointer: `/sources/${i}/published`,
        detail: (error as Error).message,
        order: ORDER.source + i * 10 + 1,
      });
    }
  });
  if (row.location) {
    placeProblems(row.location).forEach((p, i) => {
      problems.push({ pointer: `/location/${p.member}`, detail: p.detail, order: ORDER.location + i });
    });
  }
  const seen = new Set<string>();
  participants.forEach((p, i) => {
    const key = `${p.actor}/${p.role ?? 'party'}`;
    if (seen.has(key)) {
      problems.push({
        pointer: `/participants/${i}`,
        detail: `"${p.actor}" is listed twice with role ${p.role ?? 'party'}`,
        order: ORDER.repeatedParticipant + i * 10,
      });
    }
    seen.add(key);
  });

  const d = date;
  const location = row.location ?? null;
  const event = copyLine([
    line,
    row.id?.toLowerCase() ?? null,
    row.slug ?? null,
    row.type,
    row.status ?? 'held',
    JSON.stringify(row.title),
    JSON.stringify(row.summary ?? {}),
    row.date,
    d?.precision ?? null,
    d?.start_earliest ?? null,
    d?.start_latest ?? null,
    d?.end_earliest ?? null,
    d?.end_latest ?? null,
    d?.approximate ?? null,
    d?.uncertain ?? null,
    d?.open_end ?? null,
    d?.unknown_end ?? null,
    d?.start_approximate ?? null,
    d?.start_uncertain ?? null,
    d?.end_approximate ?? null,
    d?.end_uncertain ?? null,
    d?.open_start ?? null,
    d?.unknown_start ?? null,
    d?.one_of ?? null,
    location?.name ?? null,
    location?.country ?? null,
    location?.lat ?? null,
    location?.lon ?? null,
    location?.precision ?? null,
    arrayLiteral([...new Set(row.tags ?? [])].sort()),
    JSON.stringify(apiLocation(location)),
    JSON.stringify(sources.map(toApiSource)),
    problems.length > 0 ? JSON.stringify(problems) : null,
  ]);
  let participantLines = '';
  participants.forEach((p, i) => {
    const actor = exported.actors.get(i);
    participantLines += copyLine([
      line,
      i,
      p.actor,
      p.role ?? 'party',
      typeof actor?.kind === 'string' ? actor.kind : null,
      actor?.name ? JSON.stringify(actor.name) : null,
    ]);
  });
  let sourceLines = '';
  sources.forEach((s, i) => {
    sourceLines += copyLine([
      line,
      i,
      s.title,
      s.publisher ?? null,
      s.url ?? null,
      s.published ?? null,
      s.lang ?? null,
      s.quote ?? null,
      s.quoted_actor ?? null,
    ]);
  });
  let relationLines = '';
  relations.forEach((r, i) => {
    relationLines += copyLine([line, i, r.kind, r.event]);
  });
  return {
    staged: { event, participants: participantLines, sources: sourceLines, relations: relationLines },
  };
}
