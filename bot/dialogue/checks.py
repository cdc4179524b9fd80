"""What must be settled before a plan is stored: doubts, missing or odd values, and who it is about.

Each check returns None when the plan may go on, or a Reply: a refusal in plain words, or a question
(with buttons) that stores the plan until the owner answers. When unsure, ask; never guess silently.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import select

from bot.dialogue.formatting import day
from bot.dialogue.plans import (
    DATED_INTENTS,
    WRITE_INTENTS,
    Plan,
    contact_fields,
    day_of,
    describe,
    describe_kind,
    due_day,
    is_sure,
    money_of,
)
from bot.dialogue.questions import ask
from bot.dialogue.replies import Reply
from bot.dialogue.turn import Turn
from crm.bounds import check_amount, implausible_amount, implausible_day, impossible_day
from crm.models import Order
from crm.phones import normalize_phone
from crm.services.customers import find_duplicate, match_customers, normalize_email
from crm.services.oplog import Source

CANCEL = ("Cancel", "cancel")


def check_plan(turn: Turn, plan: Plan, source: Source) -> Reply | None:
    """The first thing that stops this plan from being stored as it is, if any."""
    intent = plan["intent"]
    if intent == "update_customer" and not contact_fields(plan) and not plan.get("new_name"):
        who = plan.get("customer") or "them"  # nothing read to change: say what would be, not "a change to Grace: ?"
        return Reply(f"I read no change for {who} in that, so nothing was stored. Say e.g. “{who}'s phone is …”, "
                     f"“tag {who} regular” or “note for {who}: …”.")
    if intent in WRITE_INTENTS and not is_sure(plan):
        return ask(turn, f"Did you mean {describe(turn, plan)}?", plan, source, [("Yes", "yes"), ("No", "cancel")], yes="yes")
    if intent == "log_order":
        if plan.get("amount") is None:
            return ask(turn, "How much was it? (e.g. 45 or €45.50)", plan, source, [CANCEL], expects="amount")
        if Decimal(str(plan["amount"])) < 0:
            return Reply("An order can't have a negative amount, so I stored nothing. (Refunds aren't supported yet.)")
        if _first_orders_in_another_currency(turn, plan):
            cur, own = plan["currency"], turn.owner.currency
            return ask(turn, f"Your currency is set to {own}, and this order is in {cur}. Make {cur} your currency?", plan,
                       source, [(f"Yes, use {cur}", "usecur"), (f"No, keep {own}", "keepcur"), CANCEL], yes="usecur",
                       no="keepcur")
        why = implausible_amount(check_amount(money_of(turn, plan)))
        if why and not plan.get("amount_ok"):
            return ask(turn, f"{why} Store it as it is?", plan, source, [("Yes, store it", "amount"), CANCEL], yes="amount")
    if intent == "add_feedback" and plan.get("score") is None and not plan.get("comment"):
        return Reply("What did they say, or what score did they give? Nothing was stored.")
    return _check_dates(turn, plan, source)


def _first_orders_in_another_currency(turn: Turn, plan: Plan) -> bool:
    """Whether to ask once about the owner's currency: the default came from the machine's locale, so a
    shop's first order in another currency usually means the default is wrong. Asked only while no order
    is stored, so it is asked once whatever the answer."""
    if plan.get("currency_ok") or not plan.get("currency") or plan["currency"] == turn.owner.currency:
        return False
    return turn.session.exec(select(Order.id).where(Order.owner_id == turn.owner_id).limit(1)).first() is None


def _check_dates(turn: Turn, plan: Plan, source: Source) -> Reply | None:
    """A date no record can have is refused; one years away, or in the wrong direction, is asked about.
    Read from the plan's text before any time-zone arithmetic, which a year 0001 would overflow."""
    intent = plan["intent"]
    field = "due" if intent == "add_followup" else "date"
    if intent not in DATED_INTENTS | {"add_followup"} or not plan.get(field) or plan.get("date_ok"):
        return None
    stated = date.fromisoformat(plan[field][:10])
    if impossible_day(stated, turn.today):
        return Reply(f"{stated.isoformat()} can't be right for {describe_kind(intent)}, so I stored nothing. "
                     "Tell me again with the right date.")
    why = implausible_day(stated, turn.today)
    if why:
        keep = [(f"Keep {stated.day} {stated:%b %Y}", "keepdate")]
        today = [("Log for today", "today")] if intent != "add_followup" else [("Today", "today")]
        return ask(turn, f"{day(stated, turn.today)} {why} Is that right?", plan, source, keep + today + [CANCEL], yes="keepdate")
    if intent in DATED_INTENTS and day_of(turn, plan) > turn.today:
        when = day(day_of(turn, plan), turn.today)
        return ask(
            turn, f"{when} is in the future. Log it for today instead?", plan, source, [("Log for today", "today"), CANCEL],
            yes="today",
        )
    if intent == "add_followup" and due_day(turn, plan) < turn.today:
        when = day(due_day(turn, plan), turn.today)
        return ask(turn, f"{when} has passed. Set the follow-up for today?", plan, source, [("Today", "today"), CANCEL], yes="today")
    return None


def resolve_customer(turn: Turn, plan: Plan, source: Source) -> Reply | None:
    """Settle who the plan is about (`customer_id`, or `create_customer`); a Reply when asking."""
    if plan.get("customer_id") or plan.get("create_customer"):
        return None
    if plan.get("for_owner") and not plan.get("customer"):
        return None  # "remind me to order more brake pads": the owner's own to-do
    name = plan.get("customer")
    if not name:
        return ask(turn, "Who was that? Type the customer's name.", plan, source, [CANCEL], expects="name")
    if plan["intent"] == "add_customer":
        return _settle_new_customer(turn, plan, source, name)
    candidates = match_customers(turn.session, turn.owner_id, name)
    if len(candidates) == 1 and candidates[0].score >= 95:
        plan["customer_id"] = candidates[0].customer_id
        return None
    if plan.get("same_customer") in {c.customer_id for c in candidates}:  # an edit: who it was about before
        plan["customer_id"] = plan["same_customer"]
        return None
    may_create = plan["intent"] not in ("complete_followup", "query_customer")
    new = [(f"New customer {name}", "new")] if may_create else []
    if not candidates:
        if not may_create:
            return Reply(f"I don't know {name}. Check the spelling, or add them first (“new customer {name}”).")
        return ask(turn, f"I don't know {name} yet: add them as a new customer?", plan, source, [(f"Add {name}", "new"), CANCEL], yes="new")
    question = f"Which {name}?" if len(candidates) > 1 else f"Did you mean {candidates[0].name}?"
    choices = [(c.name, f"c{c.customer_id}") for c in candidates] + new + [CANCEL]
    return ask(turn, question, plan, source, choices, yes=f"c{candidates[0].customer_id}" if len(candidates) == 1 else None)


def _settle_new_customer(turn: Turn, plan: Plan, source: Source, name: str) -> Reply | None:
    """A new customer who looks like one already stored (same phone, email or name) leads to a question."""
    phone = normalize_phone(plan["phone"], turn.owner.phone_region) if plan.get("phone") else None
    email = normalize_email(plan["email"]) if plan.get("email") else None
    twin = find_duplicate(turn.session, turn.owner_id, name=name, phone=phone, email=email)
    if twin is None:
        plan["create_customer"] = True
        return None
    known = ", ".join(x for x in (twin.company, twin.phone, twin.email, twin.city) if x)
    return ask(
        turn,
        f"You already have {twin.name}" + (f" ({known})" if known else "") + ". Update them, or add a separate customer?",
        plan,
        source,
        [(f"Update {twin.name}", f"c{twin.id}"), ("Add as new", "new"), CANCEL],
    )
