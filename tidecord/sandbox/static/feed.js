// The live feed: every dispatch of the sandbox as {"t": EVENT, "d": payload} over a
// WebSocket at /_sandbox/feed. Reconnects with backoff when dropped, and says so, so the
// page can resynchronise (events sent while it was away are not replayed).

const MIN_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;
const GOING_AWAY = 1001;  // the sandbox closes the feed with this code when it stops

export class Feed {
  /**
   * onEvent(t, d) gets each dispatch; onStatus(state) gets "connecting", "open",
   * "closed" (dropped, reconnecting), "stopped" (the sandbox said it stops) or
   * "unreachable" (nothing answers at the page's address); onOpen() runs on every
   * (re)connection, before the first event.
   */
  constructor({ onEvent, onStatus, onOpen }) {
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.onOpen = onOpen;
    this.delay = MIN_DELAY_MS;
    this.socket = null;
    this.timer = null;
    this.state = null;
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}/_sandbox/feed`;
  }

  setState(state) {
    this.state = state;
    this.onStatus(state);
  }

  connect() {
    // After a stop, keep saying so while retrying: "connecting" would hide it.
    if (this.state !== "stopped" && this.state !== "unreachable") this.setState("connecting");
    const socket = new WebSocket(this.url());
    this.socket = socket;
    let opened = false;
    socket.addEventListener("open", () => {
      opened = true;
      this.delay = MIN_DELAY_MS;
      this.setState("open");
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
    socket.addEventListener("close", (event) => {
      if (this.socket !== socket) return;
      if (event.code === GOING_AWAY) this.setState("stopped");
      else if (!opened && this.state !== "stopped") this.setState("unreachable");
      else if (opened) this.setState("closed");
      this.timer = setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    });
  }
}
