import type { EventSpec } from '../helpers/rows.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `count` events over 1990–2024 in every form a drawing tells apart: days, months, years, intervals, open and
 * unknown ends, approximate and uncertain dates, and every status. Deterministic, so every run draws the same timeline.
 */
export function generatedEvents(count: number): EventSpec[] {
  // mulberry32: a small generator whose low bits are as random as its high ones.
  let seed = 20_211_130;
  const next = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  return Array.from({ length: count }, (_, i): EventSpec => {
    const year = 1990 + next(35);
    const month = 1 + next(12);
    const day = 1 + next(28);
    const forms = [
      `${year}-${pad(month)}-${pad(day)}`,
      `${year}-${pad(month)}-${pad(day)}`,
      `${year}-${pad(month)}`,
      `${year}`,
      `${Math.min(year, 2020)}-${pad(month)}/${Math.min(year, 2020) + 1 + next(4)}-${pad(1 + next(12))}`,
      `${year}-${pad(month)}-${pad(day)}~`,
      `${year}-${pad(month)}?`,
      `${year}-${pad(month)}-${pad(day)}/..`,
      `${year}-${pad(month)}-${pad(day)}/`,
      `${year}-${pad(month)}-${pad(day)}%`,
    ];
    // Open and unknown ends are rare in real timelines (and each spans the rest of the axis).
    const form = i % 50 === 7 ? 7 : i % 50 === 8 ? 8 : [0, 1, 2, 3, 4, 5, 6, 9][next(8)]!;
    const status = i % 20 === 3 ? 'cancelled' : i % 20 === 11 ? 'scheduled' : 'held';
    return { date: forms[form]!, status };
  });
}
