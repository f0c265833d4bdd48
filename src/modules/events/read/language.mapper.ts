import { pickLanguageEntry } from '../../../http/negotiate.ts';

// `lang=` given explicitly trims the language maps of a JSON page to the one text a reader of that language
// gets (the fallback of the CSV export: the language, else English, else the first). The map keeps the key of
// the language the text is in, so `{"en": …}` answers `lang=de` when there is no German text: still a true
// language map, and the schema does not change.

type LanguageMap = Record<string, string>;

function trimmed(map: LanguageMap, lang: string): LanguageMap {
  const entry = pickLanguageEntry(map, lang);
  return entry ? { [entry[0]]: entry[1] } : {};
}

interface EventLanguageMaps {
  title?: LanguageMap;
  summary?: LanguageMap;
  date?: { display?: LanguageMap };
  participants?: { actor?: { name?: LanguageMap } }[];
}

/** An event's language maps (title, summary, display date, participants' names) trimmed to `lang`, in place. */
export function trimEventLanguages(event: EventLanguageMaps, lang: string): void {
  // Members may be missing (a `fields=` selection): only those present are trimmed.
  if (event.title) event.title = trimmed(event.title, lang);
  if (event.summary) event.summary = trimmed(event.summary, lang);
  if (event.date?.display) event.date.display = trimmed(event.date.display, lang);
  for (const participant of event.participants ?? []) {
    if (participant.actor?.name) participant.actor.name = trimmed(participant.actor.name, lang);
  }
}

/** The JSON text of an EventList with every event's language maps trimmed to `lang`. */
export function trimPageLanguages(body: string, lang: string): string {
  const page = JSON.parse(body) as { data: EventLanguageMaps[] };
  for (const event of page.data) trimEventLanguages(event, lang);
  return JSON.stringify(page);
}
