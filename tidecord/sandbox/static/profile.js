// The profile card a click on a member (or a message's author) opens, as Discord's:
// avatar and status, display name, username with the BOT tag, what they are doing,
// when they joined Discord and the server, and their roles in their colours.

import { avatar, botTag, cssColor, displayName, h } from "./dom.js";
import { openPopover } from "./popover.js";
import { statusDot } from "./sidebar.js";

const DISCORD_EPOCH_MS = 1420070400000n;
const DAY = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short",
  day: "numeric" });

/** When a snowflake was made: a user's account creation date. */
function createdAt(id) {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS));
}

/**
 * Open the card of `userId` (as a member of `guildId`) beside `anchor`; `side` as for
 * openPopover ("left" from the member list, "right" from a message).
 */
export function openProfile(anchor, store, guildId, userId, { side = "right" } = {}) {
  const user = store.users.get(userId);
  if (!user) return;
  const member = store.member(guildId, userId);
  const guild = store.guilds.get(guildId);
  const roles = (guild?.roles || [])
    .filter((role) => (member?.roles || []).includes(role.id))
    .sort((a, b) => b.position - a.position);
  const status = store.status(userId);
  const activity = store.activities(userId)[0];
  const color = getComputedColor(user);
  const card = h("div", { class: "profile-card", dataset: { userId, username: user.username } },
    h("div", { class: "profile-banner", style: `background:${color}` }),
    h("div", { class: "profile-avatar" }, avatar(user, "large"), statusDot(status)),
    h("div", { class: "profile-body" },
      h("div", { class: "profile-name" }, displayName(user, member)),
      h("div", { class: "profile-handle" }, h("span", { class: "profile-username" },
        user.username), botTag(user)),
      user.global_name && member?.nick ? h("div", { class: "profile-global" },
        user.global_name) : null,
      activity ? h("div", { class: "profile-activity" }, activity.type === 4
        ? activity.state || activity.name : `Playing ${activity.name}`) : null,
      h("section", { class: "profile-section" },
        h("h3", {}, "Member Since"),
        h("div", { class: "profile-dates" },
          h("span", { class: "profile-created", title: "Joined Discord" },
            `Discord: ${DAY.format(createdAt(userId))}`),
          member?.joined_at ? h("span", { class: "profile-joined", title:
            `Joined ${guild?.name || "the server"}` },
          `${guild?.name || "Server"}: ${DAY.format(new Date(member.joined_at))}`) : null)),
      roles.length ? h("section", { class: "profile-section" },
        h("h3", {}, roles.length === 1 ? "Role" : "Roles"),
        h("div", { class: "profile-roles" }, roles.map((role) => h("span", {
          class: "profile-role", dataset: { roleId: role.id, roleName: role.name } },
        h("span", { class: "role-dot", style: `background:${cssColor(role.color)
          || "#80848e"}` }),
        role.name)))) : null));
  openPopover(anchor, card, { side, label: `${displayName(user, member)}'s profile` });
}

/** The user's avatar colour, for the banner (the avatar is drawn in it). */
function getComputedColor(user) {
  const probe = avatar(user);
  return probe.style.background || "#5865f2";
}
