import { parseEdtf } from '../../src/domain/edtf.ts';
import { dateColumns } from '../../src/modules/events/read/events.mapper.ts';
import type { SyntheticActor, SyntheticActors } from './actors.ts';
import { Random, Weighted, Zipf } from './random.ts';
import {
  EXTRA_EVENT_TYPES,
  PUBLISHERS,
  SEEDED_TYPE_LABELS,
  STATES,
  TAGS,
  TOPICS,
  TYPE_WEIGHTS,
} from './vocabulary.ts';

export type Role =
  | 'party'
  | 'initiator'
  | 'recipient'
  | 'host'
  | 'chair'
  | 'speaker'
  | 'mediator'
  | 'observer'
  | 'forum';

export interface SyntheticSource {
  position: number;
  title: string;
  publisher: string;
  url: string;
  published: string;
  lang: string;
  quote: string | null;
  quotedActor: string | null;
}

export interface SyntheticEvent {
  id: string;
  slug: string | null;
  type: string;
  status: 'held' | 'scheduled' | 'cancelled';
  title: Record<string, string>;
  summary: Record<string, string>;
  date: ReturnType<typeof dateColumns>;
  locationName: string | null;
  locationCountry: string | null;
  locationLat: number | null;
  locationLon: number | null;
  tags: string[];
  participants: { actor: string; role: Role }[];
  sources: SyntheticSource[];
  relations: { kind: 'responds_to' | 'follows'; target: string }[];
}

/** A body that meets many times: the gap scenarios' subject. */
export interface CouncilPlan {
  actor: string;
  meetings: number;
  from: string;
  to: string;
  /** Periods without meetings, like the NATO-Russia Council's 2014–2016 suspension. */
  suspensions: [string, string][];
}

/** Meetings per council: bench-council-1 has 10,000 at 1M events (1 %), never fewer than 1,000. */
export function councilPlans(events: number): CouncilPlan[] {
  return [
    {
      actor: 'bench-council-1',
      meetings: Math.max(1000, Math.round(events * 0.01)),
      from: '1949-04-04',
      to: '2025-10-15',
      suspensions: [['2014-06-01', '2016-04-19']],
    },
    {
      actor: 'bench-council-2',
      meetings: Math.max(500, Math.round(events * 0.005)),
      from: '1975-08-01',
      to: '2024-06-30',
      suspensions: [['1991-12-01', '1993-03-31']],
    },
    {
      actor: 'bench-council-3',
      meetings: Math.max(200, Math.round(events * 0.002)),
      from: '1990-01-01',
      to: '2026-10-31',
      suspensions: [],
    },
    { actor: 'bench-council-steady', meetings: 1000, from: '1995-01-01', to: '2024-12-31', suspensions: [] },
  ];
}

export const FIRST_YEAR = 1945;
export const LAST_YEAR = 2026;
/** Later than this, a held event is implausible: it is scheduled instead. */
const AS_OF = '2026-11-29';
const DAY_MS = 86_400_000;

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const pad2 = (n: number) => String(n).padStart(2, '0');

type EdtfShape =
  | 'day'
  | 'month'
  | 'year'
  | 'day~'
  | 'month~'
  | 'day?'
  | 'year?'
  | 'days'
  | 'months'
  | 'decade'
  | 'open'
  | 'unknown';

const SHAPES = new Weighted<EdtfShape>([
  ['day', 70],
  ['month', 11],
  ['year', 5],
  ['day~', 2],
  ['month~', 1],
  ['day?', 1.5],
  ['year?', 1],
  ['days', 4],
  ['months', 2],
  ['decade', 0.5],
  ['open', 0.8],
  ['unknown', 1.2],
]);

const LANGUAGES = ['en', 'de', 'fr', 'es', 'ru'] as const;
const TOPIC_LANG: Record<(typeof LANGUAGES)[number], number> = { en: 0, de: 1, fr: 2, es: 3, ru: 4 };

/**
 * The events of a data set, in insertion order (dates shuffled, as a historical import would be). The same
 * seed and size give the same events; the date columns come from the service's own `parseEdtf`.
 */
export function* syntheticEvents(
  total: number,
  seed: number,
  actors: SyntheticActors,
): Generator<SyntheticEvent> {
  const random = new Random(seed);
  const bounds = new Map<string, ReturnType<typeof dateColumns>>();
  const dateOf = (edtf: string) => {
    let columns = bounds.get(edtf);
    if (!columns) {
      columns = dateColumns(parseEdtf(edtf));
      bounds.set(edtf, columns);
    }
    return columns;
  };

  const meetings = planMeetings(random, total, actors);
  const years = new Weighted(
    Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => [FIRST_YEAR + i, 1 + i / 15] as const),
  );
  const types = new Weighted(Object.entries(TYPE_WEIGHTS));
  const typeLabels = new Map<string, readonly [string, string, string]>(
    Object.entries(SEEDED_TYPE_LABELS).concat(
      EXTRA_EVENT_TYPES.map(([code, en, de]) => [code, [en, de, en]]),
    ),
  );
  const groups = new Weighted<readonly SyntheticActor[]>([
    [actors.byKind.state, 55],
    [actors.byKind.person, 25],
    [actors.byKind.organization, 12],
    // The bench councils meet only as planned, so their gaps are known.
    [actors.byKind.body.filter((a) => !a.id.startsWith('bench-council-')), 6],
    [actors.byKind.other, 2],
  ]);
  const zipfs = new Map<readonly SyntheticActor[], Zipf>();
  const drawActor = () => {
    const group = groups.draw(random);
    let zipf = zipfs.get(group);
    if (!zipf) {
      zipf = new Zipf(group.length, group === actors.byKind.state ? 1 : 0.8);
      zipfs.set(group, zipf);
    }
    return group[zipf.draw(random)]!;
  };
  const participantCounts = new Weighted([
    [1, 15],
    [2, 45],
    [3, 25],
    [4, 10],
    [5, 5],
  ] as const);
  const tagCounts = new Weighted([
    [0, 35],
    [1, 35],
    [2, 20],
    [3, 10],
  ] as const);
  const tagZipf = new Zipf(TAGS.length, 0.9);
  const stateById = new Map(STATES.map((s) => [`state-${s[0].toLowerCase()}`, s]));
  const actorById = new Map(actors.all.map((a) => [a.id, a]));
  const recent: string[] = [];

  let remainingMeetings = meetings.length;
  for (let index = 0; index < total; index++) {
    if (remainingMeetings > 0 && random.next() < remainingMeetings / (total - index)) {
      remainingMeetings -= 1;
      const { edtf, ...meeting } = meetings[remainingMeetings]!;
      yield { ...meeting, date: dateOf(edtf) };
      continue;
    }

    const id = random.uuid();
    const edtf = randomEdtf(random, years.draw(random));
    const date = dateOf(edtf);
    const type = types.draw(random);

    const participants: SyntheticEvent['participants'] = [];
    const seen = new Set<string>();
    const count = participantCounts.draw(random);
    for (let k = 0; k < count * 2 && participants.length < count; k++) {
      const actor = drawActor();
      if (seen.has(actor.id)) continue;
      seen.add(actor.id);
      participants.push({ actor: actor.id, role: roleOf(random, participants.length, actor) });
    }
    const named = participants.map((p) => actorById.get(p.actor)!);
    const topic = random.pick(TOPICS);
    const label = typeLabels.get(type) ?? [type, type, type];

    const title: Record<string, string> = {};
    const summary: Record<string, string> = {};
    for (const lang of LANGUAGES) {
      if (lang !== 'en' && !random.chance({ de: 0.6, fr: 0.35, es: 0.08, ru: 0.05 }[lang])) continue;
      title[lang] = titleOf(lang, label, named, topic[TOPIC_LANG[lang]]!);
    }
    if (random.chance(0.35)) {
      const other = random.pick(TOPICS);
      summary.en = `${named.map((a) => a.name.en).join(', ')} discussed ${topic[0]} and ${other[0]}.`;
      if (random.chance(0.4)) summary.de = `Gespräche über ${topic[1]} und ${other[1]}.`;
    }

    const stateParticipant = participants.find((p) => stateById.has(p.actor));
    const located = random.chance(0.7);
    const place = located
      ? (stateById.get(stateParticipant?.actor ?? '') ?? STATES[Math.floor(random.next() * STATES.length)]!)
      : null;

    const tags = new Set<string>();
    for (let k = tagCounts.draw(random); k > 0; k--) tags.add(TAGS[tagZipf.draw(random)]!);

    const sources: SyntheticSource[] = [];
    const sourceCount = random.chance(0.25) ? (random.chance(0.2) ? 2 : 1) : 0;
    for (let position = 1; position <= sourceCount; position++) {
      const [publisher, lang] = random.pick(PUBLISHERS);
      const quoted = random.chance(0.1) ? participants[0] : undefined;
      sources.push({
        position,
        title: `${publisher}: ${topic[0]}`,
        publisher,
        url: `https://example.org/${publisher.toLowerCase().replace(/[^a-z]+/g, '-')}/${index}-${position}`,
        published: date.start_latest,
        lang,
        quote: quoted ? `„${topic[1]} bleibt unser Ziel“ — ${topic[0]} remains our goal` : null,
        quotedActor: quoted?.actor ?? null,
      });
    }

    const relations: SyntheticEvent['relations'] = [];
    if (recent.length > 0 && random.chance(0.01)) {
      relations.push({ kind: 'responds_to', target: random.pick(recent) });
    }
    if (recent.length < 1000) recent.push(id);
    else recent[index % 1000] = id;

    yield {
      id,
      slug: random.chance(0.05) ? `event-${index}` : null,
      type,
      status: date.start_earliest > AS_OF ? 'scheduled' : random.chance(0.01) ? 'cancelled' : 'held',
      title,
      summary,
      date,
      locationName: place ? place[4] : null,
      locationCountry: place ? place[0] : null,
      locationLat: place ? Math.round((place[5] + (random.next() - 0.5) * 0.2) * 1e4) / 1e4 : null,
      locationLon: place ? Math.round((place[6] + (random.next() - 0.5) * 0.2) * 1e4) / 1e4 : null,
      tags: [...tags].sort(),
      participants,
      sources,
      relations,
    };
  }
}

function randomEdtf(random: Random, year: number): string {
  const first = dayNumber(`${year}-01-01`);
  const length = dayNumber(`${year + 1}-01-01`) - first;
  const day = isoOf(first + random.int(0, length - 1));
  const month = day.slice(0, 7);
  switch (SHAPES.draw(random)) {
    case 'day':
      return day;
    case 'month':
      return month;
    case 'year':
      return String(year);
    case 'day~':
      return `${day}~`;
    case 'month~':
      return `${month}~`;
    case 'day?':
      return `${day}?`;
    case 'year?':
      return `${year}?`;
    case 'days':
      return `${day}/${isoOf(dayNumber(day) + random.int(1, 14))}`;
    case 'months': {
      const months = year * 12 + Number(day.slice(5, 7)) - 1 + random.int(1, 30);
      return `${month}/${Math.floor(months / 12)}-${pad2((months % 12) + 1)}`;
    }
    case 'decade':
      return `${String(year).slice(0, 3)}X`;
    case 'open':
      return `${day}/..`;
    case 'unknown':
      return `${day}/`;
  }
}

function roleOf(random: Random, position: number, actor: SyntheticActor): Role {
  if (actor.kind === 'body') return 'forum';
  const u = random.next();
  if (position === 0) return u < 0.3 ? 'initiator' : u < 0.5 ? 'host' : 'party';
  if (position === 1) return u < 0.25 ? 'recipient' : u < 0.3 ? 'speaker' : 'party';
  return u < 0.1 ? 'observer' : u < 0.15 ? 'mediator' : 'party';
}

function titleOf(
  lang: (typeof LANGUAGES)[number],
  label: readonly [string, string, string],
  participants: SyntheticActor[],
  topic: string,
): string {
  const name = (a: SyntheticActor) => a.name[lang] ?? a.name.en ?? a.id;
  const names = participants.slice(0, 2).map(name);
  switch (lang) {
    case 'de':
      return `${label[1]}: ${names.join(' und ')} zu ${topic}`;
    case 'fr':
      return `${label[2]} : ${names.join(' et ')} sur ${topic}`;
    case 'es':
      return `${label[0]}: ${names.join(' y ')} sobre ${topic}`;
    case 'ru':
      return `${label[0]}: ${names.join(' и ')} — ${topic}`;
    default:
      return `${label[0]}: ${names.join(' and ')} on ${topic}`;
  }
}

type PlannedMeeting = Omit<SyntheticEvent, 'date'> & { edtf: string };

/** Every council meeting, numbered in date order; returned in shuffled order for interleaving. */
function planMeetings(random: Random, total: number, actors: SyntheticActors): PlannedMeeting[] {
  const out: PlannedMeeting[] = [];
  const states = actors.byKind.state;
  const chairs = actors.byKind.person;
  for (const plan of councilPlans(total)) {
    const first = dayNumber(plan.from);
    const last = dayNumber(plan.to);
    const suspended = plan.suspensions.map(([a, b]) => [dayNumber(a), dayNumber(b)] as const);
    const days: number[] = [];
    while (days.length < plan.meetings) {
      const day = random.int(first, last);
      if (!suspended.some(([a, b]) => day >= a && day <= b)) days.push(day);
    }
    days.sort((a, b) => a - b);
    const members = random.shuffle([...states]).slice(0, random.int(6, 12));
    const council = actors.all.find((a) => a.id === plan.actor)!;
    days.forEach((day, n) => {
      const iso = isoOf(day);
      const u = random.next();
      const edtf = u < 0.85 ? iso : u < 0.95 ? iso.slice(0, 7) : `${iso}~`;
      const parties = random.shuffle([...members]).slice(0, random.int(2, 5));
      const chair = chairs[random.int(0, 40)]!;
      const seq = String(n + 1).padStart(5, '0');
      out.push({
        id: random.uuid(),
        slug: `${plan.actor}-meeting-${seq}`,
        type: 'meeting',
        status: 'held',
        title: {
          en: `Meeting of the ${council.name.en} (${n + 1})`,
          de: `Sitzung des ${council.name.de} (${n + 1})`,
          fr: `Réunion du ${council.name.fr} (${n + 1})`,
        },
        summary: {},
        edtf,
        locationName: 'Brussels',
        locationCountry: 'BE',
        locationLat: 50.8503,
        locationLon: 4.3517,
        tags: ['council-meeting'],
        participants: [
          { actor: plan.actor, role: 'forum' },
          { actor: chair.id, role: 'chair' },
          ...parties.map((p) => ({ actor: p.id, role: 'party' as const })),
        ],
        sources: [],
        relations: [],
      });
    });
  }
  return random.shuffle(out);
}
