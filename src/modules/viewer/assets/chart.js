import { axisTop } from 'd3-axis';
import { scaleUtc } from 'd3-scale';
import { select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import { dayEnd, dayStart, domainOf, extentOf, packRows } from './dates.js';
import { pick } from './i18n.js';

// The chart: histogram strip, axis, gap band and one row-packed mark per event, all on one time scale that
// zoom and pan change. Every mark is an SVG element placed by `place()`, which runs again on each zoom.

const MARGIN = 12;
const AXIS_Y = 22;
const GAP_Y = 30;
const GAP_H = 14;
const ROWS_Y = 56;
const ROW_H = 22;
const MARK_H = 12;
const CHAR_W = 6.4;
const HIST_H = 44;

const DAY_MS = 86_400_000;

/** The ticks' format in the page's language, from the spacing of the ticks. */
function tickFormat(lang, ticks) {
  const step = ticks.length > 1 ? ticks[1].getTime() - ticks[0].getTime() : DAY_MS * 366;
  const options =
    step >= DAY_MS * 360
      ? { year: 'numeric' }
      : step >= DAY_MS * 28
        ? { year: 'numeric', month: 'short' }
        : { year: 'numeric', month: 'short', day: 'numeric' };
  const format = new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
  return (date) => format.format(date);
}

/** The text a mark and its list entry say: title and the qualifiers as EDTF writes them (~ approximate, ? uncertain). */
export function markText(event, lang) {
  const title = pick(event.title, lang);
  return `${event.date.approximate ? '~ ' : ''}${title}${event.date.uncertain ? ' ?' : ''}`;
}

/** What a screen reader hears for an event. */
export function spokenText(event, lang, labels) {
  const parts = [pick(event.title, lang), pick(event.date.display, lang)];
  if (event.date.approximate) parts.push(labels.approximate);
  if (event.date.uncertain) parts.push(labels.uncertain);
  if (event.date.open_end) parts.push(labels.openEnd);
  if (event.date.unknown_end) parts.push(labels.unknownEnd);
  if (event.status !== 'held') parts.push(labels.status[event.status] ?? event.status);
  return parts.join(', ');
}

export function createChart({ plotElement, histogramElement, lang, labels, onOpen }) {
  const plot = select(plotElement);
  const histogram = select(histogramElement);
  const defs = plot.append('defs');
  defs
    .append('pattern')
    .attr('id', 'hatch')
    .attr('width', 5)
    .attr('height', 5)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('patternTransform', 'rotate(45)')
    .call((p) => p.append('rect').attr('width', 5).attr('height', 5).attr('class', 'hatch-bg'))
    .call((p) => p.append('line').attr('y2', 5).attr('class', 'hatch-line'));
  for (const [id, from, to] of [
    ['fade-right', 1, 0],
    ['fade-left', 0, 1],
  ]) {
    defs
      .append('linearGradient')
      .attr('id', id)
      .call((g) =>
        g.append('stop').attr('offset', '0%').attr('class', 'fade-stop').attr('stop-opacity', from),
      )
      .call((g) =>
        g.append('stop').attr('offset', '100%').attr('class', 'fade-stop').attr('stop-opacity', to),
      );
  }
  const shadeLayer = plot.append('g').attr('class', 'gap-shades').attr('aria-hidden', 'true');
  const axisLayer = plot.append('g').attr('class', 'axis').attr('aria-hidden', 'true');
  const gapLayer = plot.append('g').attr('class', 'gap-band').attr('aria-hidden', 'true');
  const eventLayer = plot.append('g').attr('class', 'events').attr('transform', `translate(0,${ROWS_Y})`);

  let width = 0;
  let height = 0;
  let base = scaleUtc();
  let x = base;
  let items = [];
  let gapSpans = [];
  let buckets = [];
  let focusIndex = 0;

  const zoomer = zoom()
    // Plain wheel scrolls the page past a tall chart; Ctrl+wheel (and a trackpad pinch) zooms.
    .filter((event) => (event.type === 'wheel' ? event.ctrlKey || event.metaKey : !event.button))
    .on('zoom', (event) => {
      x = event.transform.rescaleX(base);
      place();
    });
  plot.call(zoomer).on('dblclick.zoom', null);
  // Vertical drags scroll the page on touch screens; horizontal ones pan.
  plot.style('touch-action', 'pan-y');

  function place() {
    const right = width - MARGIN;
    const left = MARGIN;
    const clampX = (date, fallback) =>
      date === null ? fallback : Math.max(left - 20, Math.min(right + 20, x(date)));
    axisLayer.attr('transform', `translate(0,${AXIS_Y})`).call(
      axisTop(x)
        .ticks(Math.max(2, Math.floor(width / 110)))
        .tickFormat(tickFormat(lang, x.ticks(Math.max(2, Math.floor(width / 110))))),
    );

    shadeLayer
      .selectAll('rect')
      .attr('x', (g) => clampX(g.start, left))
      .attr('width', (g) => Math.max(1, clampX(g.end, right) - clampX(g.start, left)))
      .attr('height', height);
    gapLayer.selectAll('g.gap').each(function place(g) {
      const group = select(this);
      group
        .select('.gap-possible')
        .attr('x', clampX(g.possibleStart, left))
        .attr('width', Math.max(1, clampX(g.possibleEnd, right) - clampX(g.possibleStart, left)));
      group
        .select('.gap-certain')
        .attr('x', clampX(g.start, left))
        .attr('width', Math.max(1, clampX(g.end, right) - clampX(g.start, left)));
      group.select('text').attr('x', (clampX(g.start, left) + clampX(g.end, right)) / 2);
    });

    for (const item of items) {
      const e = item.extent;
      const startX = clampX(e.possibleStart, left);
      const endX = clampX(e.possibleEnd, right);
      item.x0 = startX;
      if (e.shape === 'day') {
        const cx = (x(e.coreStart) + x(e.coreEnd)) / 2;
        item.shape.attr('transform', `translate(${cx},${MARK_H / 2})`);
        item.x0 = cx - MARK_H / 2;
        item.x1 = cx + MARK_H / 2;
      } else {
        const w = Math.max(4, endX - startX);
        item.shape.attr('x', startX).attr('width', w);
        item.x1 = startX + w;
        if (item.core) {
          const cs = clampX(e.coreStart, left);
          const ce = clampX(e.coreEnd, right);
          item.core.attr('x', cs).attr('width', Math.max(2, ce - cs));
        }
        if (item.arrow) {
          const at = e.openEnd ? right : left;
          item.arrow.attr('transform', `translate(${at},${MARK_H / 2})${e.openEnd ? '' : ' scale(-1,1)'}`);
        }
      }
    }
    // A label takes the room before the next mark of its row, shortened with … when that is less than it needs.
    for (const item of items) {
      const room = Math.min(item.next ? item.next.x0 : width, width) - item.x1 - 8;
      const chars = Math.floor(room / CHAR_W);
      const text =
        chars >= item.text.length ? item.text : chars >= 6 ? `${item.text.slice(0, chars - 1)}…` : '';
      if (item.shown !== text) {
        item.label.text(text);
        item.shown = text;
      }
      item.label.attr('x', item.x1 + 4);
      item.hit.attr('x', item.x0 - 3).attr('width', Math.max(10, item.x1 - item.x0 + 6));
    }

    if (buckets.length > 0) {
      const max = Math.max(1, ...buckets.map((b) => b.count));
      const barH = (n) => ((HIST_H - 4) * n) / max;
      histogram
        .selectAll('rect.bar')
        .attr('x', (b) => x(b.startDate))
        .attr('width', (b) => Math.max(1, x(b.endDate) - x(b.startDate) - 1))
        .attr('y', (b) => HIST_H - barH(b.count))
        .attr('height', (b) => barH(b.count));
      histogram
        .selectAll('rect.bar-certain')
        .attr('x', (b) => x(b.startDate))
        .attr('width', (b) => Math.max(1, x(b.endDate) - x(b.startDate) - 1))
        .attr('y', (b) => HIST_H - barH(b.certain))
        .attr('height', (b) => barH(b.certain));
    }
  }

  function focusAt(index) {
    if (items.length === 0) return;
    focusIndex = Math.max(0, Math.min(items.length - 1, index));
    for (const [i, item] of items.entries())
      item.node.setAttribute('tabindex', i === focusIndex ? '0' : '-1');
    const item = items[focusIndex];
    // Bring a mark zoomed out of view back into it before focusing it.
    if (item.x1 < MARGIN || item.x0 > width - MARGIN) {
      const t = zoomTransform();
      const target = (item.x0 + item.x1) / 2;
      plot.call(zoomer.transform, t.translate((width / 2 - target) / t.k, 0));
    }
    item.node.focus();
  }

  const zoomTransform = () => plotElement.__zoom ?? zoomIdentity;

  plot.on('keydown', (event) => {
    const key = event.key;
    const pan = (dx) => plot.call(zoomer.translateBy, dx / zoomTransform().k, 0);
    if (event.shiftKey && (key === 'ArrowLeft' || key === 'ArrowRight'))
      pan(key === 'ArrowLeft' ? width / 5 : -width / 5);
    else if (key === 'ArrowRight' || key === 'ArrowDown') focusAt(focusIndex + 1);
    else if (key === 'ArrowLeft' || key === 'ArrowUp') focusAt(focusIndex - 1);
    else if (key === 'Home') focusAt(0);
    else if (key === 'End') focusAt(items.length - 1);
    else if (key === '+' || key === '=') zoomBy(1.6);
    else if (key === '-' || key === '_') zoomBy(1 / 1.6);
    else if (key === '0') reset();
    else if ((key === 'Enter' || key === ' ') && event.target.classList?.contains('event')) {
      onOpen(event.target.__data__.event, event.target);
    } else return;
    event.preventDefault();
  });

  function zoomBy(factor) {
    const focused = items[focusIndex];
    const center =
      focused && document.activeElement === focused.node ? (focused.x0 + focused.x1) / 2 : width / 2;
    plot.call(zoomer.scaleBy, factor, [center, 0]);
  }
  function reset() {
    plot.call(zoomer.transform, zoomIdentity);
  }

  /** Draws a model: `events` in chronological order, the gap report and the histogram. */
  function draw({ events, gaps, histogramData }) {
    width = plotElement.parentElement.clientWidth;
    const extents = events.map((event) => extentOf(event.date));
    const allGaps = [...gaps.data];
    if (gaps.since_last && !allGaps.some((g) => g.open)) allGaps.push(gaps.since_last);
    gapSpans = allGaps.map((g) => ({
      gap: g,
      start: dayStart(g.certain.start),
      end: dayStart(g.certain.end),
      possibleStart: dayStart(g.possible.start),
      possibleEnd: dayStart(g.possible.end),
      longest: Boolean(
        gaps.longest &&
          g.certain.start === gaps.longest.certain.start &&
          g.certain.end === gaps.longest.certain.end,
      ),
    }));
    base = scaleUtc()
      .domain(domainOf(extents, gapSpans, dayStart(gaps.as_of)))
      .range([MARGIN, width - MARGIN]);
    x = base;

    // Rows from the marks' widths on the whole timeline.
    const sized = extents.map((e) => {
      const x0 = e.possibleStart === null ? MARGIN : x(e.possibleStart);
      const x1 = e.possibleEnd === null ? width - MARGIN : x(e.possibleEnd);
      return { x0: e.shape === 'day' ? x0 - MARK_H / 2 : x0, x1: e.shape === 'day' ? x0 + MARK_H / 2 : x1 };
    });
    // Room for each label where that keeps the chart short; dense timelines pack marks alone.
    const withLabels = sized.map((size, i) => ({
      x0: size.x0,
      x1: size.x1 + 4 + markText(events[i], lang).length * CHAR_W,
    }));
    let rows = packRows(withLabels, MARK_H, 8);
    if (Math.max(0, ...rows) >= 24) rows = packRows(sized, MARK_H, 6);
    const rowCount = rows.length === 0 ? 1 : Math.max(...rows) + 1;
    height = ROWS_Y + rowCount * ROW_H + 8;
    plot.attr('width', width).attr('height', height);
    plot.select('title').text(labels.chartLabel(events.length));
    histogram.attr('width', width);
    zoomer
      .extent([
        [MARGIN, 0],
        [width - MARGIN, height],
      ])
      .translateExtent([
        [MARGIN, 0],
        [width - MARGIN, height],
      ])
      .scaleExtent([1, Math.max(2, (base.domain()[1] - base.domain()[0]) / DAY_MS / 4)]);
    plotElement.__zoom = zoomIdentity;

    shadeLayer
      .selectAll('rect')
      .data(gapSpans.filter((g) => g.end && g.start))
      .join('rect')
      .attr('class', (g) => `gap-shade${g.gap.open ? ' open' : ''}`)
      .attr('y', ROWS_Y - 4);
    gapLayer
      .selectAll('g.gap')
      .data(gapSpans)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect').attr('class', 'gap-possible').attr('y', GAP_Y).attr('height', GAP_H);
        g.append('rect')
          .attr('class', 'gap-certain')
          .attr('y', GAP_Y + 3)
          .attr('height', GAP_H - 6);
        g.append('text')
          .attr('y', GAP_Y + GAP_H + 9)
          .attr('text-anchor', 'middle');
        g.append('title');
        return g;
      })
      .attr('class', (g) => `gap${g.longest ? ' longest' : ''}${g.gap.open ? ' open' : ''}`)
      .attr('data-certain-days', (g) => g.gap.certain.days)
      .call((g) =>
        g.select('text').text((d) => (d.longest || d.gap.open ? labels.days(d.gap.certain.days) : '')),
      )
      .call((g) =>
        g
          .select('title')
          .text(
            (d) =>
              `${labels.gapCertain}: ${labels.days(d.gap.certain.days)} (${d.gap.certain.start} – ${d.gap.certain.end})`,
          ),
      );

    const marks = eventLayer
      .selectAll('g.event')
      .data(
        events.map((event, i) => ({ event, extent: extents[i], row: rows[i] })),
        (d) => d.event.id,
      )
      .join('g')
      .attr('class', (d) =>
        [
          'event',
          `shape-${d.extent.shape}`,
          `precision-${d.event.date.precision}`,
          `status-${d.event.status}`,
          d.event.date.approximate ? 'approximate' : '',
          d.event.date.uncertain ? 'uncertain' : '',
          d.extent.openEnd || d.extent.openStart ? 'open' : '',
          d.extent.unknownEnd || d.extent.unknownStart ? 'unknown' : '',
        ]
          .filter(Boolean)
          .join(' '),
      )
      .attr('data-id', (d) => d.event.id)
      .attr('role', 'button')
      .attr('tabindex', '-1')
      .attr('aria-label', (d) => spokenText(d.event, lang, labels))
      .attr('transform', (d) => `translate(0,${d.row * ROW_H})`)
      .on('click', (event, d) => {
        focusAt(items.findIndex((item) => item.event === d.event));
        onOpen(d.event, event.currentTarget);
      });
    marks.selectAll('*').remove();
    items = [];
    marks.each(function build(d) {
      const g = select(this);
      const e = d.extent;
      const hit = g
        .append('rect')
        .attr('class', 'hit')
        .attr('y', -4)
        .attr('height', MARK_H + 8);
      let shape;
      let core = null;
      let arrow = null;
      if (e.shape === 'day') {
        shape = g
          .append('path')
          .attr('class', 'mark')
          .attr('d', `M0,${-MARK_H / 2}L${MARK_H / 2},0L0,${MARK_H / 2}L${-MARK_H / 2},0Z`);
      } else {
        const fade = e.unknownEnd ? ' fade-right' : e.unknownStart ? ' fade-left' : '';
        shape = g
          .append('rect')
          .attr('class', `mark ${e.shape === 'interval' ? 'possible' : 'band'}${fade}`)
          .attr('y', 0)
          .attr('height', MARK_H);
        if (e.shape === 'interval' && e.hasCore) {
          core = g
            .append('rect')
            .attr('class', 'mark core')
            .attr('y', 2)
            .attr('height', MARK_H - 4);
          if (fade) core.attr('fill', fade);
        }
        if (e.openEnd || e.openStart)
          arrow = g.append('path').attr('class', 'arrow').attr('d', 'M0,-7L9,0L0,7Z');
      }
      const text = markText(d.event, lang);
      const label = g
        .append('text')
        .attr('class', 'label')
        .attr('y', MARK_H - 2)
        .text(text);
      items.push({
        event: d.event,
        extent: e,
        node: this,
        shape,
        core,
        arrow,
        label,
        hit,
        row: d.row,
        text,
        shown: null,
        x0: 0,
        x1: 0,
        next: null,
      });
    });
    // The next mark of each row: a label yields to it.
    const lastOfRow = new Map();
    for (const item of items) {
      const previous = lastOfRow.get(item.row);
      if (previous) previous.next = item;
      lastOfRow.set(item.row, item);
    }
    focusIndex = Math.min(focusIndex, Math.max(0, items.length - 1));
    for (const [i, item] of items.entries())
      item.node.setAttribute('tabindex', i === focusIndex ? '0' : '-1');

    buckets = (histogramData?.data ?? []).map((b) => ({
      ...b,
      startDate: dayStart(b.start),
      endDate: dayEnd(b.end),
    }));
    histogram
      .selectAll('rect.bar')
      .data(buckets)
      .join('rect')
      .attr('class', 'bar')
      .call((r) => r.selectAll('title').remove())
      .append('title')
      .text((b) => `${b.bucket}: ${b.count}`);
    histogram.selectAll('rect.bar-certain').data(buckets).join('rect').attr('class', 'bar-certain');
    place();
  }

  return { draw, focusAt, zoomBy, reset, span: () => base.domain() };
}
