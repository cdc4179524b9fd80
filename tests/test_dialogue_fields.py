"""Each detail lands in its field: a feedback's comment beside its score, the item of "soap x4 @ 3.50",
and a customer's company in a field of its own ("Lena Fischer, Bäckerei Fischer" was stored as her city)."""
from __future__ import annotations

import pytest

from bot.parsing import ParseContext, parse
from bot.parsing.en.companies import names_a_company
from crm.models import Customer, Feedback, Order
from tests.talk import NOW, rows

CTX = ParseContext(now=NOW, tz="Europe/Berlin", currency="EUR", region="DE")


def test_a_score_keeps_the_words_that_came_with_it(engine, chat):
    chat.say("new customer Ines Roth")
    reply = chat.say("Ines rated us 7 out of 10, slow feedback loop")
    assert reply.text == "Logged feedback from Ines Roth: 7/10 “slow feedback loop” (11 Mar)."
    [feedback] = rows(engine, Feedback)
    assert (feedback.score, feedback.scale, feedback.comment) == (7, 10, "slow feedback loop")


@pytest.mark.parametrize("text", ["Tom gave us 9/10", "Tom gave us a 5 star review", "Tom rated 8", "nps 9 from Tom"])
def test_a_score_alone_has_no_comment(text):
    assert parse(text, CTX).comment is None


def test_the_item_before_its_count_is_what_was_bought(engine, chat):
    chat.say("new customer Ana Costa")
    reply = chat.say("Ana bought soap x4 @ 3.50")
    assert reply.text == "Logged order: Ana Costa, EUR 14.00, 11 Mar (4 × soap)."
    [order] = rows(engine, Order)
    assert (order.amount_minor, order.quantity, order.description) == (1400, 4, "soap")


@pytest.mark.parametrize(("text", "item"), [
    ("sold Ana soap x4 @ 3.50", "soap"),
    ("Ana: lavender soap x4 @ 3.50", "lavender soap"),
    ("Ana bought 4x soap @ 3.50", "soap"),
    ("Ana 2x tea set @ 34, 1x teapot 28", "2 × tea set 68 + teapot 28"),  # each thing with its price
])
def test_items_written_with_a_count(text, item):
    assert parse(text, CTX).description == item


def test_a_company_listed_after_the_name_is_her_company_not_her_city(engine, chat):
    reply = chat.say("new customer Lena Fischer, Bäckerei Fischer, Munich")
    assert reply.text == "Added customer: Lena Fischer (city Munich, company Bäckerei Fischer)."
    [lena] = rows(engine, Customer)
    assert (lena.company, lena.city) == ("Bäckerei Fischer", "Munich")
    assert chat.say("how is Lena doing?").text.startswith("Lena Fischer · Bäckerei Fischer · Munich")
    chat.say("Lena rated us 7 out of 10, slow feedback loop")
    assert chat.say("how is Lena doing?").text.endswith("Feedback: 7/10 “slow feedback loop” (11 Mar)")


def test_where_a_customer_works_is_a_change_to_her_company(engine, chat):
    chat.say("new customer Tom Baker")
    assert chat.say("Tom Baker works at Acme Ltd").text == "Updated Tom Baker: company Acme Ltd."
    assert [c.company for c in rows(engine, Customer)] == ["Acme Ltd"]


@pytest.mark.parametrize(("text", "company", "city"), [
    ("new customer Lena Fischer, Bäckerei Fischer", "Bäckerei Fischer", None),
    ("new customer Lena Fischer, Fischer & Söhne, Munich", "Fischer & Söhne", "Munich"),  # her surname
    ("add Tom Baker, Acme Ltd, tom@acme.com", "Acme Ltd", None),  # a legal form, from cleanco's table
    ("new client Marie Dupont - Atelier Lumière", "Atelier Lumière", None),
    ("new customer Mark Evans, Leipzig", None, "Leipzig"),
    ("new customer Jo Park, 0151 2345678, Frankfurt am Main", None, "Frankfurt am Main"),
    ("new customer Hans Müller, Berlin", None, "Berlin"),
])
def test_company_or_city(text, company, city):
    parsed = parse(text, CTX)
    assert (parsed.company, parsed.city) == (company, city)


@pytest.mark.parametrize("place", ["New York", "Bad Homburg", "San Francisco", "Frankfurt am Main", "Los Angeles",
                                   "Rio de Janeiro", "Den Haag", "Saint-Étienne", "Las Palmas", "Santa Cruz"])
def test_places_of_two_words_are_no_companies(place):
    assert not names_a_company(place, "Anna Berg")
