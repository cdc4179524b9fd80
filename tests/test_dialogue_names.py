"""The owner's customers are the first dictionary of names: "sld 2 rads to dave 140 ea" is Dave's order when the
owner has a Dave, and "Priyanka Das" is not cut to "Priyanka". (Seen on held-out messages of a plumber typing on a
phone and of a dog groomer whose customers' surnames are words.)"""
from __future__ import annotations

import pytest

from bot.parsing import ParseContext, parse
from crm.models import Customer, Order
from tests.talk import NOW, rows

KNOWN = ("Dave Miller", "Klein", "Jansen", "Will May", "Rose Long", "Priyanka Das", "Anna Le", "Kowalski")
CTX = ParseContext(now=NOW, tz="Europe/Berlin", currency="EUR", region="DE", customers=KNOWN)
BARE = ParseContext(now=NOW, tz="Europe/Berlin", currency="EUR", region="DE")


@pytest.mark.parametrize(("text", "name"), [
    ("sld 2 rads to dave 140 ea", "dave"),
    ("emergency callout sat nite klein pd 180", "klein"),
    ("installed new boiler mrs kowalski pd 1850 cash", "kowalski"),
    ("hows jansen doin", "jansen"),
    ("Priyanka Das bought the deluxe spa package for Biscuit, 85 euros", "Priyanka Das"),
    ("Anna Le paid €55 yesterday for the de-shedding treatment", "Anna Le"),
    ("done with the Will May reminder", "Will May"),
])
def test_a_customer_the_owner_has_is_found_as_written(text, name):
    assert parse(text, CTX).customer == name


def test_a_name_that_is_a_word_counts_only_capitalized():
    assert parse("remind me: will pay the deposit tomorrow, says Klein", CTX).customer == "Klein"


def test_without_customers_the_rules_read_names_as_before():
    assert parse("done with the Will May reminder", BARE).customer == "Will"  # "May" is a month to the rules alone
    assert parse("Priyanka Das bought the deluxe spa package for Biscuit, 85 euros", BARE).customer == "Priyanka Das"


def test_in_the_dialogue_a_lower_case_name_is_the_customer_it_names(engine, chat):
    chat.say("new customer Dave Miller")
    assert chat.say("sld 2 rads to dave 140 ea").text.startswith("Logged order: Dave Miller, EUR 280.00")
    [dave] = rows(engine, Customer)
    assert [o.customer_id for o in rows(engine, Order)] == [dave.id]


def test_him_in_the_next_message_is_the_customer_just_logged(engine, chat):
    chat.say("new customer Tom Berg")
    chat.say("called Tom about the repair")
    assert chat.say("remind me to call him again friday").text == "Follow-up set: Tom Berg, 13 Mar: call him again."


def test_him_with_nothing_logged_recently_is_asked_about(chat):
    assert chat.say("remind me to call him again friday").text == "Who was that? Type the customer's name."
