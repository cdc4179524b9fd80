"""Slash commands: shortcuts to the same answers as plain language, plus /settings."""
from __future__ import annotations

from collections.abc import Callable

from bot.dialogue import files
from bot.dialogue.plans import Plan
from bot.dialogue.replies import Reply
from bot.dialogue.turn import Turn
from crm.services.owners import SETTINGS, update_settings

COMMANDS: dict[str, tuple[str, str]] = {
    # command: (intent it stands for, description shown in menus and /help)
    "start": ("help", "Start and see what I can do"),
    "help": ("help", "Examples of what to type"),
    "today": ("query_followups", "Today's digest: follow-ups due, newly at risk, birthdays"),
    "week": ("query_week", "The weekly summary: revenue, customers, CLV, loyalty"),
    "atrisk": ("query_at_risk", "Customers who may be slipping away"),
    "top": ("query_top", "Top customers"),
    "sales": ("query_sales", "Sales this month"),
    "undo": ("undo", "Undo the last change"),
    "settings": ("settings", "Time zone, digest time, weekly day, quiet digest, currency"),
    "export": ("export", "Your data as CSV files"),
    "backup": ("backup", "A backup of your business (send it back to restore)"),
}
SETTING_ALIASES = {"tz": "timezone", "zone": "timezone", "region": "phone_region", "name": "display_name",
                   "digest": "digest_time", "time": "digest_time", "weekly": "weekly_day", "quiet": "quiet_digest"}


def run(turn: Turn, text: str, dispatch: Callable[[Turn, Plan], Reply]) -> Reply:
    name, _, rest = text[1:].partition(" ")
    name = name.split("@")[0].lower()  # "/top@SoloCrmBot" in group chats
    if name not in COMMANDS:
        return Reply(f"I don't know /{name}. " + "Commands: " + " ".join(f"/{c}" for c in COMMANDS))
    intent = COMMANDS[name][0]
    if intent == "settings":
        return settings(turn, rest.strip())
    if intent in ("export", "backup"):  # files, read in a session of their own
        return (files.export if intent == "export" else files.backup)(turn.session.get_bind(), turn.owner_id)  # type: ignore[arg-type]
    return dispatch(turn, {"intent": intent})


def settings(turn: Turn, args: str) -> Reply:
    """`/settings` shows them; `/settings timezone Europe/Berlin` changes one."""
    if args:
        key, _, value = args.partition(" ")
        key = SETTING_ALIASES.get(key.lower(), key.lower())
        if not value.strip():
            return Reply(f"Give a value too, e.g. /settings {key} …")
        update_settings(turn.session, turn.owner_id, **{key: value})
    owner = turn.owner
    shown = "\n".join(f"• {k}: {getattr(owner, k)}" for k in SETTINGS)
    return Reply(f"Your settings:\n{shown}\nChange one with e.g. “/settings timezone Europe/Berlin”.")
