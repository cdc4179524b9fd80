"""The parts of an order of several things, kept in its description ("bell 9 + lock 35")."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from crm.line_items import Item, describe, read_items, reprice

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäé -", min_size=1, max_size=20).map(str.strip).filter(bool)
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(99999), places=2)


@given(st.lists(st.builds(Item, words, prices), min_size=2, max_size=5))
def test_a_description_of_parts_reads_back_as_those_parts(items):
    total = sum((i.price for i in items), Decimal(0))
    assert read_items(describe(items), total) == items


def test_parts_that_do_not_add_up_are_no_parts():
    assert read_items("bell 9 + lock 35", Decimal(44)) is not None
    assert read_items("bell 9 + lock 35", Decimal(50)) is None  # the total was corrected on its own
    assert read_items("2 + 2 special", Decimal(4)) is None
    assert read_items("scarves", Decimal(75)) is None


def test_the_part_meant_is_the_one_named_else_the_one_with_the_wrong_price():
    bag = reprice("frame bag 34 + bottle cage 10", Decimal(44), "bags", None, Decimal(30))
    assert bag is not None and (bag.description, bag.total, bag.was.what) == ("frame bag 30 + bottle cage 10", 40, "frame bag")
    cage = reprice("frame bag 34 + bottle cage 10", Decimal(44), None, Decimal(10), Decimal(12))
    assert cage is not None and cage.total == 46
    assert reprice("frame bag 34 + bottle cage 10", Decimal(44), "helmet", None, Decimal(30)) is None
    assert reprice("bell 9 + bell 9", Decimal(18), "bell", Decimal(9), Decimal(10)) is None  # which bell is not said
