"""The owner's orders as a pandas frame for `crm.analytics` (which never touches the database itself).

Amounts become floats here on purpose: the models estimate, they do not account; any money shown to
the owner is summed again exactly from the stored minor units.
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import text
from sqlmodel import Session

from crm.models import Owner
from crm.money import minor_units

_ORDERS = text(
    "SELECT o.customer_id AS customer, o.occurred_at AS date, o.amount_minor AS minor, o.currency AS currency "
    "FROM orders o JOIN customer c ON c.id = o.customer_id "
    "WHERE o.owner_id = :owner AND c.deleted_at IS NULL AND o.occurred_at <= :until"
)


def orders_frame(session: Session, owner_id: int, until: datetime) -> pd.DataFrame:
    """Columns customer (id), date (the owner's local day), amount (in the owner's currency only)."""
    owner = session.get(Owner, owner_id)
    assert owner is not None
    rows = session.connection().execute(_ORDERS, {"owner": owner_id, "until": until.replace(tzinfo=None)}).all()
    frame = pd.DataFrame(rows, columns=["customer", "date", "minor", "currency"])
    frame = frame[frame["currency"] == owner.currency]
    minor_per_unit = 10 ** minor_units(owner.currency)
    local = pd.to_datetime(frame["date"], utc=True).dt.tz_convert(owner.timezone).dt.tz_localize(None)
    return pd.DataFrame({"customer": frame["customer"].to_numpy(), "date": local.to_numpy(),
                         "amount": frame["minor"].to_numpy(float) / minor_per_unit})


def customer_names(session: Session, owner_id: int) -> dict[int, str]:
    rows = session.connection().execute(text("SELECT id, name FROM customer WHERE owner_id = :o"), {"o": owner_id}).all()
    return {cid: name for cid, name in rows}
