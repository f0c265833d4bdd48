import { loadEvent } from './api.js';
import { pick } from './i18n.js';

// The detail panel: one event as /v1/events/{id} gives it, with its text, participants, quotes and sources.

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value != null) node.setAttribute(name, value);
  for (const child of children) if (child != null) node.append(child);
  return node;
}

/** The name of a quoted actor when it takes part in the event, else its id. */
function speaker(event, actorId) {
  const participant = event.participants.find((p) => p.actor.id === actorId);
  return participant ? pick(participant.actor.name, currentLang) : actorId;
}
let currentLang = 'en';

export function createDetail({ panel, body, closeButton, lang, labels }) {
  currentLang = lang;
  let returnFocus = null;
  let shown = null;

  function close() {
    panel.hidden = true;
    shown = null;
    document.body.classList.remove('detail-open');
    returnFocus?.focus();
  }
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });

  function render(event) {
    const summary = pick(event.summary, lang);
    const facts = element('dl', { class: 'facts' });
    const fact = (term, value) => value && facts.append(element('dt', {}, term), element('dd', {}, value));
    fact(labels.dateLabel, `${pick(event.date.display, lang)} (${event.date.edtf})`);
    fact(labels.statusLabel, labels.status[event.status] ?? event.status);
    if (event.location) {
      fact(labels.location, [event.location.name, event.location.country].filter(Boolean).join(', '));
    }
    if (event.participants.length > 0) {
      fact(
        labels.participants,
        event.participants.map((p) => `${pick(p.actor.name, lang)} (${p.role})`).join(', '),
      );
    }
    if (event.tags.length > 0) fact(labels.tags, event.tags.join(', '));

    const sources = element('ol', { class: 'sources' });
    for (const source of event.sources) {
      const title = source.url
        ? element('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank' }, source.title)
        : element('cite', {}, source.title);
      const meta = [source.publisher, source.published && `${labels.published} ${source.published}`]
        .filter(Boolean)
        .join(', ');
      sources.append(
        element(
          'li',
          {},
          title,
          meta ? element('span', { class: 'meta' }, ` — ${meta}`) : null,
          source.quote
            ? element(
                'blockquote',
                { lang: source.lang ?? null },
                source.quote,
                source.quoted_actor
                  ? element('footer', {}, `— ${speaker(event, source.quoted_actor)}`)
                  : null,
              )
            : null,
        ),
      );
    }
    body.replaceChildren(
      element('h2', { id: 'detail-title' }, pick(event.title, lang)),
      summary ? element('p', { class: 'summary' }, summary) : null,
      facts,
      event.sources.length > 0 ? element('h3', {}, labels.sources) : null,
      event.sources.length > 0 ? sources : null,
    );
  }

  /** Opens the panel on an event (a list entry's data, then the full event) and moves focus into it. */
  async function open(event, opener) {
    returnFocus = opener;
    shown = event.id;
    render(event);
    panel.hidden = false;
    document.body.classList.add('detail-open');
    body.focus();
    const full = await loadEvent(event.id);
    if (shown === event.id) render(full);
  }

  return { open, close };
}
