import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// The event types ACLED's event types map to (the ACLED importer, docs/research-formats.md), so that an ACLED
// file imports into a fresh instance without an administrator creating them first. A code an administrator
// already created is left exactly as it is (`on conflict do nothing`): their label and category win.
// PLOVER categories, each for the reason given (PLOVER codebook, openeventdata/PLOVER):
const statements: string[] = [
  `
  insert into event_types (code, label, description, plover_category) values
    -- ASSAULT: "deliberate actions which can potentially result in substantial physical harm", armed clashes
    -- among them (mode firearms).
    ('battle',
     '{"en": "Battle", "de": "Gefecht", "fr": "Bataille", "es": "Batalla", "it": "Battaglia", "ru": "Бой"}',
     '{"en": "A violent interaction between two organised armed groups (ACLED: Battles)."}',
     'ASSAULT'),
    -- ASSAULT, modes explosives and aerial: bombings, shelling, air and drone strikes.
    ('remote_violence',
     '{"en": "Explosion or remote violence", "de": "Explosion oder Fernangriff", "fr": "Explosion ou violence à distance", "es": "Explosión o violencia a distancia", "it": "Esplosione o violenza a distanza", "ru": "Взрыв или дистанционное насилие"}',
     '{"en": "Shelling, air or drone strikes, bombs, mines and other violence from a distance (ACLED: Explosions/Remote violence)."}',
     'ASSAULT'),
    -- ASSAULT: violence by an armed group against unarmed people is physical harm whoever the target.
    ('violence_against_civilians',
     '{"en": "Violence against civilians", "de": "Gewalt gegen Zivilisten", "fr": "Violence contre des civils", "es": "Violencia contra civiles", "it": "Violenza contro civili", "ru": "Насилие в отношении мирных жителей"}',
     '{"en": "An organised armed group deliberately inflicts violence on unarmed non-combatants (ACLED: Violence against civilians)."}',
     'ASSAULT'),
    -- PROTEST: "civilian demonstrations and other collective actions carried out as protests".
    ('protest',
     '{"en": "Protest", "de": "Protest", "fr": "Manifestation", "es": "Protesta", "it": "Protesta", "ru": "Протест"}',
     '{"en": "A public demonstration against a political entity, institution, policy or group (ACLED: Protests)."}',
     'PROTEST'),
    -- PROTEST, mode riot: PLOVER codes a violent demonstration as a protest, not as an assault.
    ('riot',
     '{"en": "Riot", "de": "Ausschreitung", "fr": "Émeute", "es": "Disturbio", "it": "Sommossa", "ru": "Беспорядки"}',
     '{"en": "A violent demonstration, or violence by a disorganised group (ACLED: Riots)."}',
     'PROTEST'),
    -- No category: ACLED's strategic developments are a mixed bag (arrests, looting, headquarters established,
    -- non-violent transfers of territory…) that spans several PLOVER categories; its agreements are mapped to
    -- the built-in agreement type by the importer.
    ('strategic_development',
     '{"en": "Strategic development", "de": "Strategische Entwicklung", "fr": "Développement stratégique", "es": "Desarrollo estratégico", "it": "Sviluppo strategico", "ru": "Стратегическое событие"}',
     '{"en": "A non-violent event that shapes a conflict: arrests, looting, transfers of territory, new headquarters (ACLED: Strategic developments)."}',
     NULL)
  on conflict (code) do nothing
  `,
];

const CODES = [
  'battle',
  'remote_violence',
  'violence_against_civilians',
  'protest',
  'riot',
  'strategic_development',
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Only the rows this migration wrote (still at version 1) and no event uses: an administrator's type stays.
  await sql`
    delete from event_types t
    where t.code in (${sql.join(CODES)}) and t.version = 1
      and t.description ->> 'en' like '%(ACLED: %'
      and not exists (select 1 from events e where e.type = t.code)
  `.execute(db);
}
