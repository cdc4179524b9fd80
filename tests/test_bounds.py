"""Nonsense is never stored and odd input never breaks a turn: hard bounds refuse in plain words,
implausible values ask, control characters go, and any message or answer gets a reply."""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.dialogue import Dialogue
from bot.dialogue.replies import Button, Reply
from bot.terminal import TerminalChat
from crm.bounds import EARLIEST, LATEST_AHEAD, MAX_AMOUNT, MAX_NAME_CHARS, MAX_TEXT_CHARS
from crm.db import session_scope
from crm.errors import Invalid
from crm.models import Customer, FollowUp, Interaction, Order
from crm.money import Money
from crm.services import customers, records
from crm.services.oplog import Recorder, Source
from crm.services.owners import update_settings
from crm.types import utcnow
from tests.talk import BERLIN_ZONE, NOW, Chat, rows

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def chat(engine, owner_id):
    talk = Chat(Dialogue(engine, clock=lambda: NOW), owner_id)
    talk.say("new customer Anna Schmidt")
    return talk


def test_an_amount_beyond_storage_is_refused_in_plain_words(engine, chat):
    reply = chat.say("Anna Schmidt bought bread for 12345678901234567890")
    assert reply.text == "12,345,678,901,234,567,890 EUR is more than any order I can store. Nothing was stored."
    assert rows(engine, Order) == []


def test_a_very_large_amount_is_asked_about_and_stored_when_confirmed(engine, chat):
    question = chat.say("Anna Schmidt bought a van for 1000000")
    assert question.text == "EUR 1,000,000.00 is a very large amount. Store it as it is?"
    assert [b.label for b in question.buttons] == ["Yes, store it", "Cancel"]
    assert rows(engine, Order) == []
    assert chat.press("Yes, store it").text.startswith("Logged order: Anna Schmidt, EUR 1,000,000.00")
    assert [o.amount_minor for o in rows(engine, Order)] == [100_000_000]


def test_an_ordinary_amount_in_a_currency_without_cents_is_not_asked_about(engine, owner_id, chat):
    assert chat.say("Anna Schmidt bought a tea set for ¥150000").text.startswith("Your currency is set to EUR")
    assert chat.press("No, keep EUR").text.startswith("Logged order: Anna Schmidt, JPY 150,000")


def test_a_date_before_1900_is_refused_and_one_long_ago_is_asked_about(engine, chat):
    assert chat.say("Anna Schmidt bought bread for 45 on 1 jan 1850").text.startswith("1850-01-01 can't be right for an order")
    question = chat.say("Anna Schmidt bought bread for 45 on 3 march 2019")
    assert question.text == "3 Mar 2019 is more than ten months ago. Is that right?"
    assert chat.press("Keep 3 Mar 2019").text.startswith("Logged order: Anna Schmidt, EUR 45.00, 3 Mar 2019")
    assert [o.occurred_at.year for o in rows(engine, Order)] == [2019]


def test_a_follow_up_in_9999_is_refused_and_one_years_ahead_is_asked_about(engine, chat):
    assert chat.say("remind me to call Anna Schmidt on 31.12.9999").text.startswith("9999-12-31 can't be right for a follow-up")
    question = chat.say("remind me to call Anna Schmidt on 1 jan 2030")
    assert question.text.endswith("is more than two years ahead. Is that right?")
    assert chat.press("Keep 1 Jan 2030").text.startswith("Follow-up set: Anna Schmidt, 1 Jan 2030")
    assert [f.due_at.astimezone(BERLIN_ZONE).date().isoformat() for f in rows(engine, FollowUp)] == ["2030-01-01"]


def test_control_characters_never_reach_the_database(engine, chat):
    chat.say("called Anna Schmidt about the \x1b[31mred\x1b[0m vase\x07")
    [call] = rows(engine, Interaction)
    assert not CONTROL.search(call.summary or "") and "red" in (call.summary or "")


def test_the_services_refuse_what_no_business_could_mean(engine, owner_id):
    with session_scope(engine) as session:
        rec = Recorder(session, owner_id, Source("test"), "test", now=utcnow())
        with pytest.raises(Invalid, match=f"at most {MAX_NAME_CHARS} characters"):
            customers.add_customer(session, owner_id, rec, name="A" * 10_000)
        anna = customers.add_customer(session, owner_id, rec, name="An\x00na\x1b[2J Lee", notes="line one\nline two\x07")
        assert (anna.name, anna.notes) == ("An na [2J Lee", "line one\nline two")
        with pytest.raises(Invalid, match="at most 2,000 characters"):
            customers.add_customer(session, owner_id, rec, name="Bo", notes="x" * (MAX_TEXT_CHARS + 1))
        now = datetime.now(UTC)
        for money, when in [(Money(MAX_AMOUNT, "EUR"), now), (Money(Decimal(10) ** 15, "EUR"), now),
                            (Money(Decimal(5), "EUR"), datetime(1, 1, 1, tzinfo=UTC))]:
            with pytest.raises(Invalid):
                records.log_order(session, owner_id, rec, customer_id=anna.id, money=money, occurred_at=when)
        with pytest.raises(Invalid):
            records.log_order(session, owner_id, rec, customer_id=anna.id, money=Money(Decimal(5), "EUR"),
                              occurred_at=now, quantity=10**20)
        with pytest.raises(Invalid, match="ten years ahead"):
            records.add_followup(session, owner_id, rec, customer_id=anna.id, due_at=datetime(9999, 1, 1, tzinfo=UTC),
                                 has_time=False)
        with pytest.raises(Invalid, match="isn't a scale"):
            records.add_feedback(session, owner_id, rec, customer_id=anna.id, occurred_at=now, score=Decimal(5),
                                 scale=10**20)


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "ABC", "EURO", ""])
def test_a_currency_that_is_no_money_is_refused(engine, owner_id, code):
    with session_scope(engine) as session, pytest.raises(Invalid, match="isn't a currency code I know"):
        update_settings(session, owner_id, currency=code)


@pytest.mark.parametrize("code", ["EUR", "usd", "CNY", "XOF", "JPY", "CHF"])
def test_a_currency_in_use_is_accepted(engine, owner_id, code):
    with session_scope(engine) as session:
        assert update_settings(session, owner_id, currency=code).currency == code.upper()


@given(st.text(max_size=60) | st.sampled_from(["²", "٣", "9" * 5000, "0", "-1", " 2 ", "1e3", "１"]))
def test_any_answer_to_a_question_with_choices_picks_a_button_or_none(answer):
    reply = Reply("Which Anna?", (Button("Anna Lee", "p1:c1"), Button("Anna Berg", "p1:c2")))
    picked = reply.button_for(answer)
    assert picked is None or picked in reply.buttons


def test_the_terminal_chat_goes_on_after_odd_answers(engine, owner_id):
    out = io.StringIO()
    chat = TerminalChat(Dialogue(engine), owner_id, out)
    lines = ["new customer Anna Lee", "new customer Anna Berg", "Anna bought jam for 4", "²", "9" * 5000, "top customers"]
    chat.run(io.StringIO("\n".join(lines) + "\n"), interactive=False)
    assert "Top customers" in out.getvalue() or "No orders" in out.getvalue()
    assert "Traceback" not in out.getvalue()


HOSTILE = st.text(st.characters(codec="utf-8"), max_size=200) | st.builds(
    lambda name, number, tail: f"{name} bought {tail} for {number}",
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30) | st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(["bread", "x\x00y", "\x1b[2J", "on 01.01.0001", "on 31.12.9999", "yesterday", "99999999999 loaves"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=HOSTILE, press_first=st.booleans())
def test_hostile_messages_get_a_plain_reply_and_store_nothing_out_of_bounds(engine, owner_id, message, press_first):
    chat = Chat(Dialogue(engine, clock=lambda: NOW), owner_id)
    reply = chat.say(message)
    if press_first and reply.buttons:
        reply = chat.press(reply.buttons[0].label)
    assert reply.text and "Traceback" not in reply.text and "went wrong" not in reply.text
    for customer in rows(engine, Customer):
        assert len(customer.name) <= MAX_NAME_CHARS and not CONTROL.search(customer.name + (customer.notes or ""))
    for order in rows(engine, Order):
        assert abs(order.amount_minor) < MAX_AMOUNT * 100
        assert EARLIEST <= order.occurred_at <= datetime.now(UTC) + timedelta(days=1)
    for followup in rows(engine, FollowUp):
        assert followup.due_at <= datetime.now(UTC) + LATEST_AHEAD


def test_a_full_disk_is_named_and_nothing_is_half_stored(db_path, owner_id):
    """SQLite's max_page_count makes the real SQLITE_FULL error ("database or disk is full") appear."""
    from sqlalchemy import event

    from crm.db import make_engine

    full = make_engine(f"sqlite:///{db_path}")
    event.listen(full, "connect", lambda conn, _record: conn.execute(
        f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}"))
    talk = Chat(Dialogue(full, clock=lambda: NOW), owner_id)
    added = 0
    while (reply := talk.say(f"new customer Anna Schmidt{added:04d}")).text.startswith("Added customer"):
        added += 1
        assert added < 5000
    assert reply.text == "I couldn't store that: the disk is full. Free some space, then try again. Nothing was stored."
    full.dispose()
    assert rows_in(db_path, "customer") == added


def rows_in(db_path, table: str) -> int:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_read_only_database_is_named_and_nothing_is_stored(db_path, owner_id):
    """query_only raises SQLite's own SQLITE_READONLY, as a file without write permission does."""
    from sqlalchemy import event

    from crm.db import make_engine

    locked = make_engine(f"sqlite:///{db_path}")
    event.listen(locked, "connect", lambda conn, _record: conn.execute("PRAGMA query_only = ON"))
    reply = Chat(Dialogue(locked, clock=lambda: NOW), owner_id).say("new customer Anna Schmidt")
    assert reply.text == "I couldn't store that: the database is read-only (check the file's permissions). Nothing was stored."
    locked.dispose()
    assert rows_in(db_path, "customer") == 0


def test_a_message_over_the_parsers_limit_gets_a_plain_answer_at_once(engine, chat):
    from bot.parsing import MAX_MESSAGE_CHARS

    reply = chat.say("Anna Schmidt bought bread for 4. " * 1200)
    assert reply.text.startswith(f"That message is too long for me (39,600 characters; I read up to {MAX_MESSAGE_CHARS:,})")
    assert rows(engine, Order) == []
