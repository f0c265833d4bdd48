// Live updates: when the service has the change stream, an open page re-reads its view after a change.
// The document says whether the stream exists, so a service without it costs no failed request.

/** Calls `onChange` (at most once a second) after changes; returns a function that stops listening. */
export async function subscribeToChanges(onChange) {
  if (typeof EventSource === 'undefined') return () => {};
  const document = await fetch('/openapi.json')
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);
  if (!document?.paths?.['/v1/changes/stream']) return () => {};
  const source = new EventSource('/v1/changes/stream');
  let timer = null;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 1000);
  };
  source.addEventListener('message', changed);
  source.addEventListener('change', changed);
  return () => source.close();
}
