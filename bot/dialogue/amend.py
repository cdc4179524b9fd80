"""A correction amends what was just stored ("no, it was 45 not 54"), never adds a second record.

The record amended is one of the last operation's (the newest one not undone): the one holding the value
said to be wrong when the correction names it ("1,150 not 1,250"), else the one whose kind the new value
fits (an amount an order, a score a feedback, a kind a contact, a day a follow-up's due or a record's date).
The change is one operation of updates, so `undo` puts the old values back, and the reply says the old
and the new value. A new customer ("not Tom, Tim") is settled as any other (asked when unsure, created
when new); it moves every record of that operation that was about the old one.
"""
from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from sqlmodel import SQLModel

from bot.dialogue.actions import replay
from bot.dialogue.formatting import day
from bot.dialogue.plans import Plan
from bot.dialogue.replies import Reply
from bot.dialogue.turn import Turn
from crm.bounds import check_amount
from crm.line_items import Repriced, labels, mentions, plain, read_items, reprice
from crm.models import Feedback, FollowUp, Interaction, Operation, Order
from crm.money import Money, format_money, to_minor
from crm.services import customers
from crm.services.oplog import Recorder, Source, last_operation, recent_operations, records_of

NOTHING = "I have nothing just stored to correct. Tell me again what happened, e.g. “Anna bought 2 candles for 45”."


def _pick(plan: Plan, rows: list[SQLModel]) -> SQLModel | None:
    orders = [r for r in rows if isinstance(r, Order)]
    feedback = [r for r in rows if isinstance(r, Feedback)]
    if plan.get("instead_of") is not None:
        wrong = Decimal(str(plan["instead_of"]))
        named = [r for r in orders if r.money.amount == wrong] + [r for r in feedback if r.score == wrong]
        named += [r for r in orders if any(i.price == wrong for i in read_items(r.description, r.money.amount) or ())]
        if named:
            return named[0]
    if plan.get("description") and any(mentions(r.description, plan["description"]) for r in orders):
        return next(r for r in orders if mentions(r.description, plan["description"]))  # "actually the lock was 39"
    if plan.get("scale"):  # "no sorry 5/5": a score said out of its scale is a feedback's
        return (feedback or orders or [None])[0]
    if plan.get("amount") is not None or plan.get("currency") or plan.get("quantity"):
        return (orders or feedback or [None])[0]
    if plan.get("kind"):
        return next((r for r in rows if isinstance(r, Interaction)), None)
    if plan.get("due") or plan.get("date") or plan.get("time"):
        return next((r for r in rows if isinstance(r, FollowUp)), None) or (rows or [None])[0]
    return (rows or [None])[0]


VALUES = ("amount", "quantity", "currency", "date", "due", "time", "kind")
RECENT = 20  # operations looked through for the one about a customer a correction names


def _about(turn: Turn, plan: Plan) -> tuple[Operation | None, list[SQLModel]]:
    """"Ines's was 45 actually", after an order of Ines and then one of Tom: the newest operation with a record
    of that customer that the correction fits, and its records of them."""
    for op in recent_operations(turn.session, turn.owner_id, RECENT):
        rows = [r for r in records_of(turn.session, op) if r.customer_id == plan["customer_id"]]  # type: ignore[attr-defined]
        if _pick(plan, rows) is not None:
            return op, rows
    return None, []


def amend(turn: Turn, plan: Plan, source: Source) -> Reply:
    """Carry out a settled correction plan (its customer, if it names one, already resolved)."""
    rec = Recorder(turn.session, turn.owner_id, source, "correct", now=turn.now)
    if plan.get("create_customer"):
        plan = {**plan, "customer_id": customers.add_customer(turn.session, turn.owner_id, rec, name=plan["customer"]).id}
    names_a_value = any(plan.get(k) is not None for k in VALUES)
    if plan.get("customer_id") and names_a_value:  # a value of a record about that customer
        op, rows = _about(turn, plan)
    else:  # a value of the last record, or the last record moved to another customer
        op = last_operation(turn.session, turn.owner_id)
        rows = records_of(turn.session, op) if op is not None else []
        if _pick(plan, rows) is None and names_a_value:  # "..., it was 54.95" after a contact: the last record it fits
            op, rows = next(((o, r) for o in recent_operations(turn.session, turn.owner_id, RECENT) if _pick(plan, r := records_of(turn.session, o)) is not None), (op, rows))
    target = _pick(plan, rows)
    if target is None:
        return Reply(NOTHING)
    if isinstance(target, Order) and plan.get("description") and (items := read_items(target.description, target.money.amount)) \
            and _repriced(plan, target.description, target.money.amount) is None:  # "the helmet was 20" of "bell 9 + lock 35"
        return Reply(f"That order has {target.description}: which of them was it? Say e.g. “the {items[-1].what} was "
                     f"{plain(Decimal(str(plan.get('amount') or items[-1].price)))}”.")
    said = _amend_values(turn, plan, rec, target)
    if plan.get("customer_id") and not names_a_value and plan["customer_id"] != target.customer_id:  # type: ignore[attr-defined]
        said += _move(turn, plan, rec, rows, target.customer_id)  # type: ignore[attr-defined]
    if not said:
        return Reply(f"That is what I have already: {op.summary}")  # type: ignore[union-attr]
    done, _ = rec.commit("Corrected: " + "; ".join(said) + ".")
    return replay(done)


def _amend_values(turn: Turn, plan: Plan, rec: Recorder, row: SQLModel) -> list[str]:
    said: list[str] = []
    if isinstance(row, Order):
        said += _order(turn, plan, rec, row)
    elif isinstance(row, Feedback) and plan.get("amount") is not None:
        score = Decimal(str(plan["amount"]))
        said.append(f"score {row.score.normalize():f} → {score.normalize():f}" if row.score is not None else f"score {score}")
        rec.update(row, score=score)
    elif isinstance(row, Interaction) and plan.get("kind") and plan["kind"] != row.kind:
        said.append(f"{row.kind} → {plan['kind']}")
        rec.update(row, kind=plan["kind"])
    if isinstance(row, FollowUp) and (plan.get("due") or plan.get("time")):
        local = row.due_at.astimezone(turn.zone)
        new_day = date.fromisoformat(plan["due"][:10]) if plan.get("due") else local.date()
        clock = time.fromisoformat(plan["time"]) if plan.get("time") else local.time()
        when = turn.at(new_day, clock)
        if when != row.due_at:
            shown = (lambda d, t: f"{day(d, turn.today)} {t:%H:%M}") if plan.get("time") or row.has_time else (lambda d, t: day(d, turn.today))
            said.append(f"follow-up {shown(local.date(), local.time())} → {shown(new_day, clock)}")
            rec.update(row, due_at=when, has_time=row.has_time or bool(plan.get("time")))
    elif not isinstance(row, FollowUp) and plan.get("date") and not plan.get("amount") and not plan.get("kind"):
        new_day = date.fromisoformat(plan["date"])
        old_day = row.occurred_at.astimezone(turn.zone).date()  # type: ignore[attr-defined]
        if new_day != old_day:
            said.append(f"{day(old_day, turn.today)} → {day(new_day, turn.today)}")
            rec.update(row, occurred_at=turn.at(new_day, time(12, 0)))
    return said


def _order(turn: Turn, plan: Plan, rec: Recorder, order: Order) -> list[str]:
    old = order.money
    values: dict[str, Any] = {}
    part = _repriced(plan, order.description, old.amount)
    if part is not None:  # "actually the lock was 39" of "bell 9 + lock 35": that part, and the total is their sum
        new = Money(part.total, plan.get("currency") or old.currency)
        rec.update(order, amount_minor=to_minor(check_amount(new)), currency=new.currency, description=part.description)
        return [f"{part.was.what} {plain(part.was.price)} → {plain(Decimal(str(plan['amount'])))}, "
                f"order {format_money(old)} → {format_money(new)}"]
    items = read_items(order.description, old.amount)
    if plan.get("quantity") and order.quantity:  # "make that 3" of "2 jars at 6 each": the count, at the same price
        unit = old.amount / order.quantity
        new = Money(unit * int(plan["quantity"]), old.currency)
        values["quantity"] = int(plan["quantity"])
    elif plan.get("quantity") or plan.get("amount") is not None:
        new = Money(Decimal(str(plan.get("amount") or plan["quantity"])), plan.get("currency") or old.currency)
    elif plan.get("currency"):
        new = Money(old.amount, plan["currency"])
    else:
        return []
    if new == old and not values:
        return []
    if items and new.amount != old.amount:  # a new total: the parts no longer add up to it
        values["description"] = labels(items)
    values.update(amount_minor=to_minor(check_amount(new)), currency=new.currency)
    rec.update(order, **values)
    return [f"order {format_money(old)} → {format_money(new)}"]


def _repriced(plan: Plan, description: str | None, total: Decimal) -> Repriced | None:
    """The order with the part the correction names at its new price, if it names one of its parts."""
    if plan.get("amount") is None:
        return None
    wrong = Decimal(str(plan["instead_of"])) if plan.get("instead_of") is not None else None
    return reprice(description, total, plan.get("description"), wrong, Decimal(str(plan["amount"])))


def _move(turn: Turn, plan: Plan, rec: Recorder, rows: list[SQLModel], old_customer: int) -> list[str]:
    """Every record of the operation that was about the old customer is about the new one."""
    new = customers.get_customer(turn.session, turn.owner_id, plan["customer_id"])
    old = customers.get_customer(turn.session, turn.owner_id, old_customer)
    for row in rows:
        if row.customer_id == old_customer:  # type: ignore[attr-defined]
            rec.update(row, customer_id=new.id)
    return [f"{old.name} → {new.name}"]


def amend_plan(plan: Plan, correction: Plan) -> Plan:
    """A plan still waiting on a question, with a correction's values in it: "Tom bought a wreath for 65" asked
    "add Tom?", and "actually the wreath was 56" changes what will be stored, not what was stored before."""
    amended = dict(plan)
    part = _repriced(correction, plan.get("description"), Decimal(str(plan["amount"]))) if plan.get("amount") is not None else None
    if part is not None:  # "actually the lock was 39" before "bell 9 + lock 35" was stored
        amended.update(amount=str(part.total), description=part.description)
    elif correction.get("quantity") and plan.get("quantity") and plan.get("amount") is not None:
        unit = Decimal(str(plan["amount"])) / int(plan["quantity"])
        amended.update(quantity=int(correction["quantity"]), amount=str(unit * int(correction["quantity"])))
    elif correction.get("amount") is not None or correction.get("quantity"):
        field = "score" if plan["intent"] == "add_feedback" else "amount"
        amended[field] = str(correction.get("amount") if correction.get("amount") is not None else correction["quantity"])
    if correction.get("currency"):
        amended["currency"] = correction["currency"]
    if plan["intent"] == "add_followup" and (correction.get("due") or correction.get("time")):
        day_ = correction.get("due") or (plan.get("due") or "")[:10]
        amended["due"] = f"{day_}T{correction['time']}" if correction.get("time") and day_ else day_ or plan.get("due")
    elif correction.get("date"):
        amended["date"] = correction["date"]
    if correction.get("customer"):
        amended.update(customer=correction["customer"], customer_id=None, create_customer=False)
    return amended
