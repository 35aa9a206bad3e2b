// The bot's health, as the bot itself reports it: a chip in the chat header (the event
// loop's lag now) and a panel it opens: lag, the last stalls with their file:line and
// what to write instead, REST calls failing or waiting on rate limits. A tidecord bot
// publishes these reports when `tidecord run` runs it here (tidecord/metrics/publish.py;
// the sandbox keeps the latest, sandbox/bot_health.py). Other bots never report: the
// chip stays hidden.

import { append, formatTimestamp, h } from "./dom.js";

// A report older than this means the bot stopped reporting (stopped, or stuck).
const STALE_MS = 5000;
const SLOW_LAG_S = 0.05;

const ms = (seconds) => `${Math.round(seconds * 1000)} ms`;

export class HealthPanel {
  /** `chip`: the header button; `panel`: the panel element it opens. */
  constructor(chip, panel) {
    this.chip = chip;
    this.panel = panel;
    this.report = null;
    this.receivedAt = 0;  // this page's clock when the report arrived
    this.seenStalls = 0;  // stalls already shown to the person
    chip.addEventListener("click", () => this.toggle());
    // The chip turns stale on its own when the reports stop coming.
    setInterval(() => this.renderChip(), 1000);
  }

  /** A report (from the feed, or GET /_sandbox/health on load; null: none yet). */
  update(report) {
    if (!report || typeof report !== "object" || !report.loop) return;
    // Stalls from before the page opened are not news: the badge counts the ones after.
    if (!this.report) this.seenStalls = report.loop.stalls || 0;
    this.report = report;
    this.receivedAt = Date.now();
    if (!this.panel.hidden) this.seenStalls = report.loop.stalls || 0;
    this.renderChip();
    if (!this.panel.hidden) this.renderPanel();
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    this.chip.setAttribute("aria-expanded", String(open));
    if (open) {
      this.seenStalls = this.report?.loop?.stalls || 0;
      this.renderPanel();
    }
    this.renderChip();
  }

  get stale() {
    return !this.report || Date.now() - this.receivedAt > STALE_MS;
  }

  renderChip() {
    const loop = this.report?.loop;
    this.chip.hidden = !loop;
    if (!loop) return;
    const stalls = loop.stalls || 0;
    let level = "ok";
    let text = `loop ${ms(loop.lag_now_s || 0)}`;
    if (this.stale) {
      level = "stale";
      text = "no health report";
    } else if (!loop.watching) {
      level = "off";
      text = "loop: not watched";
    } else if ((loop.lag_now_s || 0) >= (loop.threshold_s || 0.1)) {
      level = "stalled";
    } else if ((loop.lag_now_s || 0) >= SLOW_LAG_S) {
      level = "slow";
    }
    const fresh = stalls - this.seenStalls;
    this.chip.dataset.level = level;
    this.chip.dataset.newStalls = String(Math.max(fresh, 0));
    this.chip.replaceChildren();
    append(this.chip, [h("span", { class: "health-dot", "aria-hidden": "true" }), text,
      fresh > 0 ? h("span", { class: "health-badge" }, `${fresh} stall${fresh > 1 ? "s" : ""}`)
        : null]);
    this.chip.title = "The bot's event loop, as the bot reports it: click for its stalls "
      + "and REST calls";
  }

  renderPanel() {
    const report = this.report;
    if (!report) {
      this.panel.replaceChildren(header(null, () => this.toggle(false)),
        h("p", { class: "health-empty" }, "No health report yet."));
      return;
    }
    this.panel.replaceChildren(
      header(report, () => this.toggle(false)),
      loopSection(report.loop),
      stallsSection(report.loop.recent || []),
      restSection(report.rest || {}),
    );
  }
}

function header(report, close) {
  const when = report ? `reported ${formatTimestamp(new Date(report.at * 1000).toISOString())}`
    : "";
  return h("header", { class: "health-header" },
    h("strong", {}, report?.bot ? `${report.bot}: health` : "Bot health"),
    h("span", { class: "health-when" }, when),
    h("button", { class: "health-close", type: "button", "aria-label": "Close", onclick: close },
      "✕"));
}

function loopSection(loop) {
  const lag = loop.lag_s || {};
  const rows = loop.watching
    ? [["lag now", ms(loop.lag_now_s || 0)], ["lag p99", ms(lag.p99 || 0)],
      ["stalls", `${loop.stalls || 0} (over ${ms(loop.threshold_s || 0.1)})`],
      ["blocked in all", ms(loop.blocked_s || 0)]]
    : [["watchdog", "off (Client(loop_watchdog=False))"]];
  return h("section", { class: "health-section health-loop" },
    h("h3", {}, "Event loop"),
    h("dl", { class: "health-figures" }, rows.map(([name, value]) =>
      [h("dt", {}, name), h("dd", { dataset: { figure: name } }, value)])));
}

function stallsSection(stalls) {
  const items = [...stalls].reverse().map((stall) => h("li", { class: "health-stall" },
    h("div", { class: "health-stall-head" },
      h("strong", {}, ms(stall.duration_s || 0)),
      stall.handler ? [" in ", h("code", {}, stall.handler)] : null,
      stall.site ? [" at ", h("code", { class: "health-site" }, stall.site)] : null,
      stall.overloaded ? h("span", { class: "health-note" }, " (machine overloaded)") : null),
    stall.line ? h("pre", { class: "health-line" }, stall.line) : null,
    stall.advice ? h("p", { class: "health-advice" }, codeSpans(stall.advice.text)) : null));
  return h("section", { class: "health-section" },
    h("h3", {}, "Last stalls"),
    items.length ? h("ol", { class: "health-stalls" }, items)
      : h("p", { class: "health-empty" }, "None: nothing blocked the event loop."));
}

/** "use `await x`" -> ["use ", <code>await x</code>]: the advice's code, set as code. */
function codeSpans(text) {
  return String(text).split("`").map((part, i) => (i % 2 ? h("code", {}, part) : part));
}

function restSection(rest) {
  const failing = rest.failing || [];
  const scopes = Object.entries(rest.ratelimited || {});
  const last = rest.last_wait;
  return h("section", { class: "health-section health-rest" },
    h("h3", {}, "REST calls"),
    failing.length
      ? h("ul", { class: "health-failing" }, failing.map((call) => h("li", {
        dataset: { status: String(call.status) } },
      h("code", {}, call.route), " ",
      h("strong", {}, call.status === 0 ? "no response" : String(call.status)),
      ` ×${call.count}`)))
      : h("p", { class: "health-empty" }, "None failing."),
    h("p", { class: "health-waits" },
      scopes.length ? `429s: ${scopes.map(([scope, n]) => `${n} (${scope})`).join(", ")}. `
        : "No 429s. ",
      `Waited ${ms(rest.ratelimit_wait_s || 0)} for rate limits in all`,
      last ? [", the last time ", h("code", {}, last.route),
        ` for ${ms(last.seconds)}.`] : "."));
}
