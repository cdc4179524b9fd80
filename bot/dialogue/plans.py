"""A plan is the JSON form of a parse (`Parsed.to_json()`) plus what the conversation settled since
(`customer_id`, `create_customer`, `confirmed`, `date_ok`). Being plain JSON, it can wait in a
stored question across a restart. These helpers turn its fields into domain values.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from bot.dialogue.formatting import day
from bot.dialogue.turn import Turn
from bot.parsing.clauses import QUESTIONS
from crm.errors import NotFound
from crm.money import Money, format_money
from crm.services import customers

Plan = dict[str, Any]

WRITE_INTENTS = frozenset(
    {"log_order", "log_interaction", "add_followup", "complete_followup", "add_customer", "update_customer", "add_feedback"}
)
DATED_INTENTS = frozenset({"log_order", "log_interaction", "add_feedback"})
CONTACT_FIELDS = ("phone", "email", "city", "company", "birthday", "tags", "notes")
CONFIDENCE_TO_STORE = 0.6


def several(parsed: Plan) -> Plan:
    """A parse of several facts as a plan: the first fact, with the others waiting in "more". Each is
    checked and settled in turn (any may stop to ask), then all are stored as one operation. Several questions
    about the business are the first, with the others in "also_asked"."""
    records = parsed.pop("records", None)
    if records and len(records) > 1 and all(r["intent"] in QUESTIONS for r in records):
        return {**records[0], "also_asked": records[1:]}  # "who are my best customers and who am I losing?"
    if not records or len(records) < 2 or any(r["intent"] not in WRITE_INTENTS for r in records):
        return parsed
    return {**records[0], "more": records[1:]}


def next_fact(plan: Plan) -> Plan:
    """The next fact of a message, once `plan` (the current one) is settled. One about the same customer
    is settled the same way: "new customer Lars Holm ..., bought a print for 60" is about the Lars Holm
    that the first fact adds, and "Tom paid 120, call him next tuesday" about the Tom chosen for the first."""
    done = {k: v for k, v in plan.items() if k not in ("more", "settled")}
    following, *rest = plan["more"]
    if following.get("customer") and _same_name(following["customer"], plan.get("customer")):
        if plan.get("customer_id") and plan["intent"] != "add_customer":
            following = {**following, "customer_id": plan["customer_id"]}
        elif plan.get("create_customer") or plan["intent"] == "add_customer":
            following = {**following, "create_customer": True}
    return {**following, "more": rest, "settled": [*plan.get("settled", []), done]}


def _same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b) and " ".join(a.casefold().split()) == " ".join(b.casefold().split())  # type: ignore[union-attr]


def is_sure(plan: Plan) -> bool:
    """Whether the plan may be carried out without asking: read with confidence, or confirmed since."""
    return plan.get("confidence", 1.0) >= CONFIDENCE_TO_STORE or bool(plan.get("confirmed"))


def money_of(turn: Turn, plan: Plan) -> Money:
    return Money(Decimal(str(plan["amount"])), plan.get("currency") or turn.owner.currency)


def day_of(turn: Turn, plan: Plan) -> date:
    return date.fromisoformat(plan["date"]) if plan.get("date") else turn.today


def occurred_at(turn: Turn, plan: Plan) -> datetime:
    """When a logged thing happened: the stated time, now if today, else midday of that local day."""
    when = day_of(turn, plan)
    if plan.get("time"):
        return turn.at(when, time.fromisoformat(plan["time"]))
    return turn.now if when == turn.today else turn.at(when, time(12, 0))


def due_of(turn: Turn, plan: Plan) -> tuple[datetime, bool]:
    """(due_at, has_time): a stated minute in the owner's zone, else the start of the stated day
    (tomorrow when no day was given)."""
    raw = plan.get("due")
    if not raw:
        return turn.start_of(turn.today + timedelta(days=1)), False
    if "T" in raw:
        stamp = datetime.fromisoformat(raw)
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=turn.zone)), True
    return turn.start_of(date.fromisoformat(raw)), False


def due_day(turn: Turn, plan: Plan) -> date:
    return due_of(turn, plan)[0].astimezone(turn.zone).date()


def contact_fields(plan: Plan) -> dict[str, Any]:
    return {name: plan[name] for name in CONTACT_FIELDS if plan.get(name)}


KINDS = {"log_order": "an order", "log_interaction": "a contact", "add_feedback": "feedback", "add_followup": "a follow-up"}


def describe_kind(intent: str) -> str:
    return KINDS.get(intent, "that")


def _name_of(turn: Turn, customer_id: int | None) -> str | None:
    try:
        return customers.get_customer(turn.session, turn.owner_id, customer_id).name if customer_id else None
    except NotFound:  # removed since
        return None


def describe(turn: Turn, plan: Plan) -> str:
    """The plan in a few words, for "Is this right?" questions."""
    who = plan.get("customer") or _name_of(turn, plan.get("customer_id")) or "someone"  # "she wants ...": the one just logged
    intent = plan["intent"]
    if intent == "log_order":
        amount = format_money(money_of(turn, plan)) if plan.get("amount") is not None else "no amount"
        return f"an order from {who}, {amount}, {day(day_of(turn, plan), turn.today)}"
    if intent == "log_interaction":
        kind = plan.get("kind") or "contact"
        return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} with {who}, {day(day_of(turn, plan), turn.today)}"
    if intent == "add_followup":
        return f"a follow-up with {who} on {day(due_day(turn, plan), turn.today)}"
    if intent == "add_customer":
        return f"a new customer {who}"
    if intent == "update_customer" and plan.get("new_name"):
        return f"renaming {who} to {plan['new_name']}"
    if intent == "update_customer":
        return f"a change to {who}: " + ", ".join(f"{k} {v}" for k, v in contact_fields(plan).items())
    if intent == "add_feedback":
        return f"feedback from {who}"
    return f"marking {who}'s follow-up done"
