"""An in-memory index of an owner's customers by phone, email and normalized name.

Imports match thousands of rows against thousands of customers; one query up front and dictionary
look-ups after it keep a 70,000-row import within seconds. New customers get provisional negative
ids until they are inserted, so a name that repeats within one file is created once. An import
inserts them chunk by chunk, so the plan never holds a whole file; the index then knows them by
their real ids, and remembers which ids it created.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from crm.errors import Invalid
from crm.models import Customer
from crm.services.customers import name_key


@dataclass
class CustomerIndex:
    owner_id: int
    now: datetime  # the import's moment: new customers are created at it
    by_phone: dict[str, int] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, list[int]] = field(default_factory=dict)
    new_rows: list[dict[str, Any]] = field(default_factory=list)
    created: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session, owner_id: int, now: datetime) -> CustomerIndex:
        index = cls(owner_id, now)
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
        row = {"owner_id": self.owner_id, "tags": "", "created_at": self.now, **values}
        row["name_key"] = name_key(row["name"])
        self.new_rows.append(row)
        self._remember(provisional, row["name_key"], row.get("phone"), row.get("email"))
        return provisional

    def is_new(self, cid: int) -> bool:
        """Whether this import is creating that customer (planned or already inserted)."""
        return cid < 0 or cid in self.created

    def insert_new(self, session: Session) -> dict[int, int]:
        """Insert the planned customers; maps provisional ids to real ones, which the index uses from now on.

        The rows come back in no particular order (ordered RETURNING costs one statement per row on
        SQLite), so they are matched by (name key, phone, email), which `find` made unique."""
        if not self.new_rows:
            return {}
        columns = {"name", "name_key", "phone", "email", "city", "company", "birthday", "tags", "notes", "owner_id", "created_at"}
        rows = [{c: r.get(c) for c in columns} | {"tags": r.get("tags") or ""} for r in self.new_rows]
        returned = session.execute(
            insert(Customer).returning(col(Customer.id), Customer.name_key, Customer.phone, Customer.email), rows
        ).all()
        real = {(key, phone, email): cid for cid, key, phone, email in returned}
        ids = {-(i + 1): real[(r["name_key"], r["phone"], r["email"])] for i, r in enumerate(rows)}
        for (provisional, cid), row in zip(ids.items(), rows, strict=True):
            same_name = self.by_key[row["name_key"]]
            same_name[same_name.index(provisional)] = cid
            for by, value in ((self.by_phone, row["phone"]), (self.by_email, row["email"])):
                if value and by[value] == provisional:
                    by[value] = cid
        self.created.update(ids.values())
        self.new_rows.clear()
        return ids
