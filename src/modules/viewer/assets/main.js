import { ApiError, eventsUrl, loadHistogram, loadSuggestions, loadTimeline } from './api.js';
import { createChart, markText, spokenText } from './chart.js';
import { dayStart, domainOf, extentOf } from './dates.js';
import { createDetail } from './detail.js';
import { chooseLanguage, labelsFor, pick } from './i18n.js';
import { subscribeToChanges } from './live.js';

performance.mark('viewer:start');
const apiLanguages = document.documentElement.dataset.languages.split(' ');
const $ = (id) => document.getElementById(id);

const pageParams = () => new URLSearchParams(location.search);
const lang = chooseLanguage(pageParams().get('lang'), navigator.languages ?? [], apiLanguages);
const labels = labelsFor(lang);
document.documentElement.lang = lang;

for (const node of document.querySelectorAll('[data-i18n]')) {
  const text = labels[node.dataset.i18n];
  if (typeof text === 'string') node.textContent = text;
}
for (const node of document.querySelectorAll('[data-i18n-label]')) {
  const text = labels[node.dataset.i18nLabel];
  if (typeof text === 'string') node.setAttribute('aria-label', text);
}
document.title = labels.heading;

const form = $('query');
const languageSelect = form.elements.lang;
for (const code of apiLanguages) languageSelect.append(new Option(code, code, false, code === lang));

function fillForm(params) {
  for (const name of ['actor', 'type', 'from', 'to', 'q'])
    form.elements[name].value = params.getAll(name).join(',');
}

// The form changes its own fields and keeps every other parameter of the query (status, temporal, …).
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const params = pageParams();
  for (const name of ['actor', 'type', 'from', 'to', 'q', 'lang']) {
    params.delete(name);
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  const query = params.toString();
  if (params.get('lang') !== lang) {
    location.search = query; // the labels change with the language: load the page again
    return;
  }
  history.pushState(null, '', query ? `?${query}` : location.pathname);
  show();
});
window.addEventListener('popstate', () => show());

const detail = createDetail({
  panel: $('detail'),
  body: $('detail-body'),
  closeButton: $('detail-close'),
  lang,
  labels,
});
const chart = createChart({
  plotElement: $('plot'),
  histogramElement: $('histogram'),
  lang,
  labels,
  onOpen: (event, opener) => detail.open(event, opener).catch(showProblem),
});

const number = new Intl.NumberFormat(lang);
const dayFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
const formatDay = (day) => (day ? dayFormat.format(dayStart(day)) : '…');

function showProblem(error) {
  const box = $('problem');
  box.hidden = false;
  const detailText = error instanceof ApiError ? error.message : String(error);
  const pointers =
    error instanceof ApiError ? (error.problem.errors ?? []).map((e) => e.pointer).join(', ') : '';
  box.textContent = `${labels.failed} ${detailText}${pointers ? ` (${pointers})` : ''}`;
}

function gapFacts(gaps) {
  const list = $('gap-facts');
  const row = (key, term, days, text) => {
    const dd = document.createElement('dd');
    dd.dataset.gap = key;
    if (days != null) dd.dataset.days = String(days);
    dd.textContent = text;
    const dt = document.createElement('dt');
    dt.textContent = term;
    return [dt, dd];
  };
  const { longest, since_last: sinceLast } = gaps;
  list.replaceChildren(
    ...row(
      'longest',
      labels.longest,
      longest?.certain.days,
      longest
        ? `${labels.days(number.format(longest.certain.days))} (${longest.duration.iso}), ${labels.span(formatDay(longest.certain.start), formatDay(longest.certain.end))}`
        : labels.none,
    ),
    ...row(
      'since-last',
      labels.sinceLast,
      sinceLast?.certain.days,
      sinceLast
        ? `${labels.days(number.format(sinceLast.certain.days))} (${sinceLast.duration.iso}), ${labels.span(formatDay(sinceLast.certain.start), formatDay(sinceLast.certain.end))}`
        : `${labels.none} (${labels.asOf(formatDay(gaps.as_of))})`,
    ),
    ...row('count', labels.gapCount, gaps.data.length, number.format(gaps.data.length)),
    ...row('events', labels.eventsConsidered, gaps.events_considered, number.format(gaps.events_considered)),
  );
}

function eventList(events) {
  const list = $('event-list');
  list.replaceChildren(
    ...events.map((event) => {
      const item = document.createElement('li');
      item.className = `status-${event.status}`;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'event-item';
      button.dataset.id = event.id;
      button.setAttribute('aria-label', spokenText(event, lang, labels));
      const date = document.createElement('span');
      date.className = 'date';
      date.textContent = pick(event.date.display, lang);
      const title = document.createElement('span');
      title.className = 'title';
      title.textContent = markText(event, lang);
      button.append(date, title);
      button.addEventListener('click', () => detail.open(event, button).catch(showProblem));
      item.append(button);
      return item;
    }),
  );
}

/** The histogram's bucket for a span: about 10 to 400 bars. */
function bucketFor([start, end]) {
  const days = (end - start) / 86_400_000;
  if (days > 3 * 366) return 'year';
  if (days > 120) return 'month';
  return 'day';
}

let generation = 0;
async function show({ quiet = false } = {}) {
  const mine = ++generation;
  const params = pageParams();
  fillForm(params);
  $('json-link').href = eventsUrl(params);
  $('problem').hidden = true;
  if (!quiet) $('status').textContent = labels.loading;
  document.body.dataset.rendered = 'false';
  try {
    const { events, gaps } = await loadTimeline(params);
    const span = domainOf(
      events.map((e) => extentOf(e.date)),
      [],
      dayStart(gaps.as_of),
    );
    const histogramData = await loadHistogram(params, bucketFor(span));
    if (mine !== generation) return;
    chart.draw({ events, gaps, histogramData });
    gapFacts(gaps);
    eventList(events);
    const peak = histogramData.data.reduce((a, b) => (b.count > (a?.count ?? -1) ? b : a), null);
    $('histogram-text').textContent = peak
      ? labels.histogram(histogramData.data.length, peak.count, peak.bucket)
      : '';
    $('status').textContent = quiet
      ? labels.updated
      : events.length === 0
        ? labels.noEvents
        : labels.shown(number.format(events.length), number.format(gaps.data.length));
    document.body.dataset.rendered = 'true';
    performance.mark('viewer:rendered');
  } catch (error) {
    if (mine !== generation) return;
    $('status').textContent = '';
    showProblem(error);
    document.body.dataset.rendered = 'error';
  }
}

$('zoom-in').addEventListener('click', () => chart.zoomBy(1.6));
$('zoom-out').addEventListener('click', () => chart.zoomBy(1 / 1.6));
$('zoom-reset').addEventListener('click', () => chart.reset());
let resizeTimer = null;
let lastWidth = window.innerWidth;
window.addEventListener('resize', () => {
  if (window.innerWidth === lastWidth) return;
  lastWidth = window.innerWidth;
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => show({ quiet: true }), 250);
});

await show();
loadSuggestions().then(({ actors, types }) => {
  $('actor-ids').replaceChildren(...actors.map((a) => new Option(pick(a.name, lang), a.id)));
  $('type-codes').replaceChildren(...types.map((t) => new Option(pick(t.label, lang), t.code)));
});
subscribeToChanges(() => show({ quiet: true }));
