"""CSV import and export through the CLI contract's columns, on real files."""
from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from crm.db import session_scope
from crm.io.backup import backup, restore
from crm.io.csv_export import export_all
from crm.io.csv_import import import_customers, import_orders
from crm.models import Customer, Order
from crm.services.oplog import Source, undo
from crm.types import utcnow
from tests.conftest import make_owner

ORDERS = """customer,date,amount,currency,description,quantity,phone,email
Anna Schmidt,2026-01-10,45.00,EUR,candles,2,,
Anna Schmidt,2026-01-10,45.00,EUR,candles,2,,
Bob Stone,10.02.2026,"1.250,00",,lamp,,+49 160 5550123,
Bob Stone,2026-02-11,€12.50,,,,,
,2026-02-12,10,,,,,
Carla,2026-02-13,,,,,,
Dora,not a date,10,,,,,
Emil,2026-02-14,-3,,,,,
Fritz,2099-01-01,3,,,,,
Gina,2026-02-15,abc,,,,,
Hans,2026-02-16,5,,,0,,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def orders_of(engine, owner_id):
    with session_scope(engine) as s:
        rows = s.exec(select(Order, Customer.name).join(Customer).where(Order.owner_id == owner_id)).all()
        return sorted((name, o.occurred_at.isoformat(), o.amount_minor, o.currency, o.description, o.quantity)
                      for o, name in rows)


def test_bad_rows_are_reported_by_line_and_good_rows_imported(engine, owner_id, tmp_path):
    with session_scope(engine) as s:
        report = import_orders(s, owner_id, write(tmp_path, "o.csv", ORDERS), now=utcnow())
    assert report.imported == 4 and report.customers_created == 2
    assert [line for line, _ in report.errors] == [6, 7, 8, 9, 10, 11, 12]
    reasons = dict(report.errors)
    assert "customer is missing" in reasons[6] and "amount is missing" in reasons[7]
    assert "date" in reasons[8] and "negative" in reasons[9] and "future" in reasons[10]
    assert "amount" in reasons[11] and "quantity" in reasons[12]
    assert "line 8:" in report.describe()
    amounts = [row[2] for row in orders_of(engine, owner_id)]
    assert sorted(amounts) == [1250, 4500, 4500, 125000]  # two identical lines are two orders


def test_reimporting_the_same_file_creates_no_duplicates(engine, owner_id, tmp_path):
    path = write(tmp_path, "o.csv", ORDERS)
    with session_scope(engine) as s:
        import_orders(s, owner_id, path, now=utcnow())
    before = orders_of(engine, owner_id)
    with session_scope(engine) as s:
        again = import_orders(s, owner_id, path, now=utcnow())
    assert (again.imported, again.skipped, again.customers_created) == (0, 4, 0)
    assert orders_of(engine, owner_id) == before
    with session_scope(engine) as s:
        assert len(s.exec(select(Customer)).all()) == 2


def test_an_import_is_one_operation_that_undo_removes(engine, owner_id, tmp_path):
    with session_scope(engine) as s:
        import_orders(s, owner_id, write(tmp_path, "o.csv", ORDERS), now=utcnow())
        undo(s, owner_id, Source("test", "u"), now=utcnow())
    assert orders_of(engine, owner_id) == []


def test_customers_import_fills_gaps_without_duplicates(engine, owner_id, tmp_path):
    first = "Name;Mobile;E-Mail;Town;Birthday;Tags\nIda Berg;0160 5550123;;Berlin;12.05.1990;VIP, wholesale\nIda Berg;;;;;\nNo Phone;12;;;;\n"
    with session_scope(engine) as s:
        report = import_customers(s, owner_id, write(tmp_path, "c.csv", first), now=utcnow())
    # a phone that is no number is kept as written and said so, never the reason a row is lost
    assert (report.imported, report.skipped, report.errors, [line for line, _ in report.warnings]) == (2, 1, [], [4])
    with session_scope(engine) as s:
        report = import_customers(s, owner_id, write(tmp_path, "c2.csv", "name,email\nida berg,ida@berg.de\n"), now=utcnow())
        assert (report.imported, report.updated) == (0, 1)
        ida = s.exec(select(Customer).where(Customer.name == "Ida Berg")).one()
    assert (ida.phone, ida.email, ida.city, ida.birthday, ida.tags) == (
        "+491605550123", "ida@berg.de", "Berlin", "1990-05-12", "vip,wholesale")


def test_export_imports_back_identically(engine, owner_id, tmp_path):
    with session_scope(engine) as s:
        import_customers(s, owner_id, write(tmp_path, "c.csv", "name,phone,city,tags\nAnna Schmidt,030 1234567,Berlin,vip\n"), now=utcnow())
        import_orders(s, owner_id, write(tmp_path, "o.csv", ORDERS), now=utcnow())
        written = export_all(s, owner_id, tmp_path / "out")
    assert written["orders.csv"] == 4 and written["customers.csv"] == 2
    header = (tmp_path / "out" / "orders.csv").read_text().splitlines()[0]
    assert header.startswith("customer,date,amount,currency")
    fresh = make_owner(engine, "tg:99")
    with session_scope(engine) as s:
        import_customers(s, fresh, tmp_path / "out" / "customers.csv", now=utcnow())
        import_orders(s, fresh, tmp_path / "out" / "orders.csv", now=utcnow())
        export_all(s, fresh, tmp_path / "again")
    assert orders_of(engine, fresh) == orders_of(engine, owner_id)
    for name in ("customers.csv", "orders.csv"):
        assert (tmp_path / "again" / name).read_text() == (tmp_path / "out" / name).read_text()


def test_missing_required_column_is_explained(engine, owner_id, tmp_path):
    import pytest

    from crm.errors import CrmError

    with session_scope(engine) as s, pytest.raises(CrmError, match="no “amount” column"):
        import_orders(s, owner_id, write(tmp_path, "o.csv", "who,when\nA,2026-01-01\n"), now=utcnow())


def test_backup_and_restore_round_trip(engine, owner_id, tmp_path):
    with session_scope(engine) as s:
        import_orders(s, owner_id, write(tmp_path, "o.csv", ORDERS), now=utcnow())
    saved = orders_of(engine, owner_id)
    backup(engine, tmp_path / "backup.sqlite")
    with session_scope(engine) as s:
        undo(s, owner_id, Source("test", "u"), now=utcnow())
    assert orders_of(engine, owner_id) == []
    restore(engine, tmp_path / "backup.sqlite")
    assert orders_of(engine, owner_id) == saved
