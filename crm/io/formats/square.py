"""Square: the customer directory export and the transactions export.

Customers (Customers > Export): First Name, Last Name, Email Address, Phone Number, Company Name,
City, Birthday, Memo, among address and visit columns.

Transactions (Transactions > Export, "Transactions CSV"): one row per payment or refund, with Date,
Time and Time Zone in separate columns and amounts written with their symbol ("$12.00"). The amount
is Total Collected: what the customer paid, as an order's total is elsewhere. A row whose Event Type
is "Refund" is no sale (the payment it refunds keeps its row and its amount). The Time Zone is
Square's name for the seller location's zone ("Pacific Time (US & Canada)"), not an IANA name; the
owner's own zone is used instead, which is that location's. A sale with no Customer Name (a walk-in)
is no customer's: it is counted as left out, not as an error, since most of a till's sales are such.
"""
from __future__ import annotations

from crm.io.records import Format


def _event(cells: dict[str, str]) -> str | None:
    event = cells.get("status", "payment").strip().lower()
    if event != "payment":
        return {"refund": "refunded"}.get(event, event)
    return None if cells.get("name") else "without a customer"


CUSTOMERS = Format(
    label="a Square customer directory export",
    kind="customers",
    signature=frozenset({"first name", "email address", "phone number", "memo"}),
    fields={
        "first_name": ("first name",),
        "last_name": ("last name",),
        "email": ("email address",),
        "phone": ("phone number",),
        "company": ("company name",),
        "city": ("city",),
        "birthday": ("birthday",),
        "notes": ("memo",),
    },
    name_else=("company", "email", "phone"),
)

TRANSACTIONS = Format(
    label="a Square transactions export",
    kind="orders",
    signature=frozenset({"gross sales", "total collected", "event type"}),
    fields={
        "date": ("date",),
        "time": ("time",),
        "name": ("customer name",),
        "amount": ("total collected", "gross sales"),
        "description": ("description", "details"),
        "status": ("event type",),
    },
    settle=_event,
)
