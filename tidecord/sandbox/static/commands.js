// Slash commands typed in the composer: which registered commands match what is typed,
// and turning "/name sub key:value rest" into the interaction's options.

export const OPTION = {
  SUB_COMMAND: 1, SUB_COMMAND_GROUP: 2, STRING: 3, INTEGER: 4, BOOLEAN: 5, USER: 6,
  CHANNEL: 7, ROLE: 8, MENTIONABLE: 9, NUMBER: 10, ATTACHMENT: 11,
};

const TYPE_NAMES = { 3: "text", 4: "integer", 5: "true/false", 6: "user", 7: "channel",
  8: "role", 9: "mention", 10: "number", 11: "file" };

/** Slash commands (type 1) whose name starts with what follows "/" (before any space). */
export function matchingCommands(commands, text) {
  if (!text.startsWith("/") || /\s/.test(text)) return [];
  const prefix = text.slice(1).toLowerCase();
  return commands.filter((command) => (command.type ?? 1) === 1
    && command.name.toLowerCase().startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The registered command a composer text invokes ("/name ..."), if any. */
export function commandFor(commands, text) {
  const match = /^\/([^\s]+)/.exec(text);
  if (!match) return null;
  return commands.find((c) => (c.type ?? 1) === 1 && c.name === match[1]) || null;
}

/**
 * "name: text (required)" hints for the options of a command; with the composer's
 * `text`, those of the subcommand (group) it names so far.
 */
export function optionHints(command, text = "") {
  let options = command.options || [];
  for (const word of text.split(/\s+/).slice(1)) {
    const sub = options.find((o) => o.name === word
      && (o.type === OPTION.SUB_COMMAND || o.type === OPTION.SUB_COMMAND_GROUP));
    if (!sub) break;
    options = sub.options || [];
  }
  return options.map((option) => ({
    name: option.name,
    type: TYPE_NAMES[option.type] || (option.type <= 2 ? "subcommand" : "value"),
    required: Boolean(option.required),
    description: option.description || "",
  }));
}

/** Split on spaces, keeping "quoted words" together. */
function tokenize(text) {
  const tokens = [];
  for (const match of text.matchAll(/(\w[\w-]*:)?"([^"]*)"|\S+/g)) {
    tokens.push(match[2] !== undefined ? `${match[1] || ""}${match[2]}` : match[0]);
  }
  return tokens;
}

/**
 * Parse "/name [group] [sub] key:value positional..." into interaction options.
 * `resolve` maps mentions to ids: {user(text), channel(text), role(text)} -> id or null,
 * and file() gives the index of the next file attached in the composer (or null): an
 * attachment option takes it, as {"$file": index}.
 * Throws Error with a message for the person when the input does not fit.
 */
export function parseInvocation(command, text, resolve) {
  const tokens = tokenize(text.replace(/^\/\S+\s*/, ""));
  const path = [];
  let options = command.options || [];
  // Walk into subcommand groups and subcommands named by the first words.
  const isSub = (o) => o.type === OPTION.SUB_COMMAND || o.type === OPTION.SUB_COMMAND_GROUP;
  while (options.some(isSub)) {
    const word = tokens.shift();
    const sub = options.find((o) => o.name === word);
    if (!sub) {
      throw new Error(`/${command.name} needs one of: ${options.map((o) => o.name).join(", ")}`);
    }
    path.push(sub);
    options = sub.options || [];
  }
  const values = parseValues(options, tokens, resolve);
  // Nest the leaf values inside their subcommand (and group) as Discord does.
  let nested = values;
  for (const sub of path.reverse()) nested = [{ name: sub.name, type: sub.type, options: nested }];
  return nested;
}

function parseValues(options, tokens, resolve) {
  const named = new Map();
  const positional = [];
  for (const token of tokens) {
    const match = /^([\w-]+):(.*)$/.exec(token);
    const option = match && options.find((o) => o.name === match[1]);
    if (option) named.set(option.name, match[2]);
    else positional.push(token);
  }
  // Attachment options take the composer's files, not words.
  const free = options.filter((o) => !named.has(o.name) && o.type !== OPTION.ATTACHMENT);
  free.forEach((option, index) => {
    if (!positional.length) return;
    // The last free text option takes the rest of the words.
    const last = index === free.length - 1 && option.type === OPTION.STRING;
    named.set(option.name, last ? positional.splice(0).join(" ") : positional.shift());
  });
  if (positional.length) throw new Error(`Too many values: ${positional.join(" ")}`);
  const result = [];
  for (const option of options) {
    if (option.type === OPTION.ATTACHMENT && !named.has(option.name)) {
      const index = resolve.file();
      if (index !== null) named.set(option.name, index);
    }
    if (!named.has(option.name)) {
      if (option.required && option.type === OPTION.ATTACHMENT) {
        throw new Error(`Attach a file for ${option.name} (with +), then send the command`);
      }
      if (option.required) throw new Error(`Missing required option: ${option.name}`);
      continue;
    }
    result.push({ name: option.name, type: option.type,
      value: convert(option, named.get(option.name), resolve) });
  }
  return result;
}

function convert(option, raw, resolve) {
  if (option.choices && option.choices.length) {
    const choice = option.choices.find((c) => String(c.value) === raw
      || c.name.toLowerCase() === raw.toLowerCase());
    if (!choice) {
      const names = option.choices.map((c) => c.name).join(", ");
      throw new Error(`${option.name} must be one of: ${names}`);
    }
    return choice.value;
  }
  switch (option.type) {
    case OPTION.INTEGER: {
      if (!/^-?\d+$/.test(raw)) throw new Error(`${option.name} must be a whole number`);
      return Number(raw);
    }
    case OPTION.NUMBER: {
      const value = Number(raw);
      if (raw === "" || Number.isNaN(value)) throw new Error(`${option.name} must be a number`);
      return value;
    }
    case OPTION.BOOLEAN: {
      const lowered = raw.toLowerCase();
      if (["true", "yes", "1", "on"].includes(lowered)) return true;
      if (["false", "no", "0", "off"].includes(lowered)) return false;
      throw new Error(`${option.name} must be true or false`);
    }
    case OPTION.USER: case OPTION.CHANNEL: case OPTION.ROLE: case OPTION.MENTIONABLE: {
      const kind = { 6: "user", 7: "channel", 8: "role", 9: "user" }[option.type];
      const id = resolve[kind](raw) || (option.type === OPTION.MENTIONABLE && resolve.role(raw));
      if (!id) throw new Error(`No ${kind} called ${raw}`);
      return id;
    }
    case OPTION.ATTACHMENT: {
      if (typeof raw !== "number") throw new Error(`Attach a file for ${option.name} (with +)`);
      return { $file: raw };
    }
    default:
      return raw;
  }
}

/**
 * The option the last word of "/name [sub] ... word" is filling in, for offering its
 * choices: {option, value (typed so far), from (where that value starts in `text`),
 * options ({name: typed text}, this one's included, nested in subcommands as the
 * control API takes them)}; null when no option is being typed.
 */
export function typingOption(command, text) {
  const head = /^\/\S+\s+/.exec(text);
  if (!head) return null;
  const words = text.slice(head[0].length).split(/\s+/);
  const last = words.pop();
  let options = command.options || [];
  const path = [];
  const isSub = (o) => o.type === OPTION.SUB_COMMAND || o.type === OPTION.SUB_COMMAND_GROUP;
  while (options.some(isSub)) {
    const sub = options.find((o) => o.name === words[0]);
    if (!sub) return null;
    words.shift();
    path.push(sub.name);
    options = sub.options || [];
  }
  const given = {};
  const positional = [];
  for (const word of words.filter(Boolean)) {
    const match = /^([\w-]+):(.*)$/.exec(word);
    if (match && options.some((o) => o.name === match[1])) given[match[1]] = match[2];
    else positional.push(word);
  }
  const free = options.filter((o) => !(o.name in given));
  positional.forEach((word, index) => { if (free[index]) given[free[index].name] = word; });
  const named = /^([\w-]+):(.*)$/.exec(last);
  let option = named && options.find((o) => o.name === named[1]);
  let value = option ? named[2] : last;
  if (!option) option = free[positional.length];
  if (!option || isSub(option)) return null;
  given[option.name] = value;
  let nested = given;
  for (const name of path.reverse()) nested = { [name]: nested };
  return { option, value, from: text.length - value.length, options: nested };
}
