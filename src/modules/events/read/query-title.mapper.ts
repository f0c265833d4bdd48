import { displayDate } from '../../../domain/display.ts';
import { pickLanguage } from '../../../http/negotiate.ts';
import type { EventFilters } from '../event-filters.ts';

// The title slide of a TimelineJS export: the query it shows, said in the reader's language. The words are
// few, so they live here rather than in a translation system.

interface TitleWords {
  events: string;
  types: string;
  search: string;
  status: string;
  tags: string;
}

const WORDS: Record<string, TitleWords> = {
  en: { events: 'Diplomatic events', types: 'Types', search: 'Search', status: 'Status', tags: 'Tags' },
  de: {
    events: 'Diplomatische Ereignisse',
    types: 'Typen',
    search: 'Suche',
    status: 'Status',
    tags: 'Schlagwörter',
  },
  fr: {
    events: 'Événements diplomatiques',
    types: 'Types',
    search: 'Recherche',
    status: 'Statut',
    tags: 'Mots-clés',
  },
  es: {
    events: 'Acontecimientos diplomáticos',
    types: 'Tipos',
    search: 'Búsqueda',
    status: 'Estado',
    tags: 'Etiquetas',
  },
  it: { events: 'Eventi diplomatici', types: 'Tipi', search: 'Ricerca', status: 'Stato', tags: 'Etichette' },
  ru: { events: 'Дипломатические события', types: 'Типы', search: 'Поиск', status: 'Статус', tags: 'Теги' },
};

export interface QueryTitleInput {
  /** `from` and `to` as given (partial dates, EDTF-valid), shown as a period. */
  from?: string;
  to?: string;
  filters: EventFilters;
  actorNames: Record<string, Record<string, string>>;
  typeLabels: Record<string, Record<string, string>>;
}

/**
 * The query in words: the actors' names (or "Diplomatic events") as the headline; the period, types, search,
 * statuses and tags as the text, e.g. "2014 – 2016 · Typen: Aussetzung". Plain text: the caller escapes it.
 */
export function describeQuery(input: QueryTitleInput, lang: string): { headline: string; text: string } {
  const words = WORDS[lang] ?? (WORDS.en as TitleWords);
  const { filters } = input;
  const named = (map: Record<string, Record<string, string>>, key: string) => {
    const names = map[key];
    return names ? pickLanguage(names, lang) || key : key;
  };
  const headline =
    filters.actors.length > 0
      ? filters.actors
          .map((id) => named(input.actorNames, id))
          .join(filters.actorMatch === 'all' ? ' + ' : ', ')
      : words.events;
  const parts: string[] = [];
  if (input.from || input.to) {
    const period = `${input.from ?? '..'}/${input.to ?? '..'}`;
    parts.push(pickLanguage(displayDate({ edtf: period }), lang));
  }
  if (filters.types.length > 0) {
    parts.push(`${words.types}: ${filters.types.map((code) => named(input.typeLabels, code)).join(', ')}`);
  }
  if (filters.q) parts.push(`${words.search}: "${filters.q}"`);
  if (filters.statuses.length > 0) parts.push(`${words.status}: ${filters.statuses.join(', ')}`);
  if (filters.tags.length > 0) parts.push(`${words.tags}: ${filters.tags.join(', ')}`);
  return { headline, text: parts.join(' · ') };
}
