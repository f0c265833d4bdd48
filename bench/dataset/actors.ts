import { Random, Zipf } from './random.ts';
import { FIRST_NAMES, LAST_NAMES, ORGANIZATION_DOMAINS, REGIONS, STATES } from './vocabulary.ts';

export type ActorKind = 'state' | 'organization' | 'body' | 'person' | 'other';

export interface SyntheticActor {
  id: string;
  kind: ActorKind;
  name: Record<string, string>;
  aliases: string[];
  country: string | null;
}

/** The bodies whose meetings the gap scenarios ask about; `bench-council-steady` has 1,000 at every size. */
export const BENCH_COUNCILS = [
  'bench-council-1',
  'bench-council-2',
  'bench-council-3',
  'bench-council-steady',
] as const;
export type BenchCouncil = (typeof BENCH_COUNCILS)[number];

export const ACTOR_COUNTS: Readonly<Record<ActorKind, number>> = {
  state: STATES.length,
  organization: 190,
  body: 150,
  person: 1550,
  other: 50,
};

/** About 2,000 actors, grouped by kind, each group in order of popularity (index 0 the most common). */
export interface SyntheticActors {
  all: SyntheticActor[];
  byKind: Record<ActorKind, SyntheticActor[]>;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function syntheticActors(seed: number): SyntheticActors {
  const random = new Random(seed ^ 0x5eed_a770);
  const states: SyntheticActor[] = STATES.map(([code, en, de, fr]) => ({
    id: `state-${code.toLowerCase()}`,
    kind: 'state',
    name: { en, de, fr },
    aliases: [code, `${en} (${code})`],
    country: code,
  }));

  const organizations: SyntheticActor[] = [];
  for (const suffix of [
    ['Organization', 'Organisation', 'Organisation'],
    ['Agency', 'Agentur', 'Agence'],
  ] as const) {
    for (const [domainEn, domainDe, domainFr] of ORGANIZATION_DOMAINS) {
      for (const [regionEn, regionDe, regionFr] of REGIONS) {
        if (organizations.length === ACTOR_COUNTS.organization) break;
        const en = `${regionEn} ${domainEn} ${suffix[0]}`;
        const acronym = en
          .split(/\s+/)
          .map((w) => w[0])
          .join('')
          .toUpperCase();
        organizations.push({
          id: slug(en),
          kind: 'organization',
          name: {
            en,
            de: `${regionDe} ${domainDe}${suffix[1].toLowerCase()}`,
            fr: `${suffix[2]} ${regionFr} de ${domainFr}`,
          },
          aliases: [acronym],
          country: null,
        });
      }
    }
  }
  while (organizations.length < ACTOR_COUNTS.organization) {
    const n = organizations.length + 1;
    organizations.push({
      id: `regional-forum-${n}`,
      kind: 'organization',
      name: { en: `Regional Forum ${n}`, de: `Regionalforum ${n}` },
      aliases: [],
      country: null,
    });
  }

  const councilNames = (n: string) => ({
    en: `Bench Council ${n}`,
    de: `Bench-Rat ${n}`,
    fr: `Conseil Bench ${n}`,
  });
  const bodies: SyntheticActor[] = BENCH_COUNCILS.map((id) => {
    const n = id.slice('bench-council-'.length);
    return { id, kind: 'body', name: councilNames(n), aliases: [`BC${n}`], country: null };
  });
  const statePairs: [number, number][] = [];
  for (let a = 0; a < STATES.length; a++) for (let b = a + 1; b < STATES.length; b++) statePairs.push([a, b]);
  random.shuffle(statePairs);
  for (const [a, b] of statePairs) {
    if (bodies.length === ACTOR_COUNTS.body) break;
    const sa = STATES[a]!;
    const sb = STATES[b]!;
    bodies.push({
      id: `joint-commission-${sa[0].toLowerCase()}-${sb[0].toLowerCase()}`,
      kind: 'body',
      name: {
        en: `${sa[1]}–${sb[1]} Joint Commission`,
        de: `Gemeinsame Kommission ${sa[2]}–${sb[2]}`,
        fr: `Commission mixte ${sa[3]}–${sb[3]}`,
      },
      aliases: [],
      country: null,
    });
  }

  const stateZipf = new Zipf(STATES.length, 1);
  const persons: SyntheticActor[] = [];
  for (let i = 0; persons.length < ACTOR_COUNTS.person; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
    const round = Math.floor(i / (FIRST_NAMES.length * LAST_NAMES.length));
    const country = STATES[stateZipf.draw(random)]![0];
    persons.push({
      id: `${slug(first)}-${slug(last)}${round > 0 ? `-${round + 1}` : ''}`,
      kind: 'person',
      name: { en: round > 0 ? `${first} ${last} (${round + 1})` : `${first} ${last}` },
      aliases: [`${first[0]}. ${last}`],
      country,
    });
  }
  random.shuffle(persons);

  const others: SyntheticActor[] = [];
  for (let n = 1; n <= ACTOR_COUNTS.other; n++) {
    others.push({
      id: `contact-group-${n}`,
      kind: 'other',
      name: { en: `Contact Group ${n}`, de: `Kontaktgruppe ${n}`, fr: `Groupe de contact ${n}` },
      aliases: [],
      country: null,
    });
  }

  const byKind = { state: states, organization: organizations, body: bodies, person: persons, other: others };
  return { all: [...states, ...organizations, ...bodies, ...persons, ...others], byKind };
}
