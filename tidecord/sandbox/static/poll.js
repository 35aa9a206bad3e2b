// A message's poll as Discord's client draws it: the question, its answers to pick
// (one, or several when the poll allows it) and a Vote button; once one has voted, or
// the poll has closed, each answer's share of the votes, one's own ticked.

import { emojiFace, h } from "./dom.js";

/** "3h left", "12m left", or "Poll closed" once it ended. */
function timeLeft(poll) {
  if (poll.results?.is_finalized) return "Poll closed";
  const ms = new Date(poll.expiry) - Date.now();
  if (!(ms > 0)) return "Poll closed";
  const minutes = Math.ceil(ms / 60000);
  if (minutes < 60) return `${minutes}m left`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours}h left` : `${Math.round(hours / 24)}d left`;
}

/**
 * `voters` maps answer ids (strings) to Sets of user ids, or is null when who voted is
 * unknown (the counts of `poll.results` are shown then); `onVote(answerIds)` casts the
 * person's votes (an empty list takes them back).
 */
export function renderPoll(message, voters, personId, onVote) {
  const poll = message.poll;
  if (!poll) return null;
  const answers = poll.answers || [];
  const counted = new Map((poll.results?.answer_counts || []).map((c) => [String(c.id), c]));
  const count = (id) => (voters ? voters.get(String(id))?.size || 0 : counted.get(String(id))?.count
    || 0);
  const mine = (id) => Boolean(voters?.get(String(id))?.has(personId));
  const closed = timeLeft(poll) === "Poll closed";
  const voted = answers.some((answer) => mine(answer.answer_id));
  const total = answers.reduce((sum, answer) => sum + count(answer.answer_id), 0);
  const showResults = closed || voted;
  const most = Math.max(0, ...answers.map((answer) => count(answer.answer_id)));
  const multiple = Boolean(poll.allow_multiselect);
  const voteButton = h("button", { type: "button", class: "button button-primary poll-vote",
    disabled: true }, "Vote");
  const rows = answers.map((answer) => {
    const id = String(answer.answer_id);
    const media = answer.poll_media || {};
    const label = [emojiFace(media.emoji), media.emoji ? " " : "", media.text || ""];
    if (showResults) {
      const share = total ? Math.round((count(id) * 100) / total) : 0;
      const winner = closed && count(id) === most && most > 0;
      return h("div", { class: `poll-answer result${mine(id) ? " mine" : ""}`
        + `${winner ? " winner" : ""}`, dataset: { answerId: id } },
      h("div", { class: "poll-bar", style: `width:${share}%` }),
      h("span", { class: "poll-label" }, label, mine(id) ? h("span",
        { class: "poll-check", title: "Your vote" }, " ✓") : null),
      h("span", { class: "poll-count" }, `${count(id)} vote${count(id) === 1 ? "" : "s"}`),
      h("span", { class: "poll-share" }, `${share}%`));
    }
    const input = h("input", { type: multiple ? "checkbox" : "radio",
      name: `poll-${message.id}`, value: id,
      onchange: () => {
        voteButton.disabled = !rows.some((row) => row.querySelector("input").checked);
      } });
    return h("label", { class: "poll-answer", dataset: { answerId: id } },
      h("span", { class: "poll-label" }, label), input);
  });
  voteButton.addEventListener("click", () => onVote(rows.map((row) => row.querySelector("input"))
    .filter((input) => input.checked).map((input) => Number(input.value))));
  return h("div", { class: "poll", role: "group", "aria-label": "Poll" },
    h("div", { class: "poll-question" }, poll.question?.text || ""),
    h("div", { class: "poll-hint" }, showResults ? "" : multiple ? "Select one or more answers"
      : "Select one answer"),
    h("div", { class: "poll-answers" }, rows),
    h("div", { class: "poll-footer" },
      h("span", { class: "poll-total" }, `${total} vote${total === 1 ? "" : "s"} • `
        + timeLeft(poll)),
      voted && !closed ? h("button", { type: "button", class: "poll-remove",
        onclick: () => onVote([]) }, "Remove Vote") : null,
      showResults ? null : voteButton));
}
