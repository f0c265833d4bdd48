import type { DatasetInfo } from '../dataset/load.ts';
import { gapsScenario, histogramScenario, PAGE_LIMIT, timelineScenario } from '../scenarios.ts';
import type { Normalisation } from './compare.ts';

export type PeerTaskId =
  | 'timeline'
  | 'first-page'
  | 'histogram'
  | 'fulltext-common'
  | 'fulltext-rare'
  | 'gaps';

/** One task of the side-by-side comparison: the API's requests, which peer B serves at the same paths. */
export interface PeerTask {
  id: PeerTaskId;
  title: string;
  /** Request paths of the API (and B), cycled through during a run. */
  paths: string[];
  /** What the answer check leaves out, for B and for C (see compare.ts). */
  normaliseB: Normalisation;
  normaliseC: Normalisation;
  /** Why Platformatic (C) cannot do this task, or null when the frontend in platformatic-frontend.ts does it. */
  platformaticCannot: string | null;
}

const DECADES = [1950, 1960, 1970, 1980, 1990, 2000, 2010];
// At 100k: `Germany` is in 10 % of all events; these three are in 80–120 events each.
const COMMON_WORDS = ['Germany'];
const RARE_WORDS = ['Staatsbegräbnis', 'Gefangenenaustausch', 'fondation'];

function textPaths(words: string[]): string[] {
  return DECADES.map((decade, i) => {
    const query = new URLSearchParams({
      q: words[i % words.length]!,
      from: String(decade),
      to: String(decade + 9),
      limit: String(PAGE_LIMIT),
    });
    return `/v1/events?${query}`;
  });
}

const EXACT_BUT_CURSOR: Normalisation = { cursor: true, display: false, duration: false };
const WITHOUT_DISPLAY: Normalisation = { cursor: true, display: true, duration: false };

export function peerTasks(dataset: DatasetInfo): PeerTask[] {
  const gaps = gapsScenario();
  return [
    {
      id: 'timeline',
      title: "an actor's events of a type in a decade, 50 a page",
      paths: timelineScenario(dataset).paths,
      normaliseB: EXACT_BUT_CURSOR,
      normaliseC: WITHOUT_DISPLAY,
      platformaticCannot: null,
    },
    {
      id: 'first-page',
      title: 'first page of the whole timeline',
      paths: [`/v1/events?limit=${PAGE_LIMIT}`],
      normaliseB: EXACT_BUT_CURSOR,
      normaliseC: WITHOUT_DISPLAY,
      platformaticCannot: null,
    },
    {
      id: 'histogram',
      title: 'histogram per year over everything',
      paths: histogramScenario().paths,
      normaliseB: EXACT_BUT_CURSOR,
      normaliseC: EXACT_BUT_CURSOR,
      platformaticCannot: null,
    },
    {
      id: 'fulltext-common',
      title: `full text, a common word (${COMMON_WORDS.join(', ')}) in a decade`,
      paths: textPaths(COMMON_WORDS),
      normaliseB: EXACT_BUT_CURSOR,
      normaliseC: WITHOUT_DISPLAY,
      platformaticCannot:
        'no full-text operator in its REST (the tsvector column is exposed as a string; like/ilike on the titles would answer something else)',
    },
    {
      id: 'fulltext-rare',
      title: `full text, rare words (${RARE_WORDS.join(', ')}) in a decade`,
      paths: textPaths(RARE_WORDS),
      normaliseB: EXACT_BUT_CURSOR,
      normaliseC: WITHOUT_DISPLAY,
      platformaticCannot: 'no full-text operator in its REST',
    },
    {
      id: 'gaps',
      title: `gaps of ${gaps.paths[0]?.match(/actor=([^&]+)/)?.[1] ?? 'a council'}'s meetings, longest first`,
      paths: gaps.paths,
      normaliseB: { cursor: true, display: false, duration: true },
      normaliseC: { cursor: true, display: false, duration: true },
      platformaticCannot:
        'the gap walk is server logic: a frontend would fetch every meeting of the body (1,000 at 100k, 10,000 at 1M; their ids do not fit one URL) and redo it',
    },
  ];
}
