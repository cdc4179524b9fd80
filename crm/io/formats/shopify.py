"""Shopify's customer export and order export (Admin > Customers / Orders > Export, "CSV for Excel").

Customers: First Name and Last Name, no name column. The export of 2024 on puts the address in
"Default Address ..." columns ("Default Address Company", "Default Address City", "Default Address
Phone"); the older one has Company, City, Phone. Both end with Total Spent and Total Orders, which
the importer leaves alone: the orders themselves come from the order export.

Orders: one row per line item, and "Name" is the order number ("#1001"), not a person. The order's
totals, status and customer are on its first row; the rows after it repeat the number and add an
item. The customer is the billing name, else the shipping name, else the email. Financial Status:
"refunded" and "voided" orders are no sale, nor is "expired" (an authorisation that lapsed: no money
was taken); "partially_refunded" is a sale of what the shop kept, Total less Refunded Amount (the
importer subtracts "refunded" from every order that has one). "Created at" is when the order was
placed ("2026-03-10 14:22:05 +0100").
"""
from __future__ import annotations

from crm.io.records import Format

NO_SALE = {"refunded": "refunded", "voided": "voided", "expired": "expired"}


def _status(cells: dict[str, str]) -> str | None:
    return NO_SALE.get(cells.get("status", "").strip().lower())


CUSTOMERS = Format(
    label="a Shopify customer export",
    kind="customers",
    signature=frozenset({"first name", "last name", "total spent", "total orders"}),
    fields={
        "first_name": ("first name",),
        "last_name": ("last name",),
        "email": ("email",),
        "phone": ("phone", "default address phone"),
        "company": ("default address company", "company"),
        "city": ("default address city", "city"),
        "tags": ("tags",),
        "notes": ("note",),
    },
    name_else=("email", "company"),
)

ORDERS = Format(
    label="a Shopify order export",
    kind="orders",
    signature=frozenset({"name", "financial status", "lineitem name", "billing name"}),
    fields={
        "order": ("name",),
        "name": ("billing name", "shipping name"),
        "email": ("email",),
        "phone": ("billing phone", "shipping phone", "phone"),
        "company": ("billing company", "shipping company"),
        "city": ("billing city", "shipping city"),
        "status": ("financial status",),
        "date": ("created at", "paid at"),
        "amount": ("total",),
        "refunded": ("refunded amount",),
        "currency": ("currency",),
        "description": ("lineitem name",),
        "quantity": ("lineitem quantity",),
    },
    name_else=("email",),
    settle=_status,
    line_items=True,
)
