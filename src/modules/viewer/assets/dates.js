// Calendar days of the API (YYYY-MM-DD, astronomical years, more than four digits after 9999) as instants
// at UTC midnight, and the extent a drawing gives each event. Pure: no DOM.

const DAY_MS = 86_400_000;

/** The instant a calendar day starts (UTC), or null for null (an unbounded side). */
export function dayStart(day) {
  if (day == null) return null;
  const match = /^(-?\d{4,7})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`Not a calendar day: ${day}`);
  const date = new Date(Date.UTC(2000, Number(match[2]) - 1, Number(match[3])));
  date.setUTCFullYear(Number(match[1]));
  return date;
}

/** The instant after a calendar day ends: an inclusive last day drawn to its end. */
export function dayEnd(day) {
  const start = dayStart(day);
  return start && new Date(start.getTime() + DAY_MS);
}

/**
 * What to draw for one event's `date`: the possible extent (earliest start to the end of the latest end) and
 * the certain core (latest start to the end of the earliest end; none when the possible starts and ends
 * overlap, as for a single month). null on a side: unbounded, drawn to the edge of the axis.
 */
export function extentOf(date) {
  const possibleStart = date.open_start || date.unknown_start ? null : dayStart(date.start.earliest);
  const possibleEnd = date.open_end || date.unknown_end ? null : dayEnd(date.end.latest);
  const coreStart = date.open_start || date.unknown_start ? null : dayStart(date.start.latest);
  const coreEnd = date.open_end || date.unknown_end ? null : dayEnd(date.end.earliest);
  const hasCore = coreStart === null || coreEnd === null || coreStart.getTime() < coreEnd.getTime();
  const interval = date.edtf.includes('/');
  let shape = 'coarse';
  if (interval) shape = 'interval';
  else if (date.precision === 'day' || date.precision === 'time') shape = 'day';
  return {
    possibleStart,
    possibleEnd,
    coreStart: hasCore ? coreStart : null,
    coreEnd: hasCore ? coreEnd : null,
    hasCore,
    shape,
    openStart: date.open_start,
    unknownStart: date.unknown_start,
    openEnd: date.open_end,
    unknownEnd: date.unknown_end,
  };
}

/** The finite instants of every extent and gap: the axis spans them. */
export function domainOf(extents, gapSpans, asOf) {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const see = (date) => {
    if (!date) return;
    min = Math.min(min, date.getTime());
    max = Math.max(max, date.getTime());
  };
  for (const e of extents) {
    see(e.possibleStart);
    see(e.possibleEnd);
    see(e.coreStart);
    see(e.coreEnd);
  }
  for (const g of gapSpans) {
    see(g.start);
    see(g.end);
  }
  see(asOf);
  if (!Number.isFinite(min)) {
    const now = Date.now();
    return [new Date(now - 365 * DAY_MS), new Date(now)];
  }
  const pad = Math.max((max - min) * 0.03, 15 * DAY_MS);
  return [new Date(min - pad), new Date(max + pad)];
}

/**
 * Rows for the events: each goes in the first row where it starts after the previous one ended (in pixels,
 * with `minWidth` for the narrowest marks). `items` are sorted by start; returns the row of each.
 */
export function packRows(items, minWidth, padding) {
  const rowEnds = [];
  return items.map(({ x0, x1 }) => {
    const end = Math.max(x1, x0 + minWidth) + padding;
    let row = rowEnds.findIndex((rowEnd) => rowEnd <= x0);
    if (row === -1) {
      row = rowEnds.length;
      rowEnds.push(end);
    } else rowEnds[row] = end;
    return row;
  });
}
