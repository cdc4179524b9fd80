"""Add, find, update and remove customers; duplicate detection and fuzzy name matching.

Matching a typed name to a customer is the step owners feel most: "Anna" must find Anna Schmidt, a
typo ("Ana Schmit") must still find her, and two Annas must lead to a question, never a guess.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from crm.bounds import clean_name, clean_text
from crm.errors import Invalid, NotFound
from crm.models import Customer, Owner
from crm.phones import normalize_phone
from crm.services.oplog import Recorder

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BIRTHDAY_RE = re.compile(r"^(?:\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
FUZZY_CUTOFF = 80.0
EDITABLE = ("name", "phone", "email", "city", "company", "birthday", "tags", "notes")


def name_key(name: str) -> str:
    """The form two spellings of one name share: no accents, case, punctuation or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w&]+", " ", plain).split())


def normalize_email(email: str) -> str:
    email = email.strip()
    if not EMAIL_RE.match(email):
        raise Invalid(f"“{email}” doesn't look like an email address.")
    return email.lower()


def normalize_tags(tags: str | list[str]) -> list[str]:
    items = tags.split(",") if isinstance(tags, str) else tags
    return sorted({tag for t in items if (tag := clean_name(t).lower())})


def validate_birthday(birthday: str) -> str:
    if not BIRTHDAY_RE.match(birthday):
        raise Invalid(f"“{birthday}” isn't a birthday I understand (use MM-DD or YYYY-MM-DD).")
    return birthday


def _clean_fields(session: Session, owner_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalize editable fields; raises Invalid with a plain message."""
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise Invalid(f"Customers have no field “{name}”.")
        if value in (None, ""):
            clean[name] = None if name != "tags" else ""
        elif name == "name":
            value = clean_name(value)
            if not name_key(value):
                raise Invalid("A customer needs a name.")
            clean["name"] = value
            clean["name_key"] = name_key(value)
        elif name == "phone":
            clean["phone"] = normalize_phone(value, owner_region(session, owner_id))
        elif name == "email":
            clean["email"] = normalize_email(value)
        elif name == "birthday":
            clean["birthday"] = validate_birthday(value)
        elif name == "tags":
            clean["tags"] = ",".join(normalize_tags(value))
        else:
            clean[name] = clean_text(str(value), name) or None
    return clean


def owner_region(session: Session, owner_id: int) -> str:
    owner = session.get(Owner, owner_id)
    return owner.phone_region if owner else "US"


def customer_count(session: Session, owner_id: int) -> int:
    return int(session.exec(select(func.count()).select_from(Customer).where(
        Customer.owner_id == owner_id, col(Customer.deleted_at).is_(None))).one())


def customer_names(session: Session, owner_id: int) -> tuple[str, ...]:
    """The names of the owner's live customers, oldest first (what the parser reads names against)."""
    return tuple(session.exec(select(Customer.name).where(Customer.owner_id == owner_id, col(Customer.deleted_at).is_(None))
                              .order_by(Customer.id)).all())


def get_customer(session: Session, owner_id: int, customer_id: int) -> Customer:
    """The owner's live customer with this id; NotFound for anyone else's or a removed one."""
    customer = session.get(Customer, customer_id)
    if customer is None or customer.owner_id != owner_id or customer.deleted_at is not None:
        raise NotFound("I can't find that customer.")
    return customer


def _live(owner_id: int) -> Any:
    return select(Customer).where(Customer.owner_id == owner_id, col(Customer.deleted_at).is_(None))


def find_duplicate(
    session: Session, owner_id: int, *, name: str | None = None, phone: str | None = None, email: str | None = None
) -> Customer | None:
    """An existing customer with the same phone or email, else the same normalized name.

    Inputs must already be normalized (E.164 phone, lower-case email)."""
    if phone or email:
        conditions = [Customer.phone == phone] if phone else []
        conditions += [Customer.email == email] if email else []
        found = session.exec(_live(owner_id).where(or_(*conditions)).order_by(Customer.id)).first()
        if found:
            return found
    if name:
        return session.exec(_live(owner_id).where(Customer.name_key == name_key(name)).order_by(Customer.id)).first()
    return None


def add_customer(session: Session, owner_id: int, rec: Recorder, *, name: str, **fields: Any) -> Customer:
    """Create a customer; Invalid if a field is malformed. Callers check `find_duplicate` first."""
    clean = _clean_fields(session, owner_id, {"name": name, **fields})
    return rec.add(Customer(owner_id=owner_id, **clean))  # type: ignore[no-any-return]


def update_customer(session: Session, owner_id: int, rec: Recorder, customer_id: int, **fields: Any) -> Customer:
    """Change fields of a customer; `tags` given here are added to the existing ones."""
    customer = get_customer(session, owner_id, customer_id)
    if "tags" in fields and fields["tags"]:
        fields["tags"] = customer.tag_list + normalize_tags(fields["tags"])
    clean = _clean_fields(session, owner_id, fields)
    return rec.update(customer, **clean)  # type: ignore[no-any-return]


def remove_customer(session: Session, owner_id: int, rec: Recorder, customer_id: int) -> Customer:
    """Soft delete: the customer disappears from lists, their history stays for the figures."""
    customer = get_customer(session, owner_id, customer_id)
    return rec.update(customer, deleted_at=rec.now)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Candidate:
    customer_id: int
    name: str
    score: float
    exact: bool


def match_customers(session: Session, owner_id: int, query: str, limit: int = 5) -> list[Candidate]:
    """Customers whose name fits `query`, best first.

    An exact normalized full name wins alone (an indexed look-up). Otherwise every customer whose
    name contains the query as whole words ("Anna" in "Anna Schmidt") is a candidate, then fuzzy
    matches above a cutoff absorb typos. More than one candidate means the caller must ask which.
    """
    key = name_key(query)
    if not key:
        return []
    exact = session.exec(_live(owner_id).where(Customer.name_key == key).order_by(Customer.id).limit(limit)).all()
    if exact:
        return [Candidate(c.id, c.name, 100.0, True) for c in exact]  # type: ignore[arg-type]
    rows = session.exec(
        select(Customer.id, Customer.name_key).where(Customer.owner_id == owner_id, col(Customer.deleted_at).is_(None))
    ).all()
    padded = f" {key} "
    scores = {cid: 95.0 for cid, k in rows if padded in f" {k} "}
    if not scores:
        keys = dict(rows)
        hits = process.extract(key, keys, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=limit)
        scores = {cid: score for _, score, cid in hits}
    shortlist = list(scores)[: limit * 4]
    named = session.exec(select(Customer.id, Customer.name).where(col(Customer.id).in_(shortlist))).all()
    ranked = sorted(named, key=lambda row: (-scores[row[0]], row[1]))
    return [Candidate(cid, name, scores[cid], False) for cid, name in ranked[:limit]]
