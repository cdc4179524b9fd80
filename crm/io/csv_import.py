"""CSV import of customers and orders, the way owners' spreadsheets and other CRMs write them.

Rules: common header names are recognized; a row that fails is reported with its line number and
reason and the good rows are imported in one transaction; importing the same file again creates no
duplicates. Orders are matched to customers by phone, email, then name, and new customers are created.

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
from collections.abc import Iterable, Iterator
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
from crm.errors import CrmError, Invalid
from crm.io.cells import date_order_of, parse_day, parse_when, unguard
from crm.io.csv_file import CsvFile, Progress, clip, open_csv
from crm.io.customer_index import CustomerIndex
from crm.io.stored_orders import ORDER_KEY, StoredOrders
from crm.models import Customer, Order, Owner
from crm.money import CURRENCY_WORDS, Money, parse_money, to_minor
from crm.phones import normalize_phone
from crm.services.customers import name_key, normalize_email, normalize_tags, validate_birthday
from crm.services.oplog import Recorder, Source
from crm.types import utcnow

CHUNK = 5_000  # rows planned, matched and inserted at a time
SHOWN_ERRORS = 50
BUSY = "Another import is running; try again in a minute."
SHORT_FIELDS = ("phone", "email", "birthday", "date", "amount", "currency", "quantity")
SHORT = 100  # characters; no amount, date, code, phone or email is longer (and some parsers slow down on more)
ORDERS = Order.__table__  # type: ignore[attr-defined]  # inserted through Core: no ORM bookkeeping per row
T = TypeVar("T")

CLI_IMPORT = Source("import")  # no message to key it by: the repeat rule keeps a second import from doubling
CUSTOMER_HEADERS = {
    "name": ("name", "full name", "customer", "customer name", "client", "client name", "contact", "contact name"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "cell", "tel", "telephone"),
    "email": ("email", "e mail", "email address", "mail"),
    "city": ("city", "town", "location"),
    "birthday": ("birthday", "bday", "birth date", "date of birth", "dob"),
    "tags": ("tags", "tag", "labels", "groups"),
    "notes": ("notes", "note", "comments", "comment"),
}
ORDER_HEADERS = {
    "customer": ("customer", "customer name", "name", "client", "client name", "customer id", "buyer"),
    "date": ("date", "order date", "purchase date", "occurred at", "day", "created", "created at"),
    "amount": ("amount", "total", "price", "value", "dollar value", "sum", "revenue", "paid"),
    "currency": ("currency", "cur", "ccy"),
    "description": ("description", "item", "items", "product", "details"),
    "quantity": ("quantity", "qty", "count", "units", "number of cds"),
    "phone": CUSTOMER_HEADERS["phone"],
    "email": CUSTOMER_HEADERS["email"],
}


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

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.errors) < SHOWN_ERRORS:
            self.errors.append((line, clip(reason)))

    def describe(self) -> str:
        parts = [f"Imported {self.imported:,} {self.kind}"]
        if self.customers_created and self.kind == "orders":
            parts.append(f"{self.customers_created:,} new customers")
        if self.updated:
            parts.append(f"updated {self.updated:,}")
        if self.skipped:
            parts.append(f"skipped {self.skipped:,} already stored")
        lines = [", ".join(parts) + "."]
        if self.encoding_note:
            lines.append(self.encoding_note)
        if self.rejected:
            lines.append(f"{self.rejected:,} rows not imported:")
            lines += [f"  line {line}: {reason}" for line, reason in self.errors]
            if self.rejected > len(self.errors):
                lines.append(f"  … and {self.rejected - len(self.errors):,} more")
        return "\n".join(lines)


def _header_key(header: str) -> str:
    return " ".join(re.sub(r"[_\-./]+", " ", header.strip().lower()).split())


def _columns(csv_file: CsvFile, headers: dict[str, tuple[str, ...]], required: str) -> dict[int, str]:
    """Column position -> field; CrmError if the required column is not there."""
    aliases = {alias: name for name, names in headers.items() for alias in names}
    columns = {i: aliases[_header_key(h)] for i, h in enumerate(csv_file.header) if _header_key(h) in aliases}
    if required not in columns.values():
        raise CrmError(
            f"{csv_file.name} has no “{required}” column. Its header is: {clip(', '.join(csv_file.header))}. "
            f"Accepted names for it: {', '.join(headers[required])}."
        )
    return columns


def _rows(csv_file: CsvFile, columns: dict[int, str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as {field: text} with line numbers, blank rows left out, export's formula guard taken off."""
    for line, cells in csv_file.rows():
        cells = [cell.strip() for cell in cells]
        if any(cells):
            yield line, {name: unguard(cells[i]) for i, name in columns.items() if i < len(cells) and cells[i]}


def _chunks(rows: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


@contextmanager
def _locked(session: Session, owner_id: int) -> Iterator[Owner]:
    """The import's one transaction: the write lock before the first read (`crm.db.write_lock`), and
    everything rolled back if the file turns out unreadable part of the way through."""
    write_lock(session, owner_id, BUSY)
    try:
        owner = session.get(Owner, owner_id)
        assert owner is not None
        yield owner
    except BaseException:
        session.rollback()
        raise


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


def _contact(row: dict[str, str], region: str) -> tuple[str | None, str | None]:
    phone = normalize_phone(row["phone"], region) if row.get("phone") else None
    email = normalize_email(row["email"]) if row.get("email") else None
    return phone, email


# customers ------------------------------------------------------------------------------------


def _customer_values(row: dict[str, str], owner: Owner) -> dict[str, Any]:
    if not row.get("name"):
        raise Invalid("the name is missing")
    _check_lengths(row)
    phone, email = _contact(row, owner.phone_region)
    values: dict[str, Any] = {"name": _name(row["name"]), "phone": phone, "email": email}
    values["city"] = _text(row.get("city"), "city")
    values["notes"] = _text(row.get("notes"), "notes")
    values["tags"] = ",".join(normalize_tags(row.get("tags", "")))
    if row.get("birthday"):
        raw = row["birthday"]
        values["birthday"] = raw if re.fullmatch(r"[0-9]{2}-[0-9]{2}", raw) else parse_day(raw, date_order_of(owner.phone_region)).isoformat()
        validate_birthday(values["birthday"])
    return values


def import_customers(session: Session, owner_id: int, path: Path, progress: Progress | None = None,
                     source: Source = CLI_IMPORT) -> ImportReport:
    with open_csv(path, progress) as csv_file:
        columns = _columns(csv_file, CUSTOMER_HEADERS, "name")
        with _locked(session, owner_id) as owner:
            report = ImportReport("customers", encoding_note=csv_file.note)
            index = CustomerIndex.load(session, owner_id)
            rec = Recorder(session, owner_id, source, "import_customers")
            for chunk in _chunks(_rows(csv_file, columns)):
                for line, row in chunk:
                    try:
                        values = _customer_values(row, owner)
                        existing = index.find(values["name"], values["phone"], values["email"])
                    except Invalid as error:
                        report.reject(line, str(error))
                        continue
                    if existing is None:
                        index.add_new(values)
                        report.imported += 1
                    elif index.is_new(existing):
                        report.skipped += 1  # the same customer twice in this file
                    elif _fill_gaps(session, rec, existing, values):
                        report.updated += 1
                    else:
                        report.skipped += 1
                rec.added_many("customer", index.insert_new(session).values())
            _commit(rec, f"Imported {report.imported} customers from {path.name}.")
    return report


def _fill_gaps(session: Session, rec: Recorder, customer_id: int, values: dict[str, Any]) -> bool:
    """Give a stored customer the details it lacks and the file has; whether there were any."""
    customer = session.get(Customer, customer_id)
    assert customer is not None
    missing = {k: v for k, v in values.items() if v and not getattr(customer, k) and k != "name"}
    if missing:
        rec.update(customer, **missing)
    return bool(missing)


# orders ---------------------------------------------------------------------------------------


def _order_values(row: dict[str, str], owner: Owner, latest: datetime) -> dict[str, Any]:
    if not row.get("customer") and not row.get("phone") and not row.get("email"):
        raise Invalid("the customer is missing")
    if not row.get("amount"):
        raise Invalid("the amount is missing")
    _check_lengths(row)
    name = _name(row.get("customer"))
    currency = _currency(row["currency"]) if row.get("currency") else None
    try:
        money = parse_money(row["amount"], currency or owner.currency)
    except ValueError as error:
        raise Invalid(str(error)) from None
    if money.amount < 0:
        raise Invalid("the amount is negative")
    if currency:
        money = Money(money.amount, currency)
    when = parse_when(row.get("date", ""), owner.timezone, date_order_of(owner.phone_region))
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
    phone, email = _contact(row, owner.phone_region)
    return {
        "name": name,
        "phone": phone,
        "email": email,
        "occurred_at": when,
        "amount_minor": minor,
        "currency": money.currency,
        "description": _text(row.get("description"), "description"),
        "quantity": int(quantity) if quantity else None,
    }


def _currency(text: str) -> str:
    """An ISO 4217 code from the currency column ("eur", "€" and "euro" are EUR too)."""
    code = CURRENCY_WORDS.get(text.lower(), text.upper())
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise Invalid(f"“{text}” is not a currency code (such as EUR or USD)")
    return code


def _commit(rec: Recorder, summary: str) -> None:
    """Log the import as one operation, or, when it changed nothing, none: an `undo` must never spend
    itself on an import that stored nothing."""
    if rec.changed:
        rec.commit(summary)
    else:
        rec.session.rollback()  # releases the write lock; there is nothing to keep


def import_any(session: Session, owner_id: int, path: Path, source: Source = CLI_IMPORT) -> ImportReport:
    """Orders when the file has an amount column, customers otherwise (a file sent in a chat has no kind)."""
    with open_csv(path) as csv_file:
        headers = {_header_key(h) for h in csv_file.header}
    has_amount = bool(headers & set(ORDER_HEADERS["amount"]))
    return (import_orders if has_amount else import_customers)(session, owner_id, path, source=source)


def _plan_orders(chunk: list[tuple[int, dict[str, str]]], owner: Owner, index: CustomerIndex, latest: datetime,
                 report: ImportReport) -> list[dict[str, Any]]:
    """The chunk's orders, each with its customer found or planned (a provisional id); bad rows are reported."""
    planned = []
    for line, row in chunk:
        try:
            values = _order_values(row, owner, latest)
            cid = index.find(values["name"], values["phone"], values["email"])
            if cid is None:
                if not values["name"]:
                    raise Invalid("no customer has that phone or email, and the row has no name")
                cid = index.add_new({"name": values["name"], "phone": values["phone"], "email": values["email"]})
        except Invalid as error:
            report.reject(line, str(error))
            continue
        planned.append({"customer_id": cid, **{k: values[k] for k in ORDER_KEY[1:]}})
    return planned


def import_orders(session: Session, owner_id: int, path: Path, progress: Progress | None = None,
                  source: Source = CLI_IMPORT) -> ImportReport:
    with open_csv(path, progress) as csv_file:
        columns = _columns(csv_file, ORDER_HEADERS, "amount")
        with _locked(session, owner_id) as owner:
            report = ImportReport("orders", encoding_note=csv_file.note)
            index = CustomerIndex.load(session, owner_id)
            stored = StoredOrders.load(session, owner_id)
            rec = Recorder(session, owner_id, source, "import_orders")
            latest = utcnow() + timedelta(hours=12)
            for chunk in _chunks(_rows(csv_file, columns)):
                planned = _plan_orders(chunk, owner, index, latest, report)
                real_ids = index.insert_new(session)
                rec.added_many("customer", real_ids.values())
                report.customers_created += len(real_ids)
                for order in planned:
                    order["customer_id"] = real_ids.get(order["customer_id"], order["customer_id"])
                new = stored.new_ones(planned)
                report.skipped += len(planned) - len(new)
                now = utcnow()
                rows = [{"owner_id": owner_id, "created_at": now, **order} for order in new]
                order_ids = session.execute(insert(ORDERS).returning(ORDERS.c.id), rows).scalars().all() if rows else []
                rec.added_many("orders", order_ids)
                report.imported += len(order_ids)
            _commit(rec, f"Imported {report.imported} orders ({report.customers_created} new customers) from {path.name}.")
    return report
