// The live connection: GET /api/v1/events through EventSource, which sends
// the cookie that login set. EventSource reconnects by itself after a dropped
// connection. When the server rejects it, because the token expired or was
// revoked, it stops, and onClosed decides whether to log in again.

/** Event kinds the server sends; "lagged" means some were dropped. */
export const kinds = ['alarm', 'daily', 'health', 'reading', 'lagged'];

/**
 * Opens the stream. onEvent(kind, event) receives each event's data line
 * ({kind, time, division, data}), onState('connecting' | 'open' | 'error')
 * the connection's state and onClosed() a stream the server rejected.
 * Returns a function that closes it.
 */
export function connect({ onEvent, onState, onClosed }) {
  let source = null;
  let stopped = false;
  let retry = null;

  function open() {
    onState('connecting');
    source = new EventSource('/api/v1/events');
    source.onopen = () => onState('open');
    source.onerror = () => {
      onState('error');
      if (source.readyState === EventSource.CLOSED && !stopped) {
        source = null;
        onClosed(() => { retry = setTimeout(open, 5000); });
      }
    };
    for (const kind of kinds) {
      source.addEventListener(kind, (m) => {
        let e;
        try {
          e = JSON.parse(m.data);
        } catch {
          return;
        }
        onEvent(kind, e);
      });
    }
  }

  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    if (source) {
      source.close();
    }
  };
}
