"""An in-memory index of an owner's customers by phone, email and normalized name.

Imports match thousands of rows against thousands of customers; one query up front and dictionary
look-ups after it keep a 70,000-row import within seconds. New customers get provisional negative
ids until they are inserted, so a name that repeats within one file is created once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from crm.errors import Invalid
from crm.models import Customer
from crm.services.customers import name_key
from crm.types import utcnow


@dataclass
class CustomerIndex:
    owner_id: int
    by_phone: dict[str, int] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, list[int]] = field(default_factory=dict)
    new_rows: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session, owner_id: int) -> CustomerIndex:
        index = cls(owner_id)
        rows = session.exec(
            select(Customer.id, Customer.name_key, Customer.phone, Customer.email).where(
                Customer.owner_id == owner_id, col(Customer.deleted_at).is_(None)
            )
        ).all()
        for cid, key, phone, email in rows:
            index._remember(cid, key, phone, email)  # type: ignore[arg-type]
        return index

    def _remember(self, cid: int, key: str, phone: str | None, email: str | None) -> None:
        self.by_key.setdefault(key, []).append(cid)
        if phone:
            self.by_phone.setdefault(phone, cid)
        if email:
            self.by_email.setdefault(email, cid)

    def find(self, name: str | None, phone: str | None, email: str | None) -> int | None:
        """The one customer these details point to; Invalid when a bare name fits several."""
        if phone and phone in self.by_phone:
            return self.by_phone[phone]
        if email and email in self.by_email:
            return self.by_email[email]
        same_name = self.by_key.get(name_key(name), []) if name else []
        if len(same_name) > 1:
            raise Invalid(f"several customers are called {name}; add a phone or email column to tell them apart")
        return same_name[0] if same_name else None

    def add_new(self, values: dict[str, Any]) -> int:
        """Plan a new customer; returns a provisional (negative) id."""
        provisional = -(len(self.new_rows) + 1)
        row = {"owner_id": self.owner_id, "tags": "", "created_at": utcnow(), **values}
        row["name_key"] = name_key(row["name"])
        self.new_rows.append(row)
        self._remember(provisional, row["name_key"], row.get("phone"), row.get("email"))
        return provisional

    def insert_new(self, session: Session) -> dict[int, int]:
        """Insert the planned customers in batches; maps provisional ids to real ones.

        The rows come back in no particular order (ordered RETURNING costs one statement per row on
        SQLite), so they are matched by (name key, phone, email), which `find` made unique."""
        if not self.new_rows:
            return {}
        columns = {"name", "name_key", "phone", "email", "city", "birthday", "tags", "notes", "owner_id", "created_at"}
        rows = [{c: r.get(c) for c in columns} | {"tags": r.get("tags") or ""} for r in self.new_rows]
        returned = session.execute(
            insert(Customer).returning(col(Customer.id), Customer.name_key, Customer.phone, Customer.email), rows
        ).all()
        real = {(key, phone, email): cid for cid, key, phone, email in returned}
        return {-(i + 1): real[(r["name_key"], r["phone"], r["email"])] for i, r in enumerate(rows)}
