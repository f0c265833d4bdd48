const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

/**
 * A text as HTML element content that shows it literally: for outputs a client renders as HTML (TimelineJS
 * sets `headline` and `text.text` as innerHTML), so that a stored `<img src=x onerror=…>` is shown, never run.
 * Quotes are left as they are: the texts never go into an attribute, and "Italy's" stays readable to clients
 * that show the text without rendering it.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}
