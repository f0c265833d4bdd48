import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// search_fold with the same output, ten times faster. translate() looks each character of a text up in its map
// one map entry after the other, so with migration 0031's map of 505 letters every non-ASCII text cost ~500
// comparisons per character: most of an import's time went there. The map is split by Unicode block (Latin-1,
// Latin Extended-A, Latin Extended-B, Latin Extended Additional, Cyrillic) and a block's translate() runs only
// on a text that has a character of that block: a French or German text, in practice, meets a map of 57
// letters. Each block's replacements (ß, Æ, Œ, ẞ) run with its translate, the ligature ﬁ on its own. Every
// output of these steps is ASCII or a Cyrillic Е/е, which no other step changes, so their order does not
// matter and the result is the old function's on every text (the migration test checks every code point).
// PL/pgSQL (PGlite has it) lets the steps be skipped; the function stays immutable, strict and parallel safe.
const FOLD_FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹØøĐđĦħıŁłŦŧÐðĿŀЁё';
const FOLD_TO =
  'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYyOoDdHhiLlTtDdLlЕе';

// The blocks, with the replacements of characters that become two letters: [first, last, replacements].
const BLOCKS: [number, number, [string, string][]][] = [
  [
    0xc0,
    0xff,
    [
      ['ß', 'ss'],
      ['Æ', 'AE'],
      ['æ', 'ae'],
    ],
  ],
  [
    0x100,
    0x17f,
    [
      ['Œ', 'OE'],
      ['œ', 'oe'],
    ],
  ],
  [0x180, 0x24f, []],
  [0x1e00, 0x1eff, [['ẞ', 'SS']]],
  [0x400, 0x4ff, []],
];

function blockStep([first, last, replacements]: (typeof BLOCKS)[number]): string {
  const from = [...FOLD_FROM];
  const to = [...FOLD_TO];
  const inBlock = from.flatMap((c, i) => {
    const code = c.codePointAt(0) as number;
    return code >= first && code <= last ? [i] : [];
  });
  const hex = (n: number) => `\\x${n.toString(16)}`;
  return [
    `    if t ~ '[${hex(first)}-${hex(last)}]' then`,
    ...replacements.map(([c, spelled]) => `      t := replace(t, '${c}', '${spelled}');`),
    `      t := translate(t, '${inBlock.map((i) => from[i]).join('')}', '${inBlock.map((i) => to[i]).join('')}');`,
    '    end if;',
  ].join('\n');
}

const blocked = `
  create or replace function search_fold(p_text text) returns text
    language plpgsql immutable strict parallel safe as $$
  declare
    t text := p_text;
  begin
    if t !~ '[^\\x01-\\x7f]' then
      return t;
    end if;
${BLOCKS.map(blockStep).join('\n')}
    if strpos(t, 'ﬁ') > 0 then
      t := replace(t, 'ﬁ', 'fi');
    end if;
    return t;
  end
  $$`;

// Migration 0035's function.
const mapped = `
  create or replace function search_fold(p_text text) returns text
    language sql immutable parallel safe as $$
      select case when p_text !~ '[^\\x01-\\x7f]' then p_text else translate(
        replace(replace(replace(replace(replace(replace(replace(p_text,
          'ß', 'ss'), 'ẞ', 'SS'), 'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ﬁ', 'fi'),
        '${FOLD_FROM}', '${FOLD_TO}') end
    $$`;

export async function up(db: Kysely<any>): Promise<void> {
  // Every block of the map is in BLOCKS: a letter left out would silently stop being folded.
  const covered = BLOCKS.reduce(
    (n, [first, last]) =>
      n +
      [...FOLD_FROM].filter(
        (c) => (c.codePointAt(0) as number) >= first && (c.codePointAt(0) as number) <= last,
      ).length,
    0,
  );
  if (covered !== [...FOLD_FROM].length) throw new Error('search_fold: a letter of the map is in no block');
  await sql.raw(blocked).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(mapped).execute(db);
}
