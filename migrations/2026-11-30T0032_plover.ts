import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Event types carry a PLOVER category from a closed vocabulary: the 16 categories of PLOVER's codebook
// (openeventdata/PLOVER, PLOVER_MANUAL), each in one quad class. The built-in types are mapped anew, each for
// the reason given below; categories written through the API before are mapped from the CAMEO names they may
// use, and a value that is neither (or ambiguous) is cleared — it stays in the type's earlier revisions.
const statements: string[] = [
  `
  update event_types t
    set plover_category = m.category, version = t.version + 1, updated_at = now()
    from (values
      -- founding: "SUPPORT: initiate ... diplomatic, non-material cooperation; ratify, sign, or finalize an
      -- agreement or treaty". Founding a forum (the NRC's Rome Declaration) is that; AGREE, the old value, is
      -- for promises and intentions to cooperate.
      ('founding', 'SUPPORT'),
      -- meeting: "CONSULT: All consultations and meetings".
      ('meeting', 'CONSULT'),
      -- summit: a meeting of heads of state or government, so CONSULT.
      ('summit', 'CONSULT'),
      -- suspension: "SANCTION: All reductions in existing, routine, or cooperative relations ... SANCTION was
      -- just the best word we could find for WEIS and CAMEO's 'REDUCE RELATIONS'" (mode discontinue). REDUCE,
      -- the old value, is not a PLOVER category.
      ('suspension', 'SANCTION'),
      -- resumption: "SUPPORT: Initiate, resume, improve, or expand diplomatic, non-material cooperation".
      -- COOPERATE, the old value, is mutual material cooperation; resuming a dialogue is diplomatic.
      ('resumption', 'SUPPORT'),
      -- invitation: "References to future meetings, summits, state visits, etc. and invitations for state
      -- visits should be coded as AGREE" (CONSULT, potential ambiguities). The old value was CONSULT.
      ('invitation', 'AGREE'),
      -- statement: PLOVER dropped CAMEO's 01 MAKE PUBLIC STATEMENT: a statement is coded by what it says
      -- (ACCUSE when it condemns, REJECT when it refuses, AGREE when it promises…), so the type has no category.
      -- DISAPPROVE, the old value, is CAMEO's, not PLOVER's (its disapprovals are ACCUSE, mode disapprove).
      ('statement', null),
      -- interview: a statement to the press; no category of its own either.
      ('interview', null),
      -- agreement (signed): "SUPPORT: ... ratify, sign, or finalize an agreement or treaty"; promises to sign
      -- are AGREE, the old value.
      ('agreement', 'SUPPORT'),
      -- visit: "CONSULT: ... this includes visiting and hosting visits".
      ('visit', 'CONSULT'),
      -- sanction: "International (political or economic) sanctions are coded as SANCTION 'discontinue'".
      -- COERCE, the old value, is repression and restrictions on rights short of violence.
      ('sanction', 'SANCTION'),
      -- expulsion (diplomats are expelled): SANCTION, mode expel: "aside from the expulsion of ambassadors or
      -- similar diplomats, this mode excludes individual deportations" (those are COERCE). REDUCE was the
      -- old value.
      ('expulsion', 'SANCTION')
    ) as m(code, category)
    where t.code = m.code and t.plover_category is distinct from m.category
  `,
  // Types added through the API: CAMEO's names for what PLOVER renamed; YIELD (CONCEDE or RETREAT), CRIME and
  // the dropped APPEAL and MAKE PUBLIC STATEMENT have no single PLOVER category and are cleared.
  `
  update event_types set
    plover_category = case replace(upper(btrim(plover_category)), ' ', '_')
      when 'DEMAND' then 'REQUEST'
      when 'DISAPPROVE' then 'ACCUSE'
      when 'INVESTIGATE' then 'ACCUSE'
      when 'REDUCE' then 'SANCTION'
      when 'REDUCE_RELATIONS' then 'SANCTION'
      when 'EXPRESS_INTENT_TO_COOPERATE' then 'AGREE'
      when 'ENGAGE_IN_DIPLOMATIC_COOPERATION' then 'SUPPORT'
      when 'ENGAGE_IN_MATERIAL_COOPERATION' then 'COOPERATE'
      when 'PROVIDE_AID' then 'AID'
      when 'EXHIBIT_FORCE_POSTURE' then 'MOBILIZE'
      when 'FIGHT' then 'ASSAULT'
      else case when replace(upper(btrim(plover_category)), ' ', '_') in ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE',
        'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION',
        'MOBILIZE', 'COERCE', 'ASSAULT') then replace(upper(btrim(plover_category)), ' ', '_') end
    end,
    version = version + 1,
    updated_at = now()
  where plover_category is not null
    and plover_category not in ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
      'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT')
  `,
  `
  alter table event_types add constraint event_types_plover_category_check check (plover_category in ('AGREE',
    'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN',
    'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'))
  `,
  `
  -- PLOVER's quad classes: each category's cell in the cooperation-conflict x verbal-material grid.
  alter table event_types add column quad_class text generated always as (case
    when plover_category in ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE') then 'verbal_cooperation'
    when plover_category in ('COOPERATE', 'AID', 'RETREAT') then 'material_cooperation'
    when plover_category in ('REQUEST', 'ACCUSE', 'REJECT', 'THREATEN') then 'verbal_conflict'
    when plover_category in ('PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT') then 'material_conflict'
  end) stored
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table event_types drop column quad_class`.execute(db);
  await sql`alter table event_types drop constraint event_types_plover_category_check`.execute(db);
}
