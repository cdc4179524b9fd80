"""Questions the assistant asks and waits on, stored in the database so they survive a restart.

A question carries the plan it belongs to and the source of the message that started it, so that
the write it finally leads to is keyed to that message (a redelivery of it is then applied once).
Only the newest question of an owner is open: asking a new one drops the old one.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import col, delete, select

from bot.dialogue.replies import Button, Reply
from bot.dialogue.turn import Turn
from crm.models import Operation, Pending
from crm.services.oplog import Source

EXPIRES_AFTER = timedelta(hours=48)
TEXT_ANSWERS = ("name", "amount")


def ask(
    turn: Turn,
    text: str,
    plan: dict[str, Any],
    source: Source,
    choices: list[tuple[str, str]] = (),  # type: ignore[assignment]
    expects: str = "choice",
    yes: str | None = None,
    no: str = "cancel",
) -> Reply:
    """Store the question (replacing any open one) and return it with its buttons. `yes` is the choice
    a typed "yes" or "ok" picks, for a question that is a yes or no, and `no` the one a typed "no"
    picks (see `typed_choice`)."""
    turn.session.exec(delete(Pending).where(col(Pending.owner_id) == turn.owner_id))  # type: ignore[call-overload]
    newest = turn.session.exec(select(Operation.id).where(Operation.owner_id == turn.owner_id).order_by(col(Operation.id).desc())).first()
    pending = Pending(
        owner_id=turn.owner_id,
        kind=expects,
        payload={"plan": plan, "source": [source.channel, source.message_id], "choices": list(choices), "yes": yes, "no": no,
                 "after": newest or 0},  # the newest operation when asked: one stored later makes the question stale
    )
    turn.session.add(pending)
    turn.session.commit()
    return Reply(text, tuple(Button(label, f"p{pending.id}:{choice}") for label, choice in choices))


def take(turn: Turn, pending_id: int) -> Pending | None:
    """The owner's open question with this id, removed (the removal commits with what follows)."""
    pending = turn.session.get(Pending, pending_id)
    if pending is None or pending.owner_id != turn.owner_id:
        return None
    turn.session.delete(pending)
    if pending.created_at < turn.now - EXPIRES_AFTER:
        turn.session.commit()
        return None
    return pending


def open_text_question(turn: Turn) -> Pending | None:
    """The owner's open question that a typed answer (a name, an amount) can settle."""
    pending = turn.session.exec(
        select(Pending)
        .where(Pending.owner_id == turn.owner_id, col(Pending.kind).in_(TEXT_ANSWERS))
        .order_by(col(Pending.id).desc())
    ).first()
    return None if pending is None or _stale(turn, pending) else pending


def open_question(turn: Turn) -> Pending | None:
    """The owner's open question, whatever it asks (only the newest is open), unless it is stale."""
    pending = turn.session.exec(select(Pending).where(Pending.owner_id == turn.owner_id).order_by(col(Pending.id).desc())).first()
    return None if pending is None or _stale(turn, pending) else pending


def _stale(turn: Turn, pending: Pending) -> bool:
    """A question left unanswered goes stale when it expires, or once something else was stored after it: "hello"
    twelve messages after "How much was it?" is no amount, and "wrong customer" is about the newer record."""
    if pending.created_at < turn.now - EXPIRES_AFTER:
        return True
    if "after" not in pending.payload:  # asked before questions kept this
        return False
    later = turn.session.exec(select(Operation.id).where(Operation.owner_id == turn.owner_id,
                                                          col(Operation.id) > pending.payload["after"]).limit(1)).first()
    return later is not None


def waiting_on(turn: Turn, source: Source) -> bool:
    """Whether the open question was asked about the message `source` (only the newest question is open)."""
    pending = turn.session.exec(select(Pending).where(Pending.owner_id == turn.owner_id).order_by(col(Pending.id).desc())).first()
    return pending is not None and source_of(pending) == source


YES = frozenset({"y", "yes", "yep", "yeah", "yes please", "ok", "okay", "sure", "correct", "right", "是", "是的", "对", "好", "好的"})
NO = frozenset({"n", "no", "nope", "nah", "no thanks", "cancel", "不", "不是", "不要", "取消"})


def typed_choice(turn: Turn, text: str) -> tuple[int, str] | None:
    """(question id, choice) when typed text answers the open question: a choice's label, or a yes or
    no to a yes-or-no question. A number picks nothing here: it answers only where it is shown (the
    terminal numbers the choices of the reply right above it)."""
    pending = turn.session.exec(
        select(Pending).where(Pending.owner_id == turn.owner_id, Pending.kind == "choice").order_by(col(Pending.id).desc())
    ).first()
    if pending is None or pending.created_at < turn.now - EXPIRES_AFTER:
        return None
    folded = " ".join(text.casefold().strip(" .!?").split())
    choices = [tuple(c) for c in pending.payload.get("choices", [])]
    picked = next((choice for label, choice in choices if label.casefold() == folded), None)
    if picked is None and folded in YES:
        picked = pending.payload.get("yes")
    no = pending.payload.get("no", "cancel")
    if picked is None and folded in NO and any(choice == no for _label, choice in choices):
        picked = no
    return (pending.id, picked) if picked is not None and pending.id is not None else None


def source_of(pending: Pending) -> Source:
    channel, message_id = pending.payload["source"]
    return Source(channel, message_id)


def plan_of(pending: Pending) -> dict[str, Any]:
    return dict(pending.payload["plan"])
