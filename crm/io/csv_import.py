"""CSV import of customers and orders, the way owners' spreadsheets and other CRMs write them.

Rules: common header names are recognized; a row that fails is reported with its line number and
reason and the good rows are imported in one transaction; importing the same file again creates no
duplicates. Orders are matched to customers by phone, email, then name, and new customers are created.

Why orders de-duplicate by multiplicity: two identical lines in one file can be two real purchases
(CDNOW has 2,068 repeated customer/day rows). So the n-th copy of an order in the file is skipped only
when the database already holds n copies of it.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from crm.errors import CrmError, Invalid
from crm.io.cells import date_order_of, parse_day, parse_when
from crm.io.customer_index import CustomerIndex
from crm.models import Customer, Order, Owner
from crm.money import Money, parse_money, to_minor
from crm.phones import normalize_phone
from crm.services.customers import normalize_email, normalize_tags, validate_birthday
from crm.services.oplog import Recorder, Source
from crm.types import utcnow

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
    kind: str
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    customers_created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"Imported {self.imported:,} {self.kind}"]
        if self.customers_created and self.kind == "orders":
            parts.append(f"{self.customers_created:,} new customers")
        if self.updated:
            parts.append(f"updated {self.updated:,}")
        if self.skipped:
            parts.append(f"skipped {self.skipped:,} already stored")
        lines = [", ".join(parts) + "."]
        if self.errors:
            lines.append(f"{len(self.errors)} rows not imported:")
            lines += [f"  line {line}: {reason}" for line, reason in self.errors[:50]]
            if len(self.errors) > 50:
                lines.append(f"  … and {len(self.errors) - 50} more")
        return "\n".join(lines)


def _header_key(header: str) -> str:
    return " ".join(re.sub(r"[_\-./]+", " ", header.strip().lower()).split())


def _read(path: Path, headers: dict[str, tuple[str, ...]], required: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as {field: text} with line numbers; CrmError if the file or header is unusable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise CrmError(f"{path.name} is empty.") from None
    aliases = {alias: name for name, names in headers.items() for alias in names}
    columns = {i: aliases[_header_key(h)] for i, h in enumerate(header) if _header_key(h) in aliases}
    if required not in columns.values():
        raise CrmError(
            f"{path.name} has no “{required}” column. Its header is: {', '.join(header)}. "
            f"Accepted names for it: {', '.join(headers[required])}."
        )
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        yield reader.line_num, {name: row[i].strip() for i, name in columns.items() if i < len(row) and row[i].strip()}


def _contact(row: dict[str, str], region: str) -> tuple[str | None, str | None]:
    phone = normalize_phone(row["phone"], region) if row.get("phone") else None
    email = normalize_email(row["email"]) if row.get("email") else None
    return phone, email


# customers ------------------------------------------------------------------------------------


def _customer_values(row: dict[str, str], owner: Owner) -> dict[str, Any]:
    if not row.get("name"):
        raise Invalid("the name is missing")
    phone, email = _contact(row, owner.phone_region)
    values: dict[str, Any] = {"name": " ".join(row["name"].split()), "phone": phone, "email": email}
    values["city"] = row.get("city")
    values["notes"] = row.get("notes")
    values["tags"] = ",".join(normalize_tags(row.get("tags", "")))
    if row.get("birthday"):
        raw = row["birthday"]
        values["birthday"] = raw if re.fullmatch(r"\d\d-\d\d", raw) else parse_day(raw, date_order_of(owner.phone_region)).isoformat()
        validate_birthday(values["birthday"])
    return values


def import_customers(session: Session, owner_id: int, path: Path) -> ImportReport:
    owner = session.get(Owner, owner_id)
    assert owner is not None
    report = ImportReport("customers")
    index = CustomerIndex.load(session, owner_id)
    rec = Recorder(session, owner_id, Source("import"), "import_customers")
    for line, row in _read(path, CUSTOMER_HEADERS, "name"):
        try:
            values = _customer_values(row, owner)
            existing = index.find(values["name"], values["phone"], values["email"])
        except Invalid as error:
            report.errors.append((line, str(error)))
            continue
        if existing is None:
            index.add_new(values)
            report.imported += 1
        elif existing < 0:
            report.skipped += 1  # the same customer twice in this file
        else:
            customer = session.get(Customer, existing)
            assert customer is not None
            missing = {k: v for k, v in values.items() if v and not getattr(customer, k) and k != "name"}
            if missing:
                rec.update(customer, **missing)
                report.updated += 1
            else:
                report.skipped += 1
    rec.added_many("customer", list(index.insert_new(session).values()))
    rec.commit(f"Imported {report.imported} customers from {path.name}.")
    return report


# orders ---------------------------------------------------------------------------------------


def _order_values(row: dict[str, str], owner: Owner, latest: datetime) -> dict[str, Any]:
    if not row.get("customer") and not row.get("phone") and not row.get("email"):
        raise Invalid("the customer is missing")
    if not row.get("amount"):
        raise Invalid("the amount is missing")
    try:
        money = parse_money(row["amount"], row.get("currency") or owner.currency)
    except ValueError as error:
        raise Invalid(str(error)) from None
    if money.amount < 0:
        raise Invalid("the amount is negative")
    if row.get("currency"):
        money = Money(money.amount, row["currency"].upper())
    when = parse_when(row.get("date", ""), owner.timezone, date_order_of(owner.phone_region))
    if when > latest:
        raise Invalid("the date is in the future")
    quantity = row.get("quantity")
    if quantity is not None and not (quantity.isdigit() and int(quantity) > 0):
        raise Invalid(f"the quantity “{quantity}” is not a positive whole number")
    try:
        minor = to_minor(money)
    except ValueError as error:
        raise Invalid(str(error)) from None
    phone, email = _contact(row, owner.phone_region)
    return {
        "name": row.get("customer"),
        "phone": phone,
        "email": email,
        "occurred_at": when,
        "amount_minor": minor,
        "currency": money.currency,
        "description": row.get("description"),
        "quantity": int(quantity) if quantity else None,
    }


ORDER_KEY = ("customer_id", "occurred_at", "amount_minor", "currency", "description", "quantity")


def _stored_order_keys(session: Session, owner_id: int) -> Counter[tuple[Any, ...]]:
    rows = session.exec(
        select(*(getattr(Order, c) for c in ORDER_KEY)).where(Order.owner_id == owner_id)  # type: ignore[call-overload]
    ).all()
    return Counter(tuple(r) for r in rows)


def import_any(session: Session, owner_id: int, path: Path) -> ImportReport:
    """Orders when the file has an amount column, customers otherwise (a file sent in a chat has no kind)."""
    first = path.read_text(encoding="utf-8-sig", errors="replace").split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    headers = {_header_key(h) for h in next(csv.reader([first], delimiter=delimiter), [])}
    has_amount = bool(headers & set(ORDER_HEADERS["amount"]))
    return (import_orders if has_amount else import_customers)(session, owner_id, path)


def import_orders(session: Session, owner_id: int, path: Path) -> ImportReport:
    owner = session.get(Owner, owner_id)
    assert owner is not None
    report = ImportReport("orders")
    index = CustomerIndex.load(session, owner_id)
    latest = utcnow() + timedelta(hours=12)
    planned: list[dict[str, Any]] = []
    for line, row in _read(path, ORDER_HEADERS, "amount"):
        try:
            values = _order_values(row, owner, latest)
            cid = index.find(values["name"], values["phone"], values["email"])
            if cid is None:
                if not values["name"]:
                    raise Invalid("no customer has that phone or email, and the row has no name")
                cid = index.add_new({"name": values["name"], "phone": values["phone"], "email": values["email"]})
        except Invalid as error:
            report.errors.append((line, str(error)))
            continue
        planned.append({"customer_id": cid, **{k: values[k] for k in ORDER_KEY[1:]}})
    real_ids = index.insert_new(session)
    report.customers_created = len(real_ids)
    stored, seen = _stored_order_keys(session, owner_id), Counter[tuple[Any, ...]]()
    rows = []
    for order in planned:
        order["customer_id"] = real_ids.get(order["customer_id"], order["customer_id"])
        key = tuple(order[c] for c in ORDER_KEY)
        seen[key] += 1
        if seen[key] <= stored[key]:
            report.skipped += 1
            continue
        rows.append({"owner_id": owner_id, "created_at": utcnow(), **order})
    order_ids = (
        session.execute(insert(Order).returning(col(Order.id)), rows).scalars().all()
        if rows
        else []
    )
    report.imported = len(order_ids)
    rec = Recorder(session, owner_id, Source("import"), "import_orders")
    rec.added_many("customer", list(real_ids.values()))
    rec.added_many("orders", list(order_ids))
    rec.commit(f"Imported {report.imported} orders ({report.customers_created} new customers) from {path.name}.")
    return report
