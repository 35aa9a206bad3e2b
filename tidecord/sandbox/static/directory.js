// How the open guild's names read on the page, and the names a person types: mentions
// drawn with nicknames and role colours, mentions typed in slash command options
// resolved to ids, and what "@" and "#" offer in the composer (in a DM, its two people).

import { cssColor, displayName } from "./dom.js";
import { textChannels } from "./sidebar.js";

const DM = 1;  // a direct message channel's type

/** `view` is the page's {guildId, channelId}, read at each call. */
export function directory(store, view) {
  /** How mentions and names are shown: nicknames and role colours of the guild. */
  const names = {
    user(id) {
      const user = store.users.get(id);
      return user ? displayName(user, store.member(view.guildId, id)) : null;
    },
    channel(id) {
      return store.channels.get(id)?.name ?? null;
    },
    role(id) {
      return store.guilds.get(view.guildId)?.roles?.find((role) => role.id === id) ?? null;
    },
    /** The colour of the member's highest coloured role, as CSS. */
    colorStyle(userId, member = store.member(view.guildId, userId)) {
      const roles = store.guilds.get(view.guildId)?.roles || [];
      const colored = roles
        .filter((role) => role.color && (member?.roles || []).includes(role.id))
        .sort((a, b) => b.position - a.position)[0];
      return colored ? `color:${cssColor(colored.color)}` : null;
    },
  };

  /** Mentions typed in slash command options, to ids. */
  const resolve = {
    user(text) {
      const id = /^<@!?(\d+)>$/.exec(text)?.[1];
      if (id) return id;
      const wanted = text.replace(/^@/, "").toLowerCase();
      const members = [...(store.members.get(view.guildId)?.values() || [])];
      const found = members.find((m) => [m.user.username, m.user.global_name, m.nick]
        .some((name) => name && name.toLowerCase() === wanted));
      return found ? found.user.id : null;
    },
    channel(text) {
      const id = /^<#(\d+)>$/.exec(text)?.[1];
      if (id) return id;
      const wanted = text.replace(/^#/, "");
      return [...store.channels.values()].find((c) => c.guild_id === view.guildId
        && c.name === wanted)?.id ?? null;
    },
    role(text) {
      const id = /^<@&(\d+)>$/.exec(text)?.[1];
      if (id) return id;
      const wanted = text.replace(/^@/, "");
      return store.guilds.get(view.guildId)?.roles?.find((r) => r.name === wanted)?.id ?? null;
    },
  };

  /** Who and what "@" and "#" offer where the person is (see mentions.js). */
  function mentionables() {
    const user = (u, member) => ({ id: u.id, name: displayName(u, member),
      username: u.username, user: u });
    if (store.channels.get(view.channelId)?.type === DM) {
      return { users: [store.person, store.bot].filter(Boolean).map((u) => user(u)),
        roles: [], channels: [] };
    }
    return {
      users: [...(store.members.get(view.guildId)?.values() || [])]
        .map((m) => user(m.user, m)),
      roles: (store.guilds.get(view.guildId)?.roles || [])
        .filter((r) => r.id !== view.guildId).map((r) => ({ id: r.id, name: r.name })),
      channels: textChannels(store, view.guildId).map((c) => ({ id: c.id, name: c.name })),
    };
  }

  return { names, resolve, mentionables };
}
