"""The dialogue core: text in, reply out, for every channel (terminal, Telegram, tests).

Each call is one short database transaction, run synchronously; async adapters call it through
`asyncio.to_thread` so the event loop never blocks. Failures are turned into plain answers here,
once, so no channel ever shows a traceback, and a failed turn rolls back whole.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

from sqlalchemy.engine import Engine

from bot.dialogue import answers, commands, files, pushes
from bot.dialogue.actions import apply, apply_all, replay
from bot.dialogue.amend import amend, amend_plan
from bot.dialogue.checks import check_plan, resolve_customer
from bot.dialogue.formatting import local_day, local_day_time
from bot.dialogue.plans import CONFIDENCE_TO_STORE, WRITE_INTENTS, Plan, is_sure, next_fact, several
from bot.dialogue.questions import (
    ask,
    open_question,
    open_text_question,
    plan_of,
    source_of,
    take,
    typed_choice,
    waiting_on,
)
from bot.dialogue.replies import Reply
from bot.dialogue.turn import Turn
from bot.parsing import MAX_MESSAGE_CHARS, parse
from crm.bounds import strip_controls
from crm.db import session_scope, storage_problem
from crm.errors import CrmError
from crm.models import FollowUp, Operation, Owner, Pending
from crm.money import parse_money
from crm.services import records
from crm.services.customers import get_customer
from crm.services.oplog import Recorder, Source, customer_of, find_applied, last_operation, live_operation_for, undo
from crm.services.owners import resume_pushes
from crm.types import utcnow

log = logging.getLogger(__name__)

FAILED = "Sorry, something went wrong on my side, and nothing was stored. Please try again."
QUERIES: dict[str, Callable[[Turn, Plan], Reply]] = {
    "query_sales": answers.sales,
    "query_top": answers.top,
    "query_followups": pushes.today,
    "query_week": pushes.week,
    "query_at_risk": answers.at_risk,
    "query_customer": answers.customer,
    "query_segments": answers.segments,
}


PRONOUN = re.compile(r"\b(?:him|her|them|he|she|they|his|their)\b", re.IGNORECASE)
RECENT = timedelta(hours=2)  # "him" in a message means the customer of the last record when that is this recent


def _noted_left_out(reply: Reply) -> Reply:
    return Reply(f"Left that one out.\n{reply.text}", reply.buttons, reply.photo, reply.files)


def recent_customer(turn: Turn) -> int | None:
    """The customer of the last record stored, if it was stored within RECENT."""
    last = last_operation(turn.session, turn.owner_id)
    return customer_of(turn.session, last) if last is not None and last.created_at > turn.now - RECENT else None


class Dialogue:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock

    def handle(self, owner_id: int, text: str, source: Source) -> Reply:
        """Answer one typed message of an owner."""
        return self._turn(owner_id, source, lambda turn: self._text(turn, text))

    def choose(self, owner_id: int, data: str, source: Source) -> Reply:
        """Answer a pressed button (its `data`). `source` names the button, not the press, so a
        button pressed twice applies once and the second press gets the first answer again."""
        return self._turn(owner_id, source, lambda turn: self._choice(turn, data))

    def edit(self, owner_id: int, text: str, source: Source, version: str) -> Reply:
        """An edited message: what its earlier version stored is reversed, the new text is stored instead."""
        return self._turn(owner_id, source, lambda turn: self._edited(turn, text, version))

    def contact(self, owner_id: int, name: str, phone: str, source: Source) -> Reply:
        """A shared contact card: a new customer, or (asked first) an update of the one it matches."""
        plan = {"intent": "add_customer", "customer": name, "phone": phone, "confidence": 1.0}
        return self._turn(owner_id, source, lambda turn: self._write_once(turn, plan))

    def receive_file(self, owner_id: int, name: str, data: bytes, source: Source) -> Reply:
        """A file the owner sent: a /backup file restores their business, a CSV file imports.
        (/export and /backup are commands, answered with Reply.files.)"""
        return self._turn(owner_id, source, lambda turn: files.receive(self.engine, turn.owner_id, name, data, source, turn.now))

    def _turn(self, owner_id: int, source: Source, step: Callable[[Turn], Reply]) -> Reply:
        try:
            with session_scope(self.engine) as session:
                owner = session.get(Owner, owner_id)
                if owner is None:
                    return Reply("I don't know you yet.")
                if owner.pushes_paused_at is not None:  # they write again, so they can be reached again
                    resume_pushes(session, owner)
                return step(Turn(session, owner, self.clock(), source))
        except CrmError as error:
            return Reply(f"{error} {error.consequence}".strip())
        except Exception as error:
            log.exception("dialogue turn failed (owner %s, %s)", owner_id, source.channel)
            return Reply(storage_problem(error) or FAILED)

    # typed messages ---------------------------------------------------------------------------

    def _text(self, turn: Turn, text: str) -> Reply:
        if len(text) > MAX_MESSAGE_CHARS:  # the parser's own bound, counted on the text as sent
            return Reply(f"That message is too long for me ({len(text):,} characters; I read up to {MAX_MESSAGE_CHARS:,}). "
                         "Nothing was stored: send one or two things at a time.")
        text = " ".join(strip_controls(text).split())  # an escape sequence or a NUL is never stored
        if not text:
            return answers.help_reply()
        applied = find_applied(turn.session, turn.owner_id, turn.source)
        if applied is not None:
            return replay(applied)
        if text.startswith("/"):
            return commands.run(turn, text, self._dispatch)
        typed = typed_choice(turn, text)
        if typed is not None:
            return self._answer_choice(turn, *typed)
        if re.fullmatch(r"\d{1,2}", text) and open_question(turn) is None:  # a choice typed after its question was replaced
            return Reply("There is no open question for that number (a newer message took its place), so nothing was "
                         "stored. Tell me again what happened.")
        parsed = several(parse(text, turn.parse_context()).to_json())
        if parsed["intent"] in WRITE_INTENTS and not parsed.get("customer") and PRONOUN.search(text):
            parsed.update(customer_id=recent_customer(turn))  # "remind me to call him again friday": who was just logged
        if turn.replaces is not None:  # an edit: it replaces that entry, and means the same customer again
            earlier = turn.session.get(Operation, turn.replaces)
            parsed.update(replaces=turn.replaces, same_customer=customer_of(turn.session, earlier) if earlier else None)
        waiting = open_question(turn) if parsed["intent"] == "correct" else None
        if waiting is not None:  # a correction of what the open question is about: it changes what will be stored
            turn.session.delete(waiting)
            return self._proceed(turn, amend_plan(plan_of(waiting), parsed), source_of(waiting))
        pending = open_text_question(turn)
        if pending is not None:
            answered = self._answer_text(turn, pending, text, parsed)
            if answered is not None:
                return answered
        if parsed["intent"] == "unknown" and (chat := answers.small_talk(text)) is not None:
            return chat
        return self._dispatch(turn, parsed)

    def _answer_text(self, turn: Turn, pending: Pending, text: str, parsed: Plan) -> Reply | None:
        """Settle an open question with typed text; None when the text is a new message instead."""
        plan = plan_of(pending)
        if pending.kind == "amount":
            try:
                money = parse_money(text, turn.owner.currency)
            except ValueError:
                return Reply("I still need the amount, e.g. 45 or €45.50.") if parsed["intent"] == "unknown" else None
            plan["amount"], plan["currency"] = str(money.amount), money.currency
        elif parsed["intent"] in ("unknown", "query_customer") or parsed["confidence"] < CONFIDENCE_TO_STORE:  # "Marcus Hill"
            plan["customer"] = parsed.get("customer") or text
        else:
            return None
        turn.session.delete(pending)
        return self._proceed(turn, plan, source_of(pending))

    def _edited(self, turn: Turn, text: str, version: str) -> Reply:
        """The edit's text is handled like a new message whose entry replaces the earlier version's (see
        actions.apply): stored together, or, when the edit asks a question or stores nothing, the
        earlier entry stays and the reply says so."""
        revised = Source(turn.source.channel, f"{turn.source.message_id}~{version}")
        if find_applied(turn.session, turn.owner_id, revised) is not None:
            return self._text(replace(turn, source=revised), text)  # this edit was already handled
        earlier = live_operation_for(turn.session, turn.owner_id, turn.source)
        reply = self._text(replace(turn, source=revised, replaces=earlier.id if earlier else None), text)
        if earlier is None:
            return reply
        if find_applied(turn.session, turn.owner_id, revised) is not None:
            return Reply(f"Corrected (the earlier entry is removed). {reply.text}", reply.buttons)
        if waiting_on(turn, revised):
            return Reply(f"{reply.text}\n(Until you answer, the earlier entry stays: {earlier.summary})", reply.buttons)
        return Reply(f"{reply.text}\nThe earlier entry stays as it was: {earlier.summary} (say “undo” to remove it).")

    def _write_once(self, turn: Turn, plan: Plan) -> Reply:
        applied = find_applied(turn.session, turn.owner_id, turn.source)
        return replay(applied) if applied is not None else self._proceed(turn, plan, turn.source)

    def _dispatch(self, turn: Turn, plan: Plan) -> Reply:
        intent = plan["intent"]
        if intent in WRITE_INTENTS:
            return self._proceed(turn, plan, turn.source)
        if intent in QUERIES:
            if intent == "query_customer":
                asked = resolve_customer(turn, plan, turn.source)
                if asked is not None:
                    return asked
            answered = [QUERIES[q["intent"]](turn, q) for q in (plan, *plan.get("also_asked", ()))]
            if len(answered) == 1:
                return answered[0]
            return Reply("\n\n".join(a.text for a in answered), tuple(b for a in answered for b in a.buttons))
        if intent in ("undo", "correct"):
            return self._proceed(turn, plan, turn.source)
        if intent == "help":
            return answers.help_reply()
        return answers.nothing_understood()

    def _proceed(self, turn: Turn, plan: Plan, source: Source) -> Reply:
        """Check, then resolve the customer, then store; any step may stop to ask."""
        if plan["intent"] == "undo":
            return self._undo(turn, None) if is_sure(plan) else self._ask_undo(turn, plan, source)
        if plan["intent"] == "correct":
            asked = resolve_customer(turn, plan, source) if plan.get("customer") else None
            return asked or amend(turn, plan, source)
        stop = check_plan(turn, plan, source) or resolve_customer(turn, plan, source)
        if stop is not None:
            return stop
        if plan["intent"] == "query_customer":
            turn.session.commit()  # the answered question is gone
            return answers.customer(turn, plan)
        if plan.get("more"):  # a message of several facts: this one is settled, on to the next
            return self._proceed(turn, next_fact(plan), source)
        return apply_all(turn, [*plan.pop("settled", []), plan], source) if plan.get("settled") else apply(turn, plan, source)

    def _left_out(self, turn: Turn, plan: Plan, source: Source) -> Reply:
        """"No" to one fact of a message of several leaves that one out, and the others are still settled and stored
        ("... and a CO alarm for 25" asked about an order from "CO"; "No" dropped Dave's smoke alarms too). Facts about
        a customer the owner declined to add go with it."""
        settled = plan.get("settled", [])
        declined = plan.get("customer") if not plan.get("customer_id") else None
        more = [p for p in plan.get("more", []) if not (declined and p.get("customer") == declined and not p.get("customer_id"))]
        if more:
            return _noted_left_out(self._proceed(turn, {**more[0], "more": more[1:], "settled": settled}, source))
        if settled:
            return _noted_left_out(apply_all(turn, settled, source) if len(settled) > 1 else apply(turn, settled[0], source))
        turn.session.commit()
        return Reply("OK, nothing stored.")

    def _ask_undo(self, turn: Turn, plan: Plan, source: Source) -> Reply:
        """"no no wrong, delete the last one": an undo only the learned reading sees is asked about first,
        since an undo cannot itself be undone."""
        last = last_operation(turn.session, turn.owner_id)
        if last is None:
            return Reply("There is nothing to undo.")
        return ask(turn, f"Undo the last change? ({last.summary})", plan, source, [("Yes, undo it", "yes"), ("No", "cancel")],
                   yes="yes")

    def _undo(self, turn: Turn, operation_id: int | None) -> Reply:
        undone = undo(turn.session, turn.owner_id, turn.source, operation_id, now=turn.now)
        return Reply(f"Undone: {undone.summary}")

    # pressed buttons --------------------------------------------------------------------------

    def _choice(self, turn: Turn, data: str) -> Reply:
        applied = find_applied(turn.session, turn.owner_id, turn.source)
        if applied is not None:
            return replay(applied)
        if m := re.fullmatch(r"undo:(\d+)", data):
            return self._undo(turn, int(m.group(1)))
        if m := re.fullmatch(r"done:(\d+)", data):
            return self._done(turn, int(m.group(1)))
        if m := re.fullmatch(r"snooze:(\d+):(\d+)", data):
            return self._snooze(turn, int(m.group(1)), int(m.group(2)))
        if m := re.fullmatch(r"call:(\d+)", data):
            return self._log_call(turn, int(m.group(1)))
        if m := re.fullmatch(r"fu:(\d+)", data):
            return self._follow_up_tomorrow(turn, int(m.group(1)))
        if m := re.fullmatch(r"p(\d+):(\w+)", data):
            return self._answer_choice(turn, int(m.group(1)), m.group(2))
        return Reply("That button is no longer valid.")

    def _answer_choice(self, turn: Turn, pending_id: int, choice: str) -> Reply:
        pending = take(turn, pending_id)
        if pending is None:
            return Reply("That question was already answered or has expired; nothing changed.")
        plan = plan_of(pending)
        if choice == "cancel":
            return self._left_out(turn, plan, source_of(pending))
        if choice == "yes":
            plan["confirmed"] = True
        elif choice == "new":
            plan["create_customer"] = True
        elif choice == "amount":
            plan["amount_ok"] = True
        elif choice in ("usecur", "keepcur"):
            plan["currency_ok"] = True
            if choice == "usecur":  # committed with the order the answer lets through
                turn.owner.currency = plan["currency"]
                turn.session.add(turn.owner)
        elif choice == "keepdate":
            plan["date_ok"] = True
        elif choice == "today":
            plan["date_ok"] = True
            plan["date" if plan["intent"] != "add_followup" else "due"] = turn.today.isoformat()
        elif choice.startswith("c") and choice[1:].isdigit():
            plan["customer_id"] = get_customer(turn.session, turn.owner_id, int(choice[1:])).id
            if plan["intent"] == "add_customer":
                plan["intent"] = "update_customer"
        else:
            return Reply("That button is no longer valid.")
        return self._proceed(turn, plan, source_of(pending))

    def _done(self, turn: Turn, followup_id: int) -> Reply:
        rec = Recorder(turn.session, turn.owner_id, turn.source, "complete_followup", now=turn.now)
        followup = records.complete_followup_by_id(turn.session, turn.owner_id, rec, followup_id)
        op, _ = rec.commit(f"Done: {self._followup_words(turn, followup)}.")
        return replay(op)

    def _snooze(self, turn: Turn, followup_id: int, days: int) -> Reply:
        rec = Recorder(turn.session, turn.owner_id, turn.source, "snooze_followup", now=turn.now)
        followup = records.snooze_followup(turn.session, turn.owner_id, rec, followup_id, days, turn.owner.timezone, turn.now)
        when = (local_day_time if followup.has_time else local_day)(followup.due_at, turn.owner.timezone, turn.now)
        op, _ = rec.commit(f"Snoozed: {self._followup_words(turn, followup)}, now due {when}.")
        return replay(op)

    @staticmethod
    def _followup_words(turn: Turn, followup: FollowUp) -> str:
        """"follow-up with Anna Lee", or for the owner's own to-do "your to-do: order brake pads"."""
        if followup.customer_id is None:
            return f"your to-do: {followup.note or 'follow up'}"
        return f"follow-up with {get_customer(turn.session, turn.owner_id, followup.customer_id).name}"

    def _log_call(self, turn: Turn, followup_id: int) -> Reply:
        """A digest's "Log call": a call with that follow-up's customer now, which closes what is due."""
        followup = records.followup_of(turn.session, turn.owner_id, followup_id)
        if followup.customer_id is None:
            return Reply("That to-do is about no customer, so there is no call to log.")
        plan = {"intent": "log_interaction", "customer_id": followup.customer_id, "kind": "call", "confidence": 1.0}
        return self._write_once(turn, plan)

    def _follow_up_tomorrow(self, turn: Turn, customer_id: int) -> Reply:
        """The at-risk list's button: a follow-up tomorrow morning, once per customer and day."""
        customer = get_customer(turn.session, turn.owner_id, customer_id)
        source = Source(turn.source.channel, f"fu:{customer_id}:{turn.today.isoformat()}")
        applied = find_applied(turn.session, turn.owner_id, source)
        if applied is not None:
            return replay(applied)
        rec = Recorder(turn.session, turn.owner_id, source, "add_followup", now=turn.now)
        due = turn.at(turn.today + timedelta(days=1), time(9, 0))
        records.add_followup(turn.session, turn.owner_id, rec, customer_id=customer_id, due_at=due, has_time=True,
                             note="check in (at risk)")
        op, _ = rec.commit(f"Follow-up set: {customer.name}, tomorrow 09:00: check in (at risk).")
        return replay(op)
