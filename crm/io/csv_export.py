"""CSV export of everything an owner has, in files that `solocrm import` reads back identically.

Times are written in the owner's zone: a bare date for things logged on a day (stored at local
noon), a full ISO timestamp with offset otherwise (see `crm.io.cells.format_when`). Text cells that a
spreadsheet would run as a formula get a leading apostrophe, which the importer removes again
(`crm.io.cells.guard`).
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from crm.io.cells import format_when, guard
from crm.models import Customer, Feedback, FollowUp, Interaction, Order, Owner
from crm.money import quantize

COLUMNS = {
    "customers.csv": ["name", "phone", "email", "city", "birthday", "tags", "notes", "company"],
    "orders.csv": ["customer", "date", "amount", "currency", "description", "quantity", "phone", "email"],
    "interactions.csv": ["customer", "date", "kind", "summary"],
    "followups.csv": ["customer", "due", "note", "done"],
    "feedback.csv": ["customer", "date", "score", "scale", "comment", "sentiment"],
}


def _cell(value: Any) -> Any:
    return "" if value is None else guard(value) if isinstance(value, str) else value


def _rows(session: Session, owner_id: int, model: type[SQLModel], order_by: Any) -> Iterable[Any]:
    return session.exec(select(model).where(model.owner_id == owner_id).order_by(order_by, model.id))  # type: ignore[attr-defined]


def export_all(session: Session, owner_id: int, directory: Path) -> dict[str, int]:
    """Write the five CSV files into `directory`; returns rows written per file."""
    owner = session.get(Owner, owner_id)
    assert owner is not None
    tz = owner.timezone
    when: Callable[[Any], str] = lambda moment: format_when(moment, tz) if moment else ""  # noqa: E731
    people = {c.id: c for c in _rows(session, owner_id, Customer, Customer.id)}
    live = [c for c in people.values() if c.deleted_at is None]

    def name(cid: int | None) -> str:
        return people[cid].name if cid is not None else ""  # a follow-up of no customer: the owner's own to-do

    tables: dict[str, list[list[Any]]] = {
        "customers.csv": [[c.name, c.phone, c.email, c.city, c.birthday, c.tags, c.notes, c.company] for c in live],
        "orders.csv": [
            [name(o.customer_id), when(o.occurred_at), quantize(o.money.amount, o.currency), o.currency,
             o.description, o.quantity, people[o.customer_id].phone, people[o.customer_id].email]
            for o in _rows(session, owner_id, Order, col(Order.occurred_at))
        ],
        "interactions.csv": [
            [name(i.customer_id), when(i.occurred_at), i.kind, i.summary]
            for i in _rows(session, owner_id, Interaction, col(Interaction.occurred_at))
        ],
        "followups.csv": [
            [name(f.customer_id), when(f.due_at), f.note, when(f.done_at)]
            for f in _rows(session, owner_id, FollowUp, col(FollowUp.due_at))
        ],
        "feedback.csv": [
            [name(f.customer_id), when(f.occurred_at), f.score, f.scale, f.comment, f.sentiment]
            for f in _rows(session, owner_id, Feedback, col(Feedback.occurred_at))
        ],
    }
    directory.mkdir(parents=True, exist_ok=True)
    for filename, rows in tables.items():
        with (directory / filename).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS[filename])
            writer.writerows([[_cell(v) for v in row] for row in rows])
    return {filename: len(rows) for filename, rows in tables.items()}
