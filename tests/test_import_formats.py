"""The files small shops really have: Shopify, WooCommerce, Square and Google Contacts exports, vCards,
headers in five languages, decimal commas, legacy encodings and phone numbers from abroad. Each on a
real SQLite file through the real import functions; the fixtures are in tests/files/imports/."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from bot.cli import main
from bot.dialogue.files import receive
from crm.config import LocalDefaults
from crm.db import session_scope
from crm.errors import CrmError
from crm.io.csv_import import import_any, import_customers, import_orders
from crm.models import Customer, Operation, Order
from crm.services.oplog import Source
from crm.types import utcnow
from tests.conftest import make_owner

FILES = Path(__file__).parent / "files" / "imports"
LONDON = LocalDefaults(timezone="Europe/London", region="GB", currency="GBP", language="en")
NEW_YORK = LocalDefaults(timezone="America/New_York", region="US", currency="USD", language="en")
OWNERS = (f"tg:{n}" for n in itertools.count(5000))
HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def customers(engine, owner_id) -> dict[str, Customer]:
    with session_scope(engine) as s:
        return {c.name: c for c in s.exec(select(Customer).where(Customer.owner_id == owner_id)).all()}


def orders(engine, owner_id) -> list[tuple[str, str, int, str, str | None, int | None]]:
    with session_scope(engine) as s:
        rows = s.exec(select(Order, Customer.name).join(Customer).where(Order.owner_id == owner_id)).all()
        return sorted((name, o.occurred_at.isoformat(), o.amount_minor, o.currency, o.description, o.quantity)
                      for o, name in rows)


def operations(engine, owner_id) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(Operation).where(Operation.owner_id == owner_id))


def run(engine, owner_id, importer, path: Path):
    with session_scope(engine) as s:
        return importer(s, owner_id, path, now=utcnow())


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def assert_reimport_changes_nothing(engine, owner_id, importer, path: Path) -> None:
    """The same file again: nothing new, no doubles, and no operation for `undo` to spend."""
    before = (customers(engine, owner_id).keys(), orders(engine, owner_id), operations(engine, owner_id))
    again = run(engine, owner_id, importer, path)
    assert (again.imported, again.customers_created, again.updated, again.rejected) == (0, 0, 0, 0), again.describe()
    assert (customers(engine, owner_id).keys(), orders(engine, owner_id), operations(engine, owner_id)) == before


# Shopify -----------------------------------------------------------------------------------------------


def test_a_shopify_customer_export_imports_names_companies_and_cities(engine):
    owner = make_owner(engine, next(OWNERS), NEW_YORK)
    report = run(engine, owner, import_customers, FILES / "shopify_customers.csv")
    assert (report.imported, report.rejected, report.read_as) == (3, 0, "a Shopify customer export")
    found = customers(engine, owner)
    ada = found["Ada Example"]
    assert (ada.email, ada.phone, ada.company, ada.city, ada.tags, ada.notes) == (
        "ada@example.com", "+14155550101", "Fern & Frond Ltd", "Testville", "vip,wholesale", "Prefers pickup")
    assert found["Ben"].phone == "+12175550102"  # "Phone" when the address has none
    assert "noname@example.com" in found  # no name at all: named by the email
    assert_reimport_changes_nothing(engine, owner, import_customers, FILES / "shopify_customers.csv")


def test_the_older_shopify_customer_export_reads_company_city_and_phone(engine):
    owner = make_owner(engine, next(OWNERS), LONDON)
    run(engine, owner, import_customers, FILES / "shopify_customers_old.csv")
    cleo = customers(engine, owner)["Cleo Sample"]
    assert (cleo.company, cleo.city, cleo.phone, cleo.tags) == ("Sample Bakery", "Bristol", "+447911123456", "regular")


def test_a_shopify_order_export_makes_one_order_per_number_and_leaves_refunds_out(engine, owner_id):
    report = run(engine, owner_id, import_orders, FILES / "shopify_orders.csv")
    assert (report.imported, report.customers_created, report.rejected) == (4, 4, 0), report.describe()
    assert report.left_out == {"refunded": 1, "voided": 1}
    assert "Left out 2 that are no sale to a customer: 1 refunded, 1 voided." in report.describe()
    assert orders(engine, owner_id) == [
        ("Ada Example", "2026-03-10T13:22:05+00:00", 2250, "EUR", "2× Sourdough, 1× Rye", 3),
        ("Cleo Sample", "2026-03-13T09:59:00+00:00", 2000, "EUR", "Croissant", 3),  # 30.00 less 10.00 refunded
        ("Eve Sample", "2026-03-15T14:59:00+00:00", 700, "EUR", "Pretzel", 1),  # no billing name: the shipping name
        ("nobody@example.com", "2026-03-16T14:59:00+00:00", 400, "EUR", "Bun", 1),  # no name at all: the email
    ]
    found = customers(engine, owner_id)
    assert not any(name.startswith("#") for name in found)
    assert (found["Ada Example"].company, found["Ada Example"].phone) == ("Fern & Frond Ltd", "+49301234567")
    assert_reimport_changes_nothing(engine, owner_id, import_orders, FILES / "shopify_orders.csv")


def test_a_shopify_customer_export_imported_as_orders_says_what_it_is(engine, owner_id):
    with pytest.raises(CrmError, match="is a Shopify customer export, which holds customers: import it as customers"):
        run(engine, owner_id, import_orders, FILES / "shopify_customers.csv")


# WooCommerce ---------------------------------------------------------------------------------------------


def test_a_woocommerce_order_export_counts_completed_and_processing_only(engine, owner_id):
    report = run(engine, owner_id, import_orders, FILES / "woocommerce_orders.csv")
    assert (report.imported, report.rejected) == (2, 0), report.describe()
    assert report.left_out == {"refunded": 1, "cancelled": 1, "pending": 1, "on-hold": 1, "failed": 1}
    assert orders(engine, owner_id) == [
        ("Ana Muster", "2026-02-01T09:15:00+00:00", 2400, "EUR", "2× Soap, 1× Candle", 3),
        ("Bo Beispiel", "2026-02-02T10:00:00+00:00", 1000, "EUR", "Candle", 1),
    ]
    assert customers(engine, owner_id)["Ana Muster"].company == "Musterladen GmbH"
    assert_reimport_changes_nothing(engine, owner_id, import_orders, FILES / "woocommerce_orders.csv")


def test_woocommerce_analytics_files_import_customers_and_net_sales(engine, owner_id):
    report = run(engine, owner_id, import_any, FILES / "woocommerce_analytics_customers.csv")
    assert (report.kind, report.imported) == ("customers", 2)
    report = run(engine, owner_id, import_any, FILES / "woocommerce_analytics_orders.csv")
    assert (report.kind, report.imported, report.customers_created, report.left_out) == (
        "orders", 2, 0, {"refunded": 1, "cancelled": 1})
    assert [(name, amount, quantity) for name, _, amount, _, _, quantity in orders(engine, owner_id)] == [
        ("Ana Muster", 2000, 3), ("Bo Beispiel", 123450, 1)]  # "1.234,50"
    assert customers(engine, owner_id)["Bo Beispiel"].city == "Hamburg"
    assert_reimport_changes_nothing(engine, owner_id, import_any, FILES / "woocommerce_analytics_orders.csv")


# Square --------------------------------------------------------------------------------------------------


def test_a_square_customer_directory_imports(engine):
    owner = make_owner(engine, next(OWNERS), NEW_YORK)
    report = run(engine, owner, import_any, FILES / "square_customers.csv")
    assert (report.imported, report.rejected, report.read_as) == (2, 0, "a Square customer directory export")
    gil, hana = customers(engine, owner)["Gil Example"], customers(engine, owner)["Hana"]
    assert (gil.email, gil.phone, gil.company, gil.city, gil.birthday, gil.notes) == (
        "gil@example.com", "+14155550142", "Gil's Garage", "San Francisco", "1985-07-04", "Likes oat milk")
    assert hana.birthday == "12-24"  # 0000-12-24: no year


def test_square_transactions_import_payments_not_refunds_nor_walk_ins(engine):
    owner = make_owner(engine, next(OWNERS), NEW_YORK)
    report = run(engine, owner, import_orders, FILES / "square_transactions.csv")
    assert (report.imported, report.rejected, report.left_out) == (2, 0, {"refunded": 1, "without a customer": 1})
    assert orders(engine, owner) == [
        ("Gil Example", "2026-03-01T13:15:02+00:00", 589, "USD", "2 x Latte", None),
        ("Hana", "2026-03-03T17:30:00+00:00", 1504, "USD", "Sandwich", None),
    ]
    assert_reimport_changes_nothing(engine, owner, import_orders, FILES / "square_transactions.csv")


def test_a_bare_dollar_is_the_owners_dollar(engine, tmp_path):
    toronto = make_owner(engine, next(OWNERS), LocalDefaults("America/Toronto", "CA", "CAD", "en"))
    run(engine, toronto, import_orders, write(tmp_path, "o.csv", "customer,date,amount\nAnna,2026-01-05,$12.00\nBob,2026-01-05,US$3\n"))
    assert [(name, currency) for name, _, _, currency, _, _ in orders(engine, toronto)] == [("Anna", "CAD"), ("Bob", "USD")]


# Google Contacts -------------------------------------------------------------------------------------------


def test_google_contacts_keep_emails_phones_and_contacts_with_a_given_name_only(engine, owner_id):
    report = run(engine, owner_id, import_customers, FILES / "google_contacts.csv")
    assert (report.imported, report.rejected) == (3, 0), report.describe()
    found = customers(engine, owner_id)
    ida = found["Ida Maria Berg"]
    assert (ida.email, ida.phone, ida.company, ida.city, ida.birthday, ida.tags, ida.notes) == (
        "ida@example.de", "+4915123456789", "Berg Blumen", "Berlin", "1990-05-12", "friends", "Met at the market")
    assert (found["Hans"].phone, found["Hans"].birthday) == ("+491712345678", "03-21")
    assert found["Kiosk Nord"].email == "kiosk@example.de"  # only a company: named by it
    assert_reimport_changes_nothing(engine, owner_id, import_customers, FILES / "google_contacts.csv")


def test_the_older_google_contacts_format_imports_too(engine, owner_id):
    report = run(engine, owner_id, import_customers, FILES / "google_contacts_old.csv")
    assert (report.imported, report.rejected) == (2, 0), report.describe()
    jana, karl = customers(engine, owner_id)["Jana Novak"], customers(engine, owner_id)["Karl"]
    assert (jana.email, jana.phone, jana.company, jana.city, jana.tags) == (
        "jana@example.de", "+491723456789", "Novak Design", "München", "customers")
    assert karl.phone == "+491605550199"


# vCards ----------------------------------------------------------------------------------------------------


def test_a_vcf_file_of_three_versions_imports_every_card(engine, owner_id):
    report = run(engine, owner_id, import_customers, FILES / "contacts.vcf")
    assert (report.imported, report.rejected, report.read_as) == (3, 0, "a vCard file")
    found = customers(engine, owner_id)
    juergen = found["Jürgen Müller"]  # 2.1, quoted-printable UTF-8
    assert (juergen.phone, juergen.email, juergen.company, juergen.city, juergen.birthday) == (
        "+4915123456789", "juergen@example.de", "Bäckerei Müller", "Köln", "1980-05-12")
    assert juergen.notes == "Bestellt jeden Freitag, am liebsten Roggenbrot und zwei Brezeln"  # a soft line break, a comma
    marie = found["Marie Dupont"]  # 3.0, a folded line
    assert (marie.phone, marie.company, marie.city, marie.birthday, marie.tags) == (
        "+33612345678", "Fleurs & Co", "Lyon", "05-12", "vip,wholesale")
    assert marie.notes == "Une note assez longue pour etre pliee sur deux lignes"
    assert (found["王小明"].phone, found["王小明"].birthday) == ("+8613800138000", "1990-03-12")  # 4.0
    assert_reimport_changes_nothing(engine, owner_id, import_customers, FILES / "contacts.vcf")


def test_a_vcard_that_is_broken_stores_nothing_and_names_its_line(engine, owner_id, tmp_path):
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nno property here\r\nEND:VCARD\r\n"
    with pytest.raises(CrmError, match="line 8 can't be read as a vCard"):
        run(engine, owner_id, import_customers, write(tmp_path, "c.vcf", text))
    assert customers(engine, owner_id) == {}


def test_a_vcf_sent_in_the_chat_imports(engine, owner_id):
    data = (FILES / "contacts.vcf").read_bytes()
    reply = receive(engine, owner_id, "contacts.vcf", data, Source("telegram", "7:1"), now=utcnow())
    assert reply.text.startswith("Imported 3 customers.") and "vCard" in reply.text
    assert len(customers(engine, owner_id)) == 3


def test_the_cli_imports_a_vcf_and_a_shopify_export(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLOCRM_DB", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("SOLOCRM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["import", "customers", str(FILES / "contacts.vcf")]) == 0
    assert capsys.readouterr().out.startswith("Imported 3 customers.\nRead as a vCard file.")
    assert main(["import", "orders", str(FILES / "shopify_orders.csv")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported 4 orders, 4 new customers.") and "1 refunded, 1 voided" in out
    assert main(["import", "orders", str(FILES / "contacts.vcf")]) == 1
    assert capsys.readouterr().err.strip() == ("contacts.vcf is a vCard file, which holds customers: import it as "
                                               "customers. Nothing was stored.")


# headers in five languages, amounts and dates as written ------------------------------------------------------


def test_a_german_file_with_decimal_commas_and_dotted_dates(engine, owner_id, tmp_path):
    text = "Kunde;Datum;Betrag;Währung;Artikel;Menge;Firma\nJürgen Müller;03.12.2025;12,50;EUR;Brot;2;Bäckerei Müller\nAnna Schmidt;04.12.2025;\"1.234,56\";;Torte;1;\n"
    report = run(engine, owner_id, import_orders, write(tmp_path, "umsatz.csv", text))
    assert (report.imported, report.rejected) == (2, 0), report.describe()
    assert orders(engine, owner_id) == [
        ("Anna Schmidt", "2025-12-04T11:00:00+00:00", 123456, "EUR", "Torte", 1),
        ("Jürgen Müller", "2025-12-03T11:00:00+00:00", 1250, "EUR", "Brot", 2),
    ]
    assert customers(engine, owner_id)["Jürgen Müller"].company == "Bäckerei Müller"


@pytest.mark.parametrize(("header", "row", "expected"), [
    ("Nachname;Vorname;Handy;E-Mail;Ort;Firma;Geburtstag;Notiz", "Berg;Ida;0151 23456789;ida@example.de;Berlin;Berg Blumen;12.05.1990;nett",
     ("Ida Berg", "+4915123456789", "ida@example.de", "Berlin", "Berg Blumen", "1990-05-12", "nett")),
    ("Name;Vorname;Telefon", "Berg;Ida;030 1234567", ("Ida Berg", "+49301234567", None, None, None, None, None)),
    ("Nom;Prénom;Téléphone;Courriel;Ville;Société", "Dupont;Marie;+33 6 12 34 56 78;marie@example.fr;Lyon;Fleurs & Co",
     ("Marie Dupont", "+33612345678", "marie@example.fr", "Lyon", "Fleurs & Co", None, None)),
    ("NOMBRE;APELLIDOS;TELÉFONO;CORREO;CIUDAD;EMPRESA", "José;Muñoz;+34 612 345 678;jose@example.es;Logroño;Muñoz SL",
     ("José Muñoz", "+34612345678", "jose@example.es", "Logroño", "Muñoz SL", None, None)),
    ("姓名,手机,邮箱,城市,公司,生日,备注", "王小明,+86 138 0013 8000,wang@example.cn,北京,小明面包店,1990年3月12日,老客户",
     ("王小明", "+8613800138000", "wang@example.cn", "北京", "小明面包店", "1990-03-12", "老客户")),
])
def test_customer_headers_in_five_languages(engine, owner_id, tmp_path, header, row, expected):
    report = run(engine, owner_id, import_customers, write(tmp_path, "c.csv", f"{header}\n{row}\n"))
    assert (report.imported, report.rejected) == (1, 0), report.describe()
    [c] = customers(engine, owner_id).values()
    assert (c.name, c.phone, c.email, c.city, c.company, c.birthday, c.notes) == expected


@pytest.mark.parametrize(("header", "row"), [
    ("Client;Date;Montant;Devise;Quantité", "Marie Dupont;03/12/2025;€12,50;;2"),
    ("Cliente;Fecha;Importe;Moneda;Cantidad", "Marie Dupont;3/12/2025;12,50 €;EUR;2"),
    ("客户,日期,金额,币种,数量", "Marie Dupont,2025年12月3日,12.50,EUR,2"),
    ("客户,日期,金额（元）,数量", "Marie Dupont,2025/12/3,12.50,2"),
])
def test_order_headers_in_other_languages(engine, owner_id, tmp_path, header, row):
    report = run(engine, owner_id, import_any, write(tmp_path, "o.csv", f"{header}\n{row}\n"))
    assert (report.kind, report.imported, report.rejected) == ("orders", 1, 0), report.describe()
    [(name, when, amount, _, _, quantity)] = orders(engine, owner_id)
    assert (name, when[:10], amount, quantity) == ("Marie Dupont", "2025-12-03", 1250, 2)


@HYPOTHESIS
@given(st.integers(min_value=0, max_value=99_999_999), st.sampled_from(["{} €", "€{}", "{}", "EUR {}"]),
       st.sampled_from([";", "\t"]))
def test_amounts_with_decimal_commas_read_exactly(engine, tmp_path, cents, shape, delimiter):
    euros, rest = divmod(cents, 100)
    written = shape.format(f"{euros:,}".replace(",", ".") + f",{rest:02d}")  # 1.234.567,89
    owner = make_owner(engine, next(OWNERS))
    path = write(tmp_path, f"{owner}.csv", f"Kunde{delimiter}Datum{delimiter}Betrag\nAnna{delimiter}2025-01-01{delimiter}{written}\n")
    report = run(engine, owner, import_orders, path)
    assert report.imported == 1, (written, report.describe())
    assert [amount for _, _, amount, _, _, _ in orders(engine, owner)] == [cents]


# encodings, with real bytes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_german_file_in_each_western_encoding_reads_euros_and_umlauts(engine, owner_id, tmp_path, encoding):
    text = "Kunde;Datum;Betrag;Notiz\r\nJürgen Groß;03.12.2025;€12,00;Grüße – 5€ Rabatt\r\n"
    report = run(engine, owner_id, import_orders, write(tmp_path, "o.csv", text.encode(encoding)))
    assert (report.imported, report.rejected) == (1, 0), report.describe()
    assert orders(engine, owner_id)[0][:4] == ("Jürgen Groß", "2025-12-03T11:00:00+00:00", 1200, "EUR")


def test_a_short_spanish_windows_1252_file_is_not_read_as_central_european(engine, owner_id, tmp_path):
    text = "Nombre;Apellidos;Teléfono;Ciudad\nJosé;Muñoz;612345678;Logroño\n"
    report = run(engine, owner_id, import_customers, write(tmp_path, "c.csv", text.encode("cp1252")))
    assert report.encoding_note and report.encoding_note.startswith("Read as Windows-1252")
    [c] = customers(engine, owner_id).values()
    assert (c.name, c.city) == ("José Muñoz", "Logroño")


@pytest.mark.parametrize("encoding", ["gbk", "gb2312", "gb18030"])
def test_a_chinese_file_in_gbk_reads_its_headers_and_names(engine, owner_id, tmp_path, encoding):
    text = "姓名,电话,城市,公司,备注\r\n王小明,+86 138 0013 8000,北京,小明面包店,老客户\r\n李华,+86 139 0013 9000,上海,,喜欢甜食\r\n"
    report = run(engine, owner_id, import_customers, write(tmp_path, "c.csv", text.encode(encoding)))
    assert (report.imported, report.rejected) == (2, 0), report.describe()
    assert "GB18030" in (report.encoding_note or "")
    found = customers(engine, owner_id)
    assert (found["王小明"].city, found["王小明"].company, found["李华"].notes) == ("北京", "小明面包店", "喜欢甜食")


# phones from abroad ----------------------------------------------------------------------------------------


def test_phones_that_are_no_number_of_the_region_are_kept_as_written_with_a_warning(engine, tmp_path):
    owner = make_owner(engine, next(OWNERS), LONDON)
    text = "name,phone\nMarie Dupont,06 12 34 56 78\nJürgen Müller,0151 23456789\nCleo Sample,07911 123456\nHans Weber,0049 151 2345678\n"
    report = run(engine, owner, import_customers, write(tmp_path, "c.csv", text))
    assert (report.imported, report.rejected, [line for line, _ in report.warnings]) == (4, 0, [2, 3])
    assert "line 2: the phone “06 12 34 56 78” is not a valid number in GB, so it is kept as written" in report.describe()
    phones = {name: c.phone for name, c in customers(engine, owner).items()}
    assert phones == {"Marie Dupont": "06 12 34 56 78", "Jürgen Müller": "0151 23456789",
                      "Cleo Sample": "+447911123456", "Hans Weber": "+491512345678"}
    assert_reimport_changes_nothing(engine, owner, import_customers, tmp_path / "c.csv")


def test_a_leading_00_is_international_where_00_is_not_the_exit_code(engine, tmp_path):
    owner = make_owner(engine, next(OWNERS), NEW_YORK)
    run(engine, owner, import_orders, write(tmp_path, "o.csv", "customer,date,amount,phone\nHans,2026-01-05,3,0049 151 2345678\n"))
    assert customers(engine, owner)["Hans"].phone == "+491512345678"


PHONE = st.text(st.sampled_from("0123456789 +-()/."), min_size=1, max_size=20).filter(lambda t: t.strip())


@HYPOTHESIS
@given(st.lists(PHONE, min_size=1, max_size=5), st.sampled_from(["GB", "DE", "US", "FR", "CN"]))
def test_a_phone_is_never_the_reason_a_row_is_lost(engine, tmp_path, phones, region):
    owner = make_owner(engine, next(OWNERS), LocalDefaults("UTC", region, "EUR", "en"))
    lines = [f"Customer {i},2026-01-05,5,\"{phone}\"" for i, phone in enumerate(phones)]
    report = run(engine, owner, import_orders, write(tmp_path, f"{owner}.csv", "customer,date,amount,phone\n" + "\n".join(lines) + "\n"))
    assert (report.imported, report.rejected) == (len(phones), 0), report.describe()
    written = {form for phone in phones for form in (phone.strip(), " ".join(phone.split()))}  # as typed, or with spaces folded
    assert all(c.phone.startswith("+") or c.phone in written for c in customers(engine, owner).values())
