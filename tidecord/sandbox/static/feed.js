// The live feed: every dispatch of the sandbox as {"t": EVENT, "d": payload} over a
// WebSocket at /_sandbox/feed. Reconnects with backoff when dropped, and says so, so the
// page can resynchronise (events sent while it was away are not replayed).

const MIN_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

export class Feed {
  /**
   * onEvent(t, d) gets each dispatch; onStatus(state) gets "connecting", "open" or
   * "closed"; onOpen() runs on every (re)connection, before the first event.
   */
  constructor({ onEvent, onStatus, onOpen }) {
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.onOpen = onOpen;
    this.delay = MIN_DELAY_MS;
    this.socket = null;
    this.timer = null;
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}/_sandbox/feed`;
  }

  connect() {
    this.onStatus("connecting");
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.delay = MIN_DELAY_MS;
      this.onStatus("open");
      this.onOpen();
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        console.warn("feed: undecodable frame", error);
        return;
      }
      if (frame && frame.t) this.onEvent(frame.t, frame.d);
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.onStatus("closed");
      this.timer = setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    });
  }
}
