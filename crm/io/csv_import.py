"""Import of customers and orders, the way owners' spreadsheets, shops and phones write them.

Rules: the file is read as canonical records (`crm.io.formats`: Shopify, WooCommerce, Square and
Google Contacts exports by their own columns, vCards, and any other CSV file by the header names of
`crm.io.headers`, in five languages); a row that fails is reported with its line number and reason
and the good rows are imported in one transaction; an order that is no sale (refunded, cancelled) is
counted apart, not as an error; importing the same file again creates no duplicates. Orders are
matched to customers by phone, email, then name, and new customers are created. A phone number that
is no valid number of the owner's region is kept as written, with a warning, never lost with its row
nor turned into somebody else's number (`crm.phones.import_phone`).

Why orders de-duplicate by multiplicity: two identical lines in one file can be two real purchases
(CDNOW has 2,068 repeated customer/day rows). So the n-th copy of an order in the file is skipped only
when the database already held n copies of it before the import (see `crm.io.stored_orders`).

Why the rest is shaped as it is: the file is streamed and stored chunk by chunk inside the one
transaction, so memory stays flat on a file of millions of rows and one `undo` still removes it all;
the write lock is taken before the first read, so two imports of one file at once store it once; and
a file that can't be read faithfully (see `crm.io.csv_file`) stores nothing, never a mangled part.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlmodel import Session

from crm.bounds import MAX_QUANTITY, check_amount, check_moment, clean_name, clean_text
from crm.db import write_lock
from crm.errors import Invalid
from crm.io.cells import date_order_of, parse_day, parse_when
from crm.io.csv_file import Progress, clip
from crm.io.customer_index import CustomerIndex
from crm.io.formats import open_records
from crm.io.records import Record, Records
from crm.io.stored_orders import ORDER_KEY, StoredOrders
from crm.models import Customer, Order, Owner
from crm.money import CURRENCY_WORDS, Money, parse_money, to_minor
from crm.phones import import_phone
from crm.services.customers import name_key, normalize_email, normalize_tags, validate_birthday
from crm.services.oplog import Recorder, Source

CHUNK = 5_000  # rows planned, matched and inserted at a time
SHOWN_ERRORS = 50
BUSY = "Another import is running; try again in a minute."
SHORT_FIELDS = ("phone", "email", "birthday", "date", "time", "amount", "refunded", "currency", "quantity")
SHORT = 100  # characters; no amount, date, code, phone or email is longer (and some parsers slow down on more)
ORDERS = Order.__table__  # type: ignore[attr-defined]  # inserted through Core: no ORM bookkeeping per row
SHARED_SYMBOLS = {  # a bare symbol means the owner's currency when it is one of these
    "$": {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN"}, "¥": {"JPY", "CNY"}, "kr": {"SEK", "NOK", "DKK"},
}
T = TypeVar("T")
Warn = Callable[[str], None]

CLI_IMPORT = Source("import")  # no message to key it by: the repeat rule keeps a second import from doubling


class NoSale(Exception):
    """An order the file has that is no sale (all of it refunded): left out and counted, not an error."""

@dataclass
class ImportReport:
    """What an import did. Every data row is counted once: imported (or, for customers, updated),
    skipped as already stored, or rejected; the first SHOWN_ERRORS rejections keep their line and reason."""

    kind: str
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    customers_created: int = 0
    rejected: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    encoding_note: str | None = None
    read_as: str | None = None  # the known export the file is ("a Shopify order export")
    left_out: Counter[str] = field(default_factory=Counter)  # orders that are no sale, by why
    warned: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)  # stored, but not quite as written

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.errors) < SHOWN_ERRORS:
            self.errors.append((line, clip(reason)))

    def warn(self, line: int, note: str) -> None:
        self.warned += 1
        if len(self.warnings) < SHOWN_ERRORS:
            self.warnings.append((line, clip(note)))

    def describe(self) -> str:
        parts = [f"Imported {self.imported:,} {self.kind}"]
        if self.customers_created and self.kind == "orders":
            parts.append(f"{self.customers_created:,} new customers")
        if self.updated:
            parts.append(f"updated {self.updated:,}")
        if self.skipped:
            parts.append(f"skipped {self.skipped:,} already stored")
        lines = [", ".join(parts) + "."]
        if self.read_as:
            lines.append(f"Read as {self.read_as}.")
        if self.encoding_note:
            lines.append(self.encoding_note)
        if self.left_out:
            reasons = ", ".join(f"{count:,} {why}" for why, count in self.left_out.most_common())
            lines.append(f"Left out {sum(self.left_out.values()):,} that are no sale to a customer: {reasons}.")
        lines += _listed(f"{self.rejected:,} rows not imported:", self.rejected, self.errors)
        lines += _listed(f"{self.warned:,} rows imported with a note:", self.warned, self.warnings)
        return "\n".join(lines)

    def summary(self, file_name: str) -> str:
        """The operation log's line for this import."""
        if self.kind == "orders":
            return f"Imported {self.imported} orders ({self.customers_created} new customers) from {file_name}."
        return f"Imported {self.imported} customers from {file_name}."


def _listed(title: str, count: int, shown: list[tuple[int, str]]) -> list[str]:
    if not count:
        return []
    more = [f"  … and {count - len(shown):,} more"] if count > len(shown) else []
    return [title, *(f"  line {line}: {text}" for line, text in shown), *more]


def _chunks(rows: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


@dataclass
class _Run:
    """One import under way: the file, the owner, what it has done so far, and its one operation."""

    records: Records
    owner: Owner
    report: ImportReport
    index: CustomerIndex
    rec: Recorder


@contextmanager
def _importing(session: Session, owner_id: int, path: Path, kind: str, progress: Progress | None,
               source: Source, now: datetime) -> Iterator[_Run]:
    """The import's one transaction, for either kind: the file opened and checked, then the write lock
    taken before the first read (`crm.db.write_lock`), everything rolled back if the file turns out
    unreadable part of the way through, and the operation logged at the end (`_log`) for the caller to commit."""
    with open_records(path, progress) as records:
        records.check(kind)
        write_lock(session, owner_id, BUSY)
        try:
            owner = session.get(Owner, owner_id)
            assert owner is not None
            report = ImportReport(kind, encoding_note=records.note, read_as=records.format.label)
            run = _Run(records, owner, report, CustomerIndex.load(session, owner_id, now),
                       Recorder(session, owner_id, source, f"import_{kind}", now=now))
            yield run
        except BaseException:
            session.rollback()
            raise
        _log(run.rec, report.summary(path.name))


def _log(rec: Recorder, summary: str) -> None:
    """Log the import as one operation, or, when it changed nothing, none: an `undo` must never spend
    itself on an import that stored nothing. The caller's unit of work commits it."""
    if rec.changed:
        rec.log(summary)


def import_any(session: Session, owner_id: int, path: Path, source: Source = CLI_IMPORT, *, now: datetime) -> ImportReport:
    """Whatever the file holds (a file sent in a chat has no kind): what its export holds, else orders
    when it has an amount column, customers otherwise."""
    with open_records(path) as records:
        kind = records.kind
    return (import_orders if kind == "orders" else import_customers)(session, owner_id, path, source=source, now=now)


# cells ------------------------------------------------------------------------------------------


def _check_lengths(row: dict[str, str]) -> None:
    for name in SHORT_FIELDS:
        if len(row.get(name, "")) > SHORT:
            raise Invalid(f"the {name} is {len(row[name]):,} characters long, far too long for one")


def _name(cell: str | None) -> str | None:
    """A customer's name as the chat stores it (`crm.bounds.clean_name`); None for no name."""
    if not cell:
        return None
    name = clean_name(cell)
    if not name_key(name):
        raise Invalid(f"“{cell}” is not a name (it has no letters or digits)")
    return name


def _text(cell: str | None, what: str) -> str | None:
    """Free text as the chat stores it (`crm.bounds.clean_text`)."""
    return (clean_text(cell, what) or None) if cell else None


def _contact(row: dict[str, str], region: str, warn: Warn) -> dict[str, str | None]:
    """Phone and email. A phone that is no number of `region` is kept as written, and said so."""
    phone = None
    if row.get("phone"):
        phone = import_phone(row["phone"], region)
        if phone is None:
            phone = _text(row["phone"], "phone")
            warn(f"the phone “{row['phone']}” is not a valid number in {region.upper()}, so it is kept as written")
    email = normalize_email(row["email"]) if row.get("email") else None
    return {"phone": phone, "email": email}


def _birthday(raw: str, owner: Owner) -> str:
    """YYYY-MM-DD, or MM-DD for a birthday without a year ("--05-12" in vCards and Google's export,
    "0000-05-12" in some others)."""
    raw = raw.split("T")[0]
    no_year = re.fullmatch(r"(?:--|0000-)?([0-9]{2})-?([0-9]{2})", raw)
    day = f"{no_year[1]}-{no_year[2]}" if no_year else parse_day(raw, date_order_of(owner.phone_region)).isoformat()
    validate_birthday(day)
    return day


def _amount(text: str, currency: str | None, owner: Owner) -> Money:
    """The amount in the file's currency column, else in the currency its text names; a bare "$", "¥"
    or "kr" is the owner's own currency when that is one of the several it stands for (a Canadian
    shop's "$12.00" is CAD)."""
    try:
        money = parse_money(text, currency or owner.currency)
    except ValueError as error:
        raise Invalid(str(error)) from None
    if currency:
        return Money(money.amount, currency)
    symbol = re.sub(r"[0-9\s.,'()+\-\u2212]", "", text).lower()
    if owner.currency in SHARED_SYMBOLS.get(symbol, ()):
        return Money(money.amount, owner.currency)
    return money


def _currency(text: str) -> str:
    """An ISO 4217 code from the currency column ("eur", "€" and "euro" are EUR too)."""
    code = CURRENCY_WORDS.get(text.lower(), text.upper())
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise Invalid(f"“{text}” is not a currency code (such as EUR or USD)")
    return code


# customers ------------------------------------------------------------------------------------


def _customer_values(row: dict[str, str], owner: Owner, warn: Warn) -> dict[str, Any]:
    if not row.get("name"):
        raise Invalid("the name is missing")
    _check_lengths(row)
    values: dict[str, Any] = {"name": _name(row["name"]), **_contact(row, owner.phone_region, warn)}
    for name in ("city", "company", "notes"):
        values[name] = _text(row.get(name), name)
    values["tags"] = ",".join(normalize_tags(row.get("tags", "")))
    if row.get("birthday"):
        values["birthday"] = _birthday(row["birthday"], owner)
    return values


def import_customers(session: Session, owner_id: int, path: Path, progress: Progress | None = None,
                     source: Source = CLI_IMPORT, *, now: datetime) -> ImportReport:
    """Customers from the file, as of `now`; see the module's rules."""
    with _importing(session, owner_id, path, "customers", progress, source, now) as run:
        report, index = run.report, run.index
        for chunk in _chunks(run.records.rows):
            for record in chunk:
                try:
                    values = _customer_values(record.cells, run.owner, _warner(report, record.line))
                    existing = index.find(values["name"], values["phone"], values["email"])
                except Invalid as error:
                    report.reject(record.line, str(error))
                    continue
                if existing is None:
                    index.add_new(values)
                    report.imported += 1
                elif index.is_new(existing):
                    report.skipped += 1  # the same customer twice in this file
                elif _fill_gaps(session, run.rec, existing, values):
                    report.updated += 1
                else:
                    report.skipped += 1
            run.rec.added_many("customer", index.insert_new(session).values())
    return report


def _warner(report: ImportReport, line: int) -> Warn:
    return lambda note: report.warn(line, note)


def _fill_gaps(session: Session, rec: Recorder, customer_id: int, values: dict[str, Any]) -> bool:
    """Give a stored customer the details it lacks and the file has; whether there were any."""
    customer = session.get(Customer, customer_id)
    assert customer is not None
    missing = {k: v for k, v in values.items() if v and not getattr(customer, k) and k != "name"}
    if missing:
        rec.update(customer, **missing)
    return bool(missing)


# orders ---------------------------------------------------------------------------------------


def _order_values(row: dict[str, str], owner: Owner, latest: datetime, warn: Warn) -> dict[str, Any]:
    if not row.get("name") and not row.get("phone") and not row.get("email"):
        raise Invalid("the customer is missing")
    if not row.get("amount"):
        raise Invalid("the amount is missing")
    _check_lengths(row)
    name = _name(row.get("name"))
    currency = _currency(row["currency"]) if row.get("currency") else None
    money = _amount(row["amount"], currency, owner)
    if row.get("refunded"):  # what the shop kept of a partly refunded order
        kept = money.amount - _amount(row["refunded"], currency, owner).amount
        if kept <= 0 < money.amount:
            raise NoSale("refunded")
        money = Money(kept, money.currency)
    if money.amount < 0:
        raise Invalid("the amount is negative")
    when = parse_when(row.get("date", ""), owner.timezone, date_order_of(owner.phone_region), row.get("time", ""))
    if when > latest:
        raise Invalid("the date is in the future")
    check_moment(when, latest, "order")
    quantity = row.get("quantity")
    if quantity is not None and not (re.fullmatch(r"[0-9]+", quantity) and 0 < int(quantity) < MAX_QUANTITY):
        raise Invalid(f"the quantity “{quantity}” is not a positive whole number below a billion")
    try:
        minor = to_minor(check_amount(money))
    except ValueError as error:
        raise Invalid(str(error)) from None
    return {
        "name": name,
        **_contact(row, owner.phone_region, warn),
        "company": _text(row.get("company"), "company"),
        "city": _text(row.get("city"), "city"),
        "occurred_at": when,
        "amount_minor": minor,
        "currency": money.currency,
        "description": _text(row.get("description"), "description"),
        "quantity": int(quantity) if quantity else None,
    }


def _plan_orders(chunk: list[Record], owner: Owner, index: CustomerIndex, latest: datetime,
                 report: ImportReport) -> list[dict[str, Any]]:
    """The chunk's orders, each with its customer found or planned (a provisional id); bad rows are
    reported, orders that are no sale counted."""
    planned = []
    for record in chunk:
        try:
            if record.left_out:
                raise NoSale(record.left_out)
            values = _order_values(record.cells, owner, latest, _warner(report, record.line))
            cid = index.find(values["name"], values["phone"], values["email"])
            if cid is None:
                if not values["name"]:
                    raise Invalid("no customer has that phone or email, and the row has no name")
                cid = index.add_new({k: values[k] for k in ("name", "phone", "email", "company", "city")})
        except NoSale as no_sale:
            report.left_out[str(no_sale)] += 1
            continue
        except Invalid as error:
            report.reject(record.line, str(error))
            continue
        planned.append({"customer_id": cid, **{k: values[k] for k in ORDER_KEY[1:]}})
    return planned


def import_orders(session: Session, owner_id: int, path: Path, progress: Progress | None = None,
                  source: Source = CLI_IMPORT, *, now: datetime) -> ImportReport:
    """Orders from the file, as of `now` (no order dated after it, with some slack for clocks)."""
    with _importing(session, owner_id, path, "orders", progress, source, now) as run:
        report, index, rec = run.report, run.index, run.rec
        stored = StoredOrders.load(session, owner_id)
        latest = now + timedelta(hours=12)
        for chunk in _chunks(run.records.rows):
            planned = _plan_orders(chunk, run.owner, index, latest, report)
            real_ids = index.insert_new(session)
            rec.added_many("customer", real_ids.values())
            report.customers_created += len(real_ids)
            for order in planned:
                order["customer_id"] = real_ids.get(order["customer_id"], order["customer_id"])
            new = stored.new_ones(planned)
            report.skipped += len(planned) - len(new)
            rows = [{"owner_id": owner_id, "created_at": now, **order} for order in new]
            order_ids = session.execute(insert(ORDERS).returning(ORDERS.c.id), rows).scalars().all() if rows else []
            rec.added_many("orders", order_ids)
            report.imported += len(order_ids)
    return report
