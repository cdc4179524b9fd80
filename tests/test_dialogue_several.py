"""A message of several facts: each stored, as one operation that one undo takes back, and the reply says each.
(Seen: "Jonas paid 510 and wants a call next week" logged the order next week and no follow-up.)"""
from __future__ import annotations

import pytest

from bot.parsing import parse
from bot.parsing.clauses import facts
from bot.parsing.en.clauses import CUTS
from bot.parsing.en.normalize import normalize
from crm.models import Customer, Feedback, FollowUp, Interaction, Operation, Order
from tests.talk import rows
from tests.test_dialogue_fields import CTX


def test_a_payment_and_a_call_wanted_next_week_are_an_order_today_and_a_follow_up(engine, chat):
    chat.say("new customer Jonas Weber")
    reply = chat.say("Jonas paid 510 and wants a call next week")
    assert reply.text == ("Logged order: Jonas Weber, EUR 510.00, 11 Mar.\n"
                          "Follow-up set: Jonas Weber, 16 Mar: wants a call.")
    [order], [followup] = rows(engine, Order), rows(engine, FollowUp)
    assert order.occurred_at.date().isoformat() == "2026-03-11" and followup.due_at.date().isoformat() == "2026-03-15"
    assert chat.say("undo").text.startswith("Undone: Logged order: Jonas Weber")
    assert rows(engine, Order) == [] and rows(engine, FollowUp) == []


def test_a_new_customer_named_twice_is_asked_about_once_and_created_once(engine, chat):
    assert chat.say("Tom paid 120 for the repair, call him next tuesday").text == "I don't know Tom yet: add them as a new customer?"
    reply = chat.press("Add Tom")
    assert reply.text == ("New customer Tom.\nLogged order: Tom, EUR 120.00, 11 Mar (repair).\n"
                          "Follow-up set: Tom, 17 Mar: call him.")
    assert [c.name for c in rows(engine, Customer)] == ["Tom"]
    assert len(rows(engine, Operation)) == 1


def test_what_a_new_customer_said_after_paying_is_stored_with_the_order(engine, chat):
    """Seen in a terminal day: "Olu paid 40 cash n said best fade ever" asked what they said and stored nothing."""
    chat.say("Kofi paid 40 cash n said best fade ever")
    reply = chat.press("Add Kofi")
    assert reply.text.startswith("New customer Kofi.\nLogged order: Kofi, EUR 40.00, 11 Mar")
    [order], [feedback] = rows(engine, Order), rows(engine, Feedback)
    assert feedback.comment == "best fade ever" and feedback.customer_id == order.customer_id


def test_a_call_back_with_no_follow_up_open_is_still_a_call(engine, chat):
    """Seen in a terminal day: "called Tom back, all sorted" answered "Tom has no open follow-up" and lost the call."""
    chat.say("new customer Tom Ashworth")
    assert chat.say("called Tom back, all sorted").text.startswith("Logged call with Tom Ashworth, 11 Mar")
    [call] = rows(engine, Interaction)
    assert call.kind == "call"
    assert chat.say("texted Tom back").text.startswith("Logged message with Tom Ashworth")


def test_a_new_customer_and_a_first_order(engine, chat):
    reply = chat.say("new customer Lars Holm +49 151 2223344, bought a print for 60")
    assert reply.text == "Added customer: Lars Holm (+491512223344).\nLogged order: Lars Holm, EUR 60.00, 11 Mar (print)."
    [lars] = rows(engine, Customer)
    assert [o.customer_id for o in rows(engine, Order)] == [lars.id]


def test_what_a_meeting_was_about_stays_with_it(engine, chat):
    chat.say("new customer Greta Olsen")
    chat.say("Met Greta at the fair, she wants a quote for 40 mugs. Follow up friday")
    [meeting], [_followup] = rows(engine, Interaction), rows(engine, FollowUp)
    assert meeting.kind == "meeting" and "quote for 40 mugs" in (meeting.summary or "")
    assert rows(engine, Order) == []


def test_every_cut_rule_s_examples_hold_two_facts():
    for cut in CUTS:
        for example in cut.examples:
            assert len(facts(normalize(example))) == 2, (cut.name, example)


def test_one_fact_with_commas_dashes_and_ands_stays_one():
    for text in ["Lena Vogt - Brompton - $1,950", "Tom bought bread and cake for 12", "paid in full: Keller & Söhne 5.600 €",
                 "new client: Rose Hartmann, born 12 May, rose.h@web.de", "Bill came by for his usual, 2x 4.80",
                 "paid: Mr. Okafor 220 dollars for tutoring march", "Grace reminder done, laptop picked up"]:
        assert not parse(text, CTX).records, text


def test_a_booking_said_with_the_sale_is_a_follow_up_and_leaves_the_sale_today():
    parsed = parse("Frau Nowak paid 120 for january and february, next clean tuesday at 8", CTX)
    assert [(r.intent, str(r.date or r.due)) for r in parsed.records] == [("log_order", "2026-03-11"),
                                                                          ("add_followup", "2026-03-17 08:00:00+01:00")]


def test_two_sales_of_two_customers_each_with_its_amount():
    parsed = parse("Jan de Vries paid 45 for his wheel and Bram Visser 62,50 for the brakes", CTX)
    assert [(r.customer, str(r.amount)) for r in parsed.records] == [("Jan de Vries", "45"), ("Bram Visser", "62.50")]


def test_a_capitalized_verb_before_him_is_no_name():
    parsed = parse("Called Mr Lewis, the lesson is off. Ring him again next week to rebook", CTX)
    assert [r.customer for r in parsed.records] == ["Mr Lewis", "Mr Lewis"]


@pytest.mark.parametrize("text, facts", [
    ("Funke pay 20000 naira and she say the fitting is very fine", [("log_order", "Funke"), ("add_feedback", "Funke")]),
    ("Kemi pay 30k naira for the agbada, she rate me 8 over 10", [("log_order", "Kemi"), ("add_feedback", "Kemi")]),
    ("siobhan pd 35 n mairead pd 45", [("log_order", "siobhan"), ("log_order", "mairead")]),
    ("Received 2 lakh from Arjun Mehta and Rs 6,500 from Kavya Nair", [("log_order", "Arjun Mehta"), ("log_order", "Kavya Nair")]),
    ("eoin f/u done, nxt one in 3 wks", [("complete_followup", "eoin"), ("add_followup", "eoin")]),
    ("I text Mr Lewis about the gate code, he not answer, remind me call him tomorrow 10am",
     [("log_interaction", "Mr Lewis"), ("add_followup", "Mr Lewis")]),
    ("Anjali Rao came for tasting yesterday, gave 5 out of 5. Kindly remind me to call her monday",
     [("log_interaction", "Anjali Rao"), ("add_feedback", "Anjali Rao"), ("add_followup", "Anjali Rao")]),
    ("Ivy Stone's new number is +44 7700 900456, and she wants a call back tomorrow at 3",
     [("update_customer", "Ivy Stone"), ("add_followup", "Ivy Stone")]),
    # round 6 (a dog groomer in Cork, a piano teacher in Lisbon), written anew
    ("lesson with Joana today, the dad paid 80 for april", [("log_interaction", "Joana"), ("log_order", "Joana")]),
    ("the reminder of Kasia is done, remind me again on day 5 of may", [("complete_followup", "Kasia"), ("add_followup", "Kasia")]),
    ("niall moore paid 30 for the walk. niall's new number is +353 85 111 2222",
     [("log_order", "niall moore"), ("update_customer", "niall moore")]),
    ("beth hale paid 20, and shes moving to Cobh", [("log_order", "beth hale"), ("update_customer", "beth hale")]),
    ("talked to Rui Costa yesterday, today he transfered 300€", [("log_interaction", "Rui Costa"), ("log_order", "Rui Costa")]),
    ("the follow up for Ana is done, she paid the 40 she owed", [("complete_followup", "Ana"), ("log_order", "Ana")]),
    ("sales this week and who is at risk?", [("query_sales", None), ("query_at_risk", None)]),
    # round 7 (a house cleaner from Poland in Berlin, an American photographer in Berlin), written anew
    ("Ola pay 85,50 € for cleaning + ironing yesterday. remind me 18.03 bring the shirts back",
     [("log_order", "Ola"), ("add_followup", "Ola")]),
    ("cleaned at Weber yesterday 4h x 25 +10 for the oven. she very happy, 9 from 10", [("log_order", "Weber"), ("add_feedback", "Weber")]),
    ("met Ola Berg at the cafe, follow up friday w price list", [("log_interaction", "Ola Berg"), ("add_followup", "Ola Berg")]),
    ("Cole Hill sent the $400 retainer tag him destination", [("log_order", "Cole Hill"), ("update_customer", "Cole Hill")]),
    # a sixth terminal day (a nail and lash artist in Berlin, written by a helper), written anew
    ("Mia paid €50 and wants a refill in 3 weeks", [("log_order", "Mia"), ("add_followup", "Mia")]),
    ("Kim paid 35 for infill, wants a pedi next sat morning", [("log_order", "Kim"), ("add_followup", "Kim")]),
    ("first appt Ola Berg 9:30 in Mitte, and remind me at 9 to grab the glue from the car",
     [("add_followup", "Ola Berg"), ("add_followup", None)]),  # the second is the owner's own
])
def test_second_language_and_phone_english_facts_each_stand_alone(text, facts):
    """Shapes the round-3 blind writers found (a tailor in Lagos, a groomer in Ireland, a caterer in Pune), written anew:
    the held-out messages themselves stay out of the repository."""
    result = parse(text, CTX)
    assert [(r.intent, r.customer) for r in result.records] == facts


def test_two_questions_in_one_message_get_both_answers(chat):
    chat.say("new customer Ines Roth")
    chat.say("Ines bought 3 loaves for 12")
    top, risk = chat.say("top customers").text, chat.say("who is at risk?").text
    assert chat.say("who are my best customers and who am I losing?").text == f"{top}\n\n{risk}"


@pytest.mark.parametrize("text, amount, day", [
    ("Ola pay 85,50 € for cleaning + ironing yesterday. remind me 18.03 bring the shirts back", "85.50", "2026-03-10"),
    ("cleaned at Weber yesterday 4h x 25 +10 for the oven. she very happy, 9 from 10", "110", "2026-03-10"),  # the score is no money
    ("Mr. Tom paid 20 + 5 tip", "25", "2026-03-11"),  # "Mr." ends no sentence of a sum
    ("Maya paid 2 grand for the wedding package", "2000", "2026-03-11"),
    ("Jake paid $500 retainer for their May 2 wedding", "500", "2026-03-11"),  # the wedding's day is not the sale's
    ("I was cleaning at Weber on monday 3h, she pay 75e", "75", "2026-03-09"),
    ("Ewa pay 50 and want me every 2 weeks", "50", "2026-03-11"),  # how often, no count
    ("went round to Mrs Kaur's, swapped the RCD, 90 + 25 call out", "115", "2026-03-11"),  # a visit with its price: the job sold
])
def test_the_sale_of_a_message_keeps_its_own_amount_and_day(text, amount, day):
    sale = (parse(text, CTX).records or [parse(text, CTX)])[0]
    assert (sale.intent, str(sale.amount), sale.date.isoformat(), sale.quantity) == ("log_order", amount, day, None), text
    assert sale.customer not in ("I", None)


def test_no_to_one_fact_of_several_stores_the_others(engine, chat):
    """A terminal day: "No" to an order from "CO" (of "... and a CO alarm for 25") dropped the smoke alarms too."""
    chat.say("new customer Dave Mills")
    question = chat.say("Dave Mills paid 40 for the alarms, and Pim 25")
    assert question.text == "Did you mean an order from Pim, EUR 25.00, 11 Mar?"
    reply = chat.press("No", question)
    assert reply.text.startswith("Left that one out.\nLogged order: Dave Mills, EUR 40.00, 11 Mar")
    assert [o.amount_minor for o in rows(engine, Order)] == [4000]


def test_a_new_customer_s_job_and_price_after_the_details_is_a_sale(engine, chat):
    """A terminal day: the price after a new customer's details was lost ("rewired his kitchen" stored as a company)."""
    reply = chat.say("new customer Gary Holt 07700 900123, rewired his kitchen, €850")
    assert reply.text.splitlines()[:2] == ["Added customer: Gary Holt (+497700900123).",
                                           "Logged order: Gary Holt, EUR 850.00, 11 Mar."]
    [gary] = rows(engine, Customer)
    assert gary.company is None and [o.customer_id for o in rows(engine, Order)] == [gary.id]


def test_a_visit_with_a_price_quoted_is_no_sale():
    assert parse("popped in to Anna's, she wants a quote for 40", CTX).intent == "log_interaction"
