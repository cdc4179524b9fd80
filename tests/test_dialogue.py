"""Conversations end to end through the one dialogue core, on a real SQLite file (tests/talk.py)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from bot.dialogue import Dialogue, Reply
from crm.db import make_engine, session_scope
from crm.models import Customer, Feedback, FollowUp, Interaction, Order
from crm.services.oplog import Source
from crm.types import utcnow
from tests.talk import BERLIN_ZONE, NOW, Chat, rows


def orders(engine):
    with session_scope(engine) as s:
        return [(name, o.amount_minor, o.currency, o.occurred_at.astimezone().date().isoformat())
                for o, name in s.exec(select(Order, Customer.name).join(Customer).order_by(Order.id)).all()]


def labels(reply: Reply) -> list[str]:
    return [b.label for b in reply.buttons]


def add_customers(chat, *names):
    for name in names:
        assert chat.say(f"new customer {name}").text.startswith("Added customer")


def test_new_customer_is_confirmed_then_the_order_is_stored(chat, engine):
    reply = chat.say("Lena bought 3 scarves for 75 eur yesterday")
    assert reply.text == "I don't know Lena yet: add them as a new customer?"
    assert labels(reply) == ["Add Lena", "Cancel"]
    assert rows(engine, Order) == []
    reply = chat.press("Add Lena")
    assert reply.text == "New customer Lena. Logged order: Lena, EUR 75.00, 10 Mar (3 × scarves)."
    assert labels(reply) == ["Undo"]
    [(name, minor, cur, _)] = orders(engine)
    assert (name, minor, cur) == ("Lena", 7500, "EUR")
    order = rows(engine, Order)[0]
    assert order.occurred_at.tzinfo is not None and order.occurred_at.astimezone().date().isoformat() == "2026-03-10"


def test_ambiguous_name_is_resolved_with_buttons(chat, engine):
    add_customers(chat, "Anna Schmidt", "Anna Lee")
    reply = chat.say("Anna bought 2 candles for 45")
    assert reply.text == "Which Anna?"
    assert labels(reply) == ["Anna Lee", "Anna Schmidt", "New customer Anna", "Cancel"]
    assert chat.press("Anna Schmidt").text == "Logged order: Anna Schmidt, EUR 45.00, 11 Mar (2 × candles)."
    assert [o[:2] for o in orders(engine)] == [("Anna Schmidt", 4500)]


def test_a_question_answered_twice_changes_nothing_twice(chat, engine):
    add_customers(chat, "Anna Schmidt", "Anna Lee")
    question = chat.say("Anna bought 2 candles for 45")
    chat.press("Anna Lee", question)
    again = chat.press("Anna Schmidt", question)
    assert "already answered" in again.text
    assert [o[:2] for o in orders(engine)] == [("Anna Lee", 4500)]


def test_cancel_stores_nothing(chat, engine):
    chat.say("Bob bought a lamp for 120")
    assert chat.press("Cancel").text == "OK, nothing stored."
    assert rows(engine, Customer) == [] and rows(engine, Order) == []


def test_undo_by_word_and_by_button(chat, engine):
    add_customers(chat, "Anna Schmidt")
    first = chat.say("Anna bought candles for 10")
    chat.say("Anna bought candles for 20")
    assert chat.say("undo").text == "Undone: Logged order: Anna Schmidt, EUR 20.00, 11 Mar (candles)."
    assert [o[1] for o in orders(engine)] == [1000]
    assert chat.press("Undo", first).text.startswith("Undone: Logged order: Anna Schmidt, EUR 10.00")
    assert orders(engine) == []
    assert "already undone" in chat.press("Undo", first).text


def test_redelivered_message_is_stored_once_and_answered_the_same(chat, engine):
    add_customers(chat, "Anna Schmidt")
    first = chat.say("Anna bought candles for 10", message_id="m-1")
    again = chat.say("Anna bought candles for 10", message_id="m-1")
    assert again == first and len(orders(engine)) == 1


def test_a_question_survives_a_restart(engine, db_path, owner_id):
    before = Chat(Dialogue(engine, clock=lambda: NOW), owner_id)
    question = before.say("Greta bought bread for 4.50")
    engine.dispose()
    restarted_engine = make_engine(f"sqlite:///{db_path}")
    after = Chat(Dialogue(restarted_engine, clock=lambda: NOW), owner_id)
    assert after.press("Add Greta", question).text.startswith("New customer Greta. Logged order: Greta, EUR 4.50")
    assert len(orders(restarted_engine)) == 1


def test_missing_amount_is_asked_for(chat, engine):
    add_customers(chat, "Anna Schmidt")
    assert chat.say("Anna bought candles").text.startswith("How much was it?")
    assert chat.say("€45.50").text == "Logged order: Anna Schmidt, EUR 45.50, 11 Mar (candles)."


def test_missing_customer_is_asked_for(chat, engine):
    add_customers(chat, "Marcus Hill")
    assert chat.say("sold 4 plants for 48").text == "Who was that? Type the customer's name."
    assert chat.say("Marcus Hill").text.startswith("Logged order: Marcus Hill, EUR 48.00")


def test_future_order_date_is_questioned(chat, engine):
    add_customers(chat, "Anna Schmidt")
    reply = chat.say("Anna bought candles for 20 tomorrow")
    assert reply.text == "12 Mar is in the future. Log it for today instead?"
    assert labels(reply) == ["Log for today", "Cancel"]
    assert "20 Dec is in the future" in chat.say("Anna bought candles for 20 on 20 december 2026").text
    assert rows(engine, Order) == []
    assert chat.press("Log for today").text.startswith("Logged order: Anna Schmidt, EUR 20.00, 11 Mar")


def test_a_date_without_year_in_an_order_is_the_last_one(chat, engine):
    add_customers(chat, "Anna Schmidt")
    assert chat.say("Anna bought candles for 20 on 20 december").text.startswith(
        "Logged order: Anna Schmidt, EUR 20.00, 20 Dec 2025")


def test_negative_amount_is_refused(chat, engine):
    add_customers(chat, "Anna Schmidt")
    assert "negative" in chat.say("Anna paid -20 eur").text
    assert rows(engine, Order) == []


@pytest.mark.parametrize("text", ["hmm", "asdf qwerty", "the weather is nice"])
def test_nonsense_is_answered_and_never_stored(chat, engine, text):
    reply = chat.say(text)
    assert "didn't understand" in reply.text
    assert rows(engine, Customer) == [] and rows(engine, Order) == []


def test_unknown_customer_in_a_question(chat):
    assert chat.say("how is Zed doing?").text.startswith("I don't know Zed.")


def test_follow_up_then_a_call_closes_it(chat, engine):
    add_customers(chat, "Lena Park")
    assert chat.say("remind me to call Lena on friday").text.startswith("Follow-up set: Lena Park, 13 Mar")
    assert chat.say("remind me to call Lena today").text.startswith("Follow-up set: Lena Park, 11 Mar")
    reply = chat.say("called Lena about the order")
    assert reply.text.startswith("Logged call with Lena Park, 11 Mar") and "marked done" in reply.text
    open_ = [f for f in rows(engine, FollowUp) if f.done_at is None]
    assert len(open_) == 1  # Friday's stays


def test_due_list_has_done_snooze_and_call_buttons(chat, engine):
    add_customers(chat, "Lena Park", "Tom Berg", "Ida Koch")
    chat.say("remind me to call Lena today")
    chat.say("remind me to call Tom today at 3pm")
    chat.say("remind me to email Ida today")
    reply = chat.say("anything due today?")
    assert reply.text.startswith("Your day, 11 Mar:") and "• Tom Berg: call Tom, 11 Mar 15:00" in reply.text
    assert labels(reply)[:4] == ["✓ Lena Park", "+1 day", "+1 week", "Log call"]
    assert chat.press("✓ Lena Park").text == "Done: follow-up with Lena Park."
    assert "Lena Park" not in chat.say("/today").text
    assert chat.press("+1 week").text == "Snoozed: follow-up with Ida Koch, now due 18 Mar."
    chat.say("/today")
    assert chat.press("+1 day").text == "Snoozed: follow-up with Tom Berg, now due 12 Mar 15:00."
    chat.say("undo")  # back to today 15:00
    chat.say("/today")
    logged = chat.press("Log call").text
    assert logged.startswith("Logged call with Tom Berg") and "marked done" in logged
    assert chat.say("anything due today?").text == "Nothing due today (11 Mar)."
    [ida] = [f for f in rows(engine, FollowUp) if f.done_at is None]
    assert ida.due_at.astimezone(BERLIN_ZONE).date() == date(2026, 3, 18)


def test_duplicate_new_customer_is_questioned(chat, engine):
    chat.say("new customer Greta Olsen, greta@olsen.no, +47 912 34 567")
    reply = chat.say("add client greta olsen +4791234567")
    assert reply.text.startswith("You already have Greta Olsen")
    assert labels(reply) == ["Update Greta Olsen", "Add as new", "Cancel"]
    assert len(rows(engine, Customer)) == 1


def test_customer_updates_and_feedback(chat, engine):
    add_customers(chat, "Marcus Hill")
    assert chat.say("Marcus Hill's birthday is 12 august").text == "Updated Marcus Hill: birthday 08-12."
    assert chat.say("tag Marcus wholesale").text == "Updated Marcus Hill: tags wholesale."
    assert chat.say("Marcus gave us 9/10").text.startswith("Logged feedback from Marcus Hill: 9/10")
    [feedback] = rows(engine, Feedback)
    assert (feedback.score, feedback.scale) == (Decimal("9"), 10)


def test_questions_are_answered_from_the_data(chat, engine):
    add_customers(chat, "Anna Schmidt", "Bob Stone")
    chat.say("Anna bought candles for 45")
    chat.say("Bob bought a lamp for 120.50")
    chat.say("rang Anna about the delivery")
    assert chat.say("sales this month").text == "Sales this month: EUR 165.50 from 2 orders, 2 customers."
    top = chat.say("top customers").text.splitlines()
    assert top[1:] == ["1. Bob Stone: EUR 120.50 (1 order)", "2. Anna Schmidt: EUR 45.00 (1 order)"]
    summary = chat.say("how is Anna doing?").text
    assert "1 order, EUR 45.00 in total" in summary and "Last contact: call 11 Mar" in summary
    assert "Nobody looks at risk" in chat.say("who's at risk?").text
    assert len(rows(engine, Interaction)) == 1


def test_owners_never_see_each_other(dialogue, engine, owner_id, other_owner_id):
    mine, theirs = Chat(dialogue, owner_id), Chat(dialogue, other_owner_id)
    add_customers(mine, "Anna Schmidt")
    mine.say("Anna bought candles for 45")
    assert theirs.say("how is Anna Schmidt doing?").text.startswith("I don't know Anna Schmidt")
    assert theirs.say("sales this month").text == "No sales this month."
    assert "nothing to undo" in theirs.say("undo").text
    assert len(orders(engine)) == 1


def test_settings_command(chat):
    assert "timezone: Europe/Berlin" in chat.say("/settings").text
    assert "currency: USD" in chat.say("/settings currency usd").text
    assert "isn't a currency" in chat.say("/settings currency xyz").text


def test_a_failure_inside_is_a_plain_answer_and_stores_nothing(chat, engine, monkeypatch):
    add_customers(chat, "Anna Schmidt")
    from crm.services import records

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(records, "log_order", broken)
    reply = chat.say("Anna bought candles for 45")
    assert reply.text.startswith("Sorry, something went wrong on my side, and nothing was stored")
    assert rows(engine, Order) == []


def test_a_doubtful_parse_is_confirmed_before_storing(chat, engine):
    add_customers(chat, "Nora Berg")
    reply = chat.say("Nora 75")
    assert reply.text == "Did you mean an order from Nora, EUR 75.00, 11 Mar?" and labels(reply) == ["Yes", "No"]
    assert rows(engine, Order) == []
    assert chat.press("Yes").text == "Logged order: Nora Berg, EUR 75.00, 11 Mar."
    chat.say("Nora 20")
    assert chat.press("No").text == "OK, nothing stored."
    assert len(rows(engine, Order)) == 1


def test_an_edited_message_corrects_its_record(chat, dialogue, owner_id, engine):
    add_customers(chat, "Anna Schmidt")
    chat.say("Anna bought candles for 45", message_id="m-7")
    corrected = dialogue.edit(owner_id, "Anna bought candles for 54", Source("test", "m-7"), version="1")
    assert corrected.text == "Corrected (the earlier entry is removed). Logged order: Anna Schmidt, EUR 54.00, 11 Mar (candles)."
    again = dialogue.edit(owner_id, "Anna bought candles for 50", Source("test", "m-7"), version="2")
    assert again.text.startswith("Corrected") and [o[1] for o in orders(engine)] == [5000]
    assert dialogue.edit(owner_id, "Anna bought candles for 50", Source("test", "m-7"), version="2") == Reply(
        again.text.removeprefix("Corrected (the earlier entry is removed). "), again.buttons)
    assert [o[1] for o in orders(engine)] == [5000]


def test_a_contact_card_adds_or_updates_a_customer(dialogue, owner_id, engine):
    reply = dialogue.contact(owner_id, "Ida Berg", "+491605550123", Source("test", "c-1"))
    assert reply.text == "Added customer: Ida Berg (+491605550123)."
    assert dialogue.contact(owner_id, "Ida Berg", "+491605550123", Source("test", "c-1")) == reply  # redelivered
    second = dialogue.contact(owner_id, "Ida B.", "+49 160 5550123", Source("test", "c-2"))
    assert second.text.startswith("You already have Ida Berg") and len(rows(engine, Customer)) == 1


def test_who_is_at_risk_lists_reasons_and_a_follow_up_button(chat, engine, owner_id):
    from datetime import timedelta

    from crm.money import Money
    from crm.services import customers, records
    from crm.services.oplog import Recorder

    with session_scope(engine) as s:
        rec = Recorder(s, owner_id, Source("seed"), "seed", now=utcnow())
        regular = customers.add_customer(s, owner_id, rec, name="Rita Regular")
        lapsed = customers.add_customer(s, owner_id, rec, name="Lars Lapsed")
        for week in range(0, 30, 2):
            records.log_order(s, owner_id, rec, customer_id=regular.id, money=Money(Decimal("20"), "EUR"),
                              occurred_at=NOW - timedelta(weeks=30 - week))
        for week in range(0, 12, 2):
            records.log_order(s, owner_id, rec, customer_id=lapsed.id, money=Money(Decimal("45.50"), "EUR"),
                              occurred_at=NOW - timedelta(weeks=30 - week))
        rec.commit("seed")
    reply = chat.say("who's at risk?")
    assert reply.text.splitlines()[1].startswith("1. Lars Lapsed: usually orders every 2 weeks, last order 20 weeks ago, EUR 273.00 so far")
    assert "Rita Regular" not in reply.text and labels(reply) == ["Follow up Lars Lapsed"]
    assert chat.press("Follow up Lars Lapsed").text == "Follow-up set: Lars Lapsed, tomorrow 09:00: check in (at risk)."
    summary = chat.say("how is Lars Lapsed doing?").text
    assert "Segment: " in summary and "likely lost" in summary and "lifetime value EUR" in summary
    assert "Stage: lapsed; next: a win-back offer" in summary or "Stage: at risk; next: call them" in summary


def test_segments_and_top_by_lifetime_value(chat):
    add_customers(chat, "Anna Schmidt", "Bob Stone")
    chat.say("Anna bought candles for 45 yesterday")
    chat.say("Bob bought a lamp for 120")
    segments = chat.say("show me my customer segments").text
    assert segments.startswith("Your customers by segment:") and "•" in segments
    top = chat.say("top customers by lifetime value").text
    assert top.startswith("Top customers by lifetime value")


def test_week_and_settings_for_pushes(chat, engine):
    add_customers(chat, "Anna Schmidt")
    chat.say("Anna bought candles for 45 yesterday")
    week = chat.say("/week")
    assert week.text.startswith("Your week, 2 Mar – 8 Mar:") and week.photo is not None and week.photo.startswith(b"\x89PNG")
    shown = chat.say("/settings weekly friday").text
    assert "• weekly_day: fri" in shown
    assert "• quiet_digest: True" in chat.say("/settings quiet on").text
    assert "• digest_time: 07:30" in chat.say("/settings digest 7:30").text
    assert chat.say("/settings weekly someday").text.startswith("“someday” isn't a day of the week")
