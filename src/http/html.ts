const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A text as HTML that shows it literally: for outputs a client renders as HTML (TimelineJS sets `headline`
 * and `text.text` as innerHTML), so that a stored `<img src=x onerror=…>` is shown, never run.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
