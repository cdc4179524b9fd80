"""Money is exact: every written style parses back to the same Decimal, and storage round-trips."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.money import Money, format_money, from_minor, minor_units, parse_money, quantize, to_minor

amounts = st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2, allow_nan=False, allow_infinity=False)
CURRENCIES = ["EUR", "USD", "GBP", "CHF", "JPY", "SEK"]


def grouped(amount: Decimal, thousands: str, decimal: str) -> str:
    whole, _, cents = f"{amount:.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = thousands.join(groups)
    return text if cents == "00" and decimal == "" else f"{text}{decimal or '.'}{cents}"


STYLES = [
    lambda a: f"{a:.2f}",  # 1234.56
    lambda a: grouped(a, ",", "."),  # 1,234.56
    lambda a: grouped(a, ".", ","),  # 1.234,56
    lambda a: grouped(a, " ", ",") + " €",  # 1 234,56 €
    lambda a: "€" + grouped(a, ",", "."),  # €1,234.56
    lambda a: grouped(a, ".", ",") + "€",  # 1.234,56€
    lambda a: "EUR " + f"{a:.2f}",
    lambda a: f"{a:.2f} eur",
    lambda a: f"{a:.2f} euros",
]


@given(amounts, st.sampled_from(range(len(STYLES))))
def test_any_style_parses_back_to_the_same_amount(amount, style):
    written = STYLES[style](amount)
    assert parse_money(written, "EUR") == Money(amount, "EUR"), written


MARKERS = [("€", "EUR"), ("$", "USD"), ("£", "GBP"), ("¥", "JPY"), ("CHF", "CHF"), ("USD", "USD"), ("GBP", "GBP"),
           ("eur", "EUR"), ("kr", "SEK")]
NUMBER_STYLES = [lambda a: f"{a:.2f}", lambda a: grouped(a, ",", "."), lambda a: grouped(a, ".", ","),
                 lambda a: grouped(a, " ", ",")]


@given(amounts, st.sampled_from(range(len(NUMBER_STYLES))), st.sampled_from(MARKERS), st.booleans(), st.booleans())
def test_any_style_with_any_currency_marker_before_or_after(amount, style, marker, before, spaced):
    symbol, code = marker
    number, gap = NUMBER_STYLES[style](amount), " " if spaced or symbol.isalpha() else ""
    written = f"{symbol}{gap}{number}" if before else f"{number}{gap}{symbol}"
    assert parse_money(written, "EUR") == Money(amount, code), written


@given(amounts.filter(lambda a: a > 0), st.sampled_from(["-{}", "-€{}", "€-{}", "-{} €"]))
def test_negative_amounts_stay_negative(amount, template):
    written = template.format(f"{amount:.2f}")
    assert parse_money(written, "EUR") == Money(-amount, "EUR"), written


@given(st.integers(min_value=1000, max_value=999_999_999), st.sampled_from([",", ".", "'"]))
def test_whole_amounts_with_thousands_separators(amount, sep):
    assert parse_money(grouped(Decimal(amount), sep, ""), "USD").amount == amount


@given(amounts, st.sampled_from(CURRENCIES))
def test_format_then_parse_round_trip(amount, currency):
    money = Money(quantize(amount, currency), currency)
    assert parse_money(format_money(money), "EUR") == money


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(CURRENCIES))
def test_minor_units_round_trip(minor, currency):
    assert to_minor(from_minor(minor, currency)) == minor


@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("1.2k", "1200", "EUR"), ("$85", "85", "USD"), ("85 bucks", "85", "USD"), ("20 quid", "20", "GBP"),
        ("£20", "20", "GBP"), ("¥500", "500", "JPY"), ("500 yen", "500", "JPY"), ("CHF 40", "40", "CHF"),
        ("2 400 €", "2400", "EUR"), ("38,90 €", "38.90", "EUR"), ("1.250,00", "1250.00", "EUR"), ("-5", "-5", "EUR"),
        ("12,5", "12.5", "EUR"), ("USD 12", "12", "USD"), ("1,250", "1250", "EUR"), ("12,50", "12.50", "EUR"),
        ("1.250", "1250", "EUR"), ("1.25", "1.25", "EUR"), ("€3,180.00", "3180.00", "EUR"), ("-€5", "-5", "EUR"),
        ("1.5k", "1500", "EUR"), ("40 francs", "40", "CHF"), ("RMB 200", "200", "CNY"),
    ],
)
def test_written_forms(text, amount, currency):
    assert parse_money(text, "EUR") == Money(Decimal(amount), currency)


@pytest.mark.parametrize("text", ["", "abc", "12..5", "€", "1,2,3,4"])
def test_non_amounts_are_refused_in_words(text):
    with pytest.raises(ValueError, match="isn't an amount"):
        parse_money(text, "EUR")


def test_thousands_suffix_gives_a_plain_integer():
    assert str(parse_money("1.2k", "EUR").amount) == "1200"


@given(amounts, st.sampled_from(CURRENCIES))
def test_quantize_keeps_the_currencys_minor_units(amount, currency):
    assert quantize(amount, currency).as_tuple().exponent == -minor_units(currency)


def test_sub_cent_amounts_cannot_be_stored():
    with pytest.raises(ValueError):
        to_minor(Money(Decimal("1.005"), "EUR"))
    assert minor_units("JPY") == 0 and format_money(Money(Decimal("1250"), "EUR")) == "EUR 1,250.00"


@pytest.mark.parametrize(("currency", "places"), [("KWD", 3), ("BHD", 3), ("JPY", 0), ("TWD", 2), ("IDR", 0), ("EUR", 2)])
def test_minor_units_come_from_babels_data(currency, places):
    assert minor_units(currency) == places
    assert to_minor(Money(Decimal("1.250") if places == 3 else Decimal(1), currency)) == (1250 if places == 3 else 10**places)


def test_stored_amounts_keep_their_value_across_the_precision_migration(tmp_path):
    """A database of revision 0006 held KWD in cents and TWD in whole dollars; after 0007 both read the same."""
    import sqlite3

    from alembic import command
    from sqlmodel import select

    from crm.db import alembic_config, make_engine, migrate, session_scope
    from crm.models import Order

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    command.upgrade(alembic_config(engine), "0006")
    with sqlite3.connect(tmp_path / "old.sqlite") as conn:
        conn.execute("INSERT INTO owner (id, key, display_name, timezone, currency, phone_region, language, digest_time, "
                     "weekly_day, quiet_digest, created_at) VALUES (1, 'local', 'O', 'UTC', 'KWD', 'KW', 'en', '08:00', "
                     "'mon', 0, '2026-01-01')")
        conn.execute("INSERT INTO customer (id, owner_id, name, name_key, tags, created_at) VALUES (1, 1, 'A', 'a', '', '2026-01-01')")
        for minor, currency in ((125, "KWD"), (300, "TWD"), (1550, "EUR"), (150050, "IDR")):
            conn.execute("INSERT INTO orders (owner_id, customer_id, amount_minor, currency, occurred_at, created_at) "
                         "VALUES (1, 1, ?, ?, '2026-01-02', '2026-01-02')", (minor, currency))
    migrate(engine)
    with session_scope(engine) as session:
        amounts = {o.currency: o.money.amount for o in session.exec(select(Order))}
    assert amounts == {"KWD": Decimal("1.25"), "TWD": Decimal(300), "EUR": Decimal("15.50"), "IDR": Decimal(1501)}
