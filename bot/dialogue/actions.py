"""Carry out a settled plan: one Recorder, one commit, then a reply that says exactly what was stored.

Every function here returns the sentence for the operation log; the reply is built only from the
committed operation, so the owner never reads "stored" for something that is not.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from bot.dialogue.formatting import day, local_day, local_day_time
from bot.dialogue.plans import Plan, contact_fields, due_of, money_of, occurred_at
from bot.dialogue.replies import Button, Reply
from bot.dialogue.turn import Turn
from crm.errors import Invalid
from crm.models import Customer, Operation
from crm.money import format_money
from crm.services import customers, records
from crm.services.customers import name_key
from crm.services.oplog import Recorder, Source, created_rows, reverse


def undo_button(op: Operation) -> tuple[Button, ...]:
    return (Button("Undo", f"undo:{op.id}", numbered=False),)


def replay(op: Operation) -> Reply:
    """The answer to a message that was already applied (a redelivery): the same words, once."""
    if op.undone_at is not None:
        return Reply(f"{op.summary} (Since undone.)")
    return Reply(op.summary, () if op.intent == "undo" else undo_button(op))


def _replace_earlier(turn: Turn, plan: Plan) -> Plan:
    """An edited message's new entry takes the place of the one its earlier version stored, in the same
    transaction: the earlier entry stays until the new one is stored. A customer the earlier entry
    created goes with it and is created again for the new one."""
    earlier = turn.session.get(Operation, plan["replaces"])
    if earlier is None or earlier.undone_at is not None:
        return plan
    name = None
    if plan.get("customer_id") in created_rows(earlier, "customer"):
        name = customers.get_customer(turn.session, turn.owner_id, plan["customer_id"]).name
    reverse(turn.session, turn.owner_id, turn.now, earlier.id)
    return {**plan, "customer_id": None, "create_customer": True, "customer": name} if name else plan


def apply(turn: Turn, plan: Plan, source: Source) -> Reply:
    rec = Recorder(turn.session, turn.owner_id, source, plan["intent"], now=turn.now)
    if plan.get("replaces"):
        plan = _replace_earlier(turn, plan)
    created = plan.get("create_customer") and plan["intent"] != "add_customer"
    customer = (
        customers.add_customer(turn.session, turn.owner_id, rec, name=plan["customer"])
        if created
        else customers.get_customer(turn.session, turn.owner_id, plan["customer_id"])
        if plan.get("customer_id")
        else None
    )
    text = ACTIONS[plan["intent"]](turn, plan, rec, customer)
    if created:
        text = f"New customer {customer.name}. {text}"  # type: ignore[union-attr]
    op, _ = rec.commit(text)
    return replay(op)


def apply_all(turn: Turn, plans: list[Plan], source: Source) -> Reply:
    """The facts of one message, settled: stored as one operation (one undo takes them all back), and
    the reply says each. A customer two facts share is created once."""
    rec = Recorder(turn.session, turn.owner_id, source, "several", now=turn.now)
    made: dict[str, Customer] = {}
    lines = []
    for plan in plans:
        key = name_key(plan.get("customer") or "")
        customer = made.get(key) if plan.get("create_customer") or plan["intent"] == "add_customer" else None
        if customer is not None and plan["intent"] == "add_customer":
            continue  # added by an earlier fact of this message
        if customer is None and plan.get("create_customer") and plan["intent"] != "add_customer":
            customer = made[key] = customers.add_customer(turn.session, turn.owner_id, rec, name=plan["customer"])
            lines.append(f"New customer {customer.name}.")
        elif customer is None and plan.get("customer_id"):
            customer = customers.get_customer(turn.session, turn.owner_id, plan["customer_id"])
        lines.append(ACTIONS[plan["intent"]](turn, plan, rec, customer))
        if plan["intent"] == "add_customer":
            made[key] = turn.session.get(Customer, max(created_rows(rec, "customer")))
    op, _ = rec.commit("\n".join(lines))
    return replay(op)


def _order(turn: Turn, plan: Plan, rec: Recorder, customer: Customer | None) -> str:
    assert customer is not None and customer.id is not None
    money = money_of(turn, plan)
    quantity = plan.get("quantity")
    order = records.log_order(
        turn.session,
        turn.owner_id,
        rec,
        customer_id=customer.id,
        money=money,
        occurred_at=occurred_at(turn, plan),
        description=plan.get("description"),
        quantity=int(quantity) if quantity else None,
    )
    what = " × ".join(str(x) for x in (order.quantity, order.description) if x)
    return (
        f"Logged order: {customer.name}, {format_money(money)}, {local_day(order.occurred_at, turn.owner.timezone, turn.now)}"
        + (f" ({what})" if what else "")
        + "."
    )


def _interaction(turn: Turn, plan: Plan, rec: Recorder, customer: Customer | None) -> str:
    assert customer is not None and customer.id is not None
    kind = plan.get("kind") or "note"
    interaction, closed = records.log_interaction(
        turn.session,
        turn.owner_id,
        rec,
        customer_id=customer.id,
        kind=kind,
        occurred_at=occurred_at(turn, plan),
        summary=plan.get("summary"),
        closes_due_before=turn.end_of_today(),
    )
    text = f"Logged {kind} with {customer.name}, {local_day(interaction.occurred_at, turn.owner.timezone, turn.now)}"
    text += f": {interaction.summary}." if interaction.summary else "."
    for followup in closed:
        text += f" Follow-up due {local_day(followup.due_at, turn.owner.timezone, turn.now)} marked done."
    return text


def _followup(turn: Turn, plan: Plan, rec: Recorder, customer: Customer | None) -> str:
    """A follow-up with the customer; with none (settled as the owner's own to-do), a reminder for the owner."""
    due_at, has_time = due_of(turn, plan)
    followup = records.add_followup(
        turn.session, turn.owner_id, rec, customer_id=customer.id if customer else None, due_at=due_at, has_time=has_time,
        note=plan.get("summary"),
    )
    when = (local_day_time if has_time else local_day)(followup.due_at, turn.owner.timezone, turn.now)
    head = f"Follow-up set: {customer.name}, {when}" if customer else f"Reminder set for you, {when}"
    return head + (f": {followup.note}." if followup.note else ".")


def _complete(turn: Turn, plan: Plan, rec: Recorder, customer: Customer | None) -> str:
    assert customer is not None and customer.id is not None
    followup = records.complete_followup(turn.session, turn.owner_id, rec, customer_id=customer.id)
    if followup is None and plan.get("kind"):  # "called Tom back" with nothing open: the call still happened
        return _interaction(turn, plan, rec, customer)
    if followup is None:
        raise Invalid(f"{customer.name} has no open follow-up.")
    return f"Done: follow-up with {customer.name} (due {local_day(followup.due_at, turn.owner.timezone, turn.now)})."


UNLABELLED = ("phone", "email")  # a number or an address says what it is; "Munich" alone could be a city or a company


def _details(values: dict[str, object]) -> str:
    shown = {k: ", ".join(v) if isinstance(v, list) else str(v) for k, v in values.items()}
    return ", ".join(v if k in UNLABELLED else f"{k} {v}" for k, v in shown.items())


def _add_customer(turn: Turn, plan: Plan, rec: Recorder, customer: Customer | None) -> str:
    added = customers.add_customer(turn.session, turn.owner_id, rec, name=plan["customer"], **contact_fields(plan))
    details = _details({k: getattr(added, k) for k in contact_fields(plan)})
    return f"Added customer: {added.name}" + (f" ({details})." if details else ".")


def _update_customer(turn: Turn, plan: Plan, rec: Recorder, customer: Customer | None) -> str:
    assert customer is not None and customer.id is not None
    fields = contact_fields(plan)
    if plan.get("new_name"):  # "Mrs Patel's first name is Anjali"
        old = customer.name
        customers.update_customer(turn.session, turn.owner_id, rec, customer.id, name=plan["new_name"], **fields)
        return f"Renamed {old} → {customer.name}."
    if not fields:
        raise Invalid(f"What should I change for {customer.name}? E.g. “{customer.name}'s phone is …”.")
    customers.update_customer(turn.session, turn.owner_id, rec, customer.id, **fields)
    shown = {k: (", ".join(customer.tag_list) if k == "tags" else getattr(customer, k)) for k in fields}
    return f"Updated {customer.name}: " + "; ".join(f"{k} {v}" for k, v in shown.items()) + "."


def _feedback(turn: Turn, plan: Plan, rec: Recorder, customer: Customer | None) -> str:
    assert customer is not None and customer.id is not None
    score = Decimal(str(plan["score"])) if plan.get("score") is not None else None
    scale = plan.get("scale") or (10 if score is not None else None)
    feedback = records.add_feedback(
        turn.session,
        turn.owner_id,
        rec,
        customer_id=customer.id,
        occurred_at=occurred_at(turn, plan),
        score=score,
        scale=scale,
        comment=plan.get("comment"),
        sentiment=plan.get("sentiment"),
    )
    said = f"{feedback.score.normalize():f}/{feedback.scale}" if feedback.score is not None else ""
    if feedback.comment:
        said = (said + " " if said else "") + f"“{feedback.comment}”"
    return f"Logged feedback from {customer.name}: {said} ({day(feedback.occurred_at.astimezone(turn.zone).date(), turn.today)})."


ACTIONS: dict[str, Callable[[Turn, Plan, Recorder, Customer | None], str]] = {
    "log_order": _order,
    "log_interaction": _interaction,
    "add_followup": _followup,
    "complete_followup": _complete,
    "add_customer": _add_customer,
    "update_customer": _update_customer,
    "add_feedback": _feedback,
}
