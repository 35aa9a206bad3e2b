// The interactions this page starts and the bot's answers to them, followed as Discord's
// client follows them: the bot has 3 s to answer, else the person is told so.

// Discord gives a bot 3 s to answer an interaction, then tells the person it did not.
const ANSWER_WINDOW_MS = 3000;
// Answers that came before the call that caused them returned (a fast bot), and
// answers to interactions of other pages; only the latest few are worth keeping.
const EARLY_ANSWERS_KEPT = 100;

export class Answers {
  /**
   * `onLate()` tells the person the bot did not answer in time; `onAnswer(id, answer)`
   * gets each answer (SANDBOX_INTERACTION_RESPONSE data) to this page's interactions.
   */
  constructor({ onLate, onAnswer }) {
    this.onLate = onLate;
    this.onAnswer = onAnswer;
    this.awaiting = new Map();  // interaction id -> timer
    this.early = new Map();     // interaction id -> answer
  }

  /** Wait for an interaction call ({id}); warn if the bot does not answer it in time. */
  async watch(promise) {
    const { id } = await promise;
    if (this.early.has(id)) {
      const answer = this.early.get(id);
      this.early.delete(id);
      this.onAnswer(id, answer);
      return;
    }
    this.awaiting.set(id, setTimeout(() => {
      this.awaiting.delete(id);
      this.onLate();
    }, ANSWER_WINDOW_MS));
  }

  /** The sandbox's own event: the bot answered interaction `interaction_id`. */
  answered(d) {
    const id = d.interaction_id;
    if (this.awaiting.has(id)) {
      clearTimeout(this.awaiting.get(id));
      this.awaiting.delete(id);
      this.onAnswer(id, d);
      return;
    }
    this.early.set(id, d);
    if (this.early.size > EARLY_ANSWERS_KEPT) this.early.delete(this.early.keys().next().value);
  }
}
