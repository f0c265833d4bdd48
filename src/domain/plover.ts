/**
 * PLOVER's event categories and quad classes, as its codebook (openeventdata/PLOVER, PLOVER_MANUAL) defines
 * them: 16 categories, each in one cell of the cooperation–conflict × verbal–material grid. (The repository's
 * README still shows an older table with DEMAND, DISAPPROVE, INVESTIGATE and CRIME, and SANCTION as verbal
 * conflict; the manual, which is the codebook, has REQUEST and ACCUSE and puts SANCTION in material conflict.)
 */
export const QUAD_CLASSES = [
  'verbal_cooperation',
  'material_cooperation',
  'verbal_conflict',
  'material_conflict',
] as const;
export type QuadClass = (typeof QUAD_CLASSES)[number];

export const PLOVER_QUAD_CLASS = {
  AGREE: 'verbal_cooperation',
  CONSULT: 'verbal_cooperation',
  SUPPORT: 'verbal_cooperation',
  CONCEDE: 'verbal_cooperation',
  COOPERATE: 'material_cooperation',
  AID: 'material_cooperation',
  RETREAT: 'material_cooperation',
  REQUEST: 'verbal_conflict',
  ACCUSE: 'verbal_conflict',
  REJECT: 'verbal_conflict',
  THREATEN: 'verbal_conflict',
  PROTEST: 'material_conflict',
  SANCTION: 'material_conflict',
  MOBILIZE: 'material_conflict',
  COERCE: 'material_conflict',
  ASSAULT: 'material_conflict',
} as const satisfies Record<string, QuadClass>;

export type PloverCategory = keyof typeof PLOVER_QUAD_CLASS;
export const PLOVER_CATEGORIES = Object.keys(PLOVER_QUAD_CLASS) as PloverCategory[];

export function quadClassOf(category: string | null): QuadClass | null {
  return category !== null && category in PLOVER_QUAD_CLASS
    ? PLOVER_QUAD_CLASS[category as PloverCategory]
    : null;
}
