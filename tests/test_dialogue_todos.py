"""The owner's own to-dos ("remind me to order more brake pads") and a later "she" meaning the customer just logged.
(Seen in a terminal day: the to-do asked "Who was that?", and "she wants the brakes checked in 3 weeks", sent after
an order, asked "a follow-up with someone?".)"""
from __future__ import annotations

import csv
from datetime import timedelta

from crm.db import session_scope
from crm.io.csv_export import export_all
from crm.models import Customer, FollowUp, Order
from crm.services.digests import due_reminders
from tests.talk import NOW, rows


def test_an_own_to_do_is_a_reminder_for_the_owner_listed_done_and_undone(engine, chat):
    reply = chat.say("remind me to order more brake pads tomorrow")
    assert reply.text.startswith("Reminder set for you, 12 Mar: order more brake pads.")
    [todo] = rows(engine, FollowUp)
    assert todo.customer_id is None and rows(engine, Customer) == []
    due = chat.say("what's due tomorrow?")
    assert due.text == "Due tomorrow:\n• You: order more brake pads, 12 Mar"
    assert [b.label for b in due.buttons] == ["✓ Done", "+1 day", "+1 week"]  # no call to log with no one
    assert chat.press("✓ Done", due).text.startswith("Done: your to-do: order more brake pads.")
    assert rows(engine, FollowUp)[0].done_at is not None
    chat.say("undo")
    assert rows(engine, FollowUp)[0].done_at is None


def test_an_own_to_do_after_a_sale_is_not_the_customer_s(engine, chat):
    chat.say("new customer Tom Berg")
    reply = chat.say("Tom paid 40, remind me tomorrow to order more pads")
    assert reply.text.splitlines()[:2] == ["Logged order: Tom Berg, EUR 40.00, 11 Mar.",
                                           "Reminder set for you, 12 Mar: order more pads."]
    [order], [todo] = rows(engine, Order), rows(engine, FollowUp)
    assert order.customer_id is not None and todo.customer_id is None


def test_a_to_do_that_reaches_someone_still_asks_who(chat):
    assert chat.say("remind me to call back tomorrow").text == "Who was that? Type the customer's name."


def test_a_timed_own_to_do_is_pushed_and_exported_without_a_customer(engine, chat, owner_id, tmp_path):
    chat.say("remind me to renew the van insurance at 3pm")
    with session_scope(engine) as session:
        [(owner, reminder)] = due_reminders(session, NOW + timedelta(hours=6))
        assert (owner, reminder.customer_name, reminder.followup.note) == (owner_id, None, "renew the van insurance")
        export_all(session, owner_id, tmp_path)
    with open(tmp_path / "followups.csv", newline="", encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    assert (row["customer"], row["note"]) == ("", "renew the van insurance")


def test_she_in_a_later_message_is_the_customer_just_logged(engine, chat):
    chat.say("new customer Sanne de Vries")
    chat.say("Sanne bought a new chain for 85")
    assert chat.say("she wants the brakes checked in 3 weeks").text.startswith(
        "Follow-up set: Sanne de Vries, 1 Apr: she wants the brakes checked.")


def test_a_customer_is_renamed_and_undo_gives_the_old_name_back(engine, chat):
    """A terminal day: "Mrs Patel's first name is Anjali" was not understood."""
    chat.say("new customer Mrs Patel")
    assert chat.say("Mrs Patel's first name is Anjali").text.startswith("Renamed Mrs Patel → Anjali Patel.")
    assert [c.name for c in rows(engine, Customer)] == ["Anjali Patel"]
    assert chat.say("how is Anjali doing?").text.startswith("Anjali Patel")
    chat.say("undo")
    assert [(c.name, c.name_key) for c in rows(engine, Customer)] == [("Mrs Patel", "mrs patel")]
