// Right-click on a member or a message: its "Apps" menu, listing the bot's context
// menu commands (user commands on members, message commands on messages), as Discord's
// client does. Choosing one invokes it with that member or message as the target.

import { h } from "./dom.js";

const USER_COMMAND = 2;
const MESSAGE_COMMAND = 3;

let open = null;

function closeMenu() {
  if (open) open.remove();
  open = null;
}

function showMenu(event, title, commands, onChoose, emptyText) {
  closeMenu();
  event.preventDefault();
  const items = commands.length
    ? commands.map((command) => h("button", { type: "button", class: "apps-menu-item",
      role: "menuitem", onclick: () => { closeMenu(); onChoose(command); } }, command.name))
    : [h("div", { class: "apps-menu-empty" }, emptyText)];
  const menu = h("div", { class: "apps-menu", role: "menu", "aria-label": title },
    h("div", { class: "apps-menu-title" }, title), items);
  menu.style.left = `${Math.min(event.clientX, window.innerWidth - 220)}px`;
  menu.style.top = `${Math.min(event.clientY, window.innerHeight - 40 - 32 * items.length)}px`;
  document.body.append(menu);
  open = menu;
  menu.querySelector(".apps-menu-item")?.focus();
}

/**
 * Listen for right-clicks in `messages` (an element holding article[data-message-id])
 * and `members` (.member[data-user-id]). `commands()` gives the registered commands;
 * `invoke(command, targetId)` uses one; `botName()` names the bot in empty menus.
 */
export function installAppsMenu({ messages, members }, { commands, invoke, botName }) {
  const pick = (type) => commands().filter((c) => (c.type ?? 1) === type)
    .sort((a, b) => a.name.localeCompare(b.name));
  const empty = (kind) => `${botName()} has no ${kind} commands (Apps) yet`;
  messages.addEventListener("contextmenu", (event) => {
    const article = event.target.closest("article[data-message-id]");
    if (!article) return;
    showMenu(event, "Apps", pick(MESSAGE_COMMAND),
      (command) => invoke(command, article.dataset.messageId), empty("message"));
  });
  members.addEventListener("contextmenu", (event) => {
    const member = event.target.closest("[data-user-id]");
    if (!member) return;
    showMenu(event, "Apps", pick(USER_COMMAND),
      (command) => invoke(command, member.dataset.userId), empty("user"));
  });
  document.addEventListener("mousedown", (event) => {
    if (open && !open.contains(event.target)) closeMenu();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeMenu();
  });
}
