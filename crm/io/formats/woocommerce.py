"""WooCommerce: an order export, and the two CSV files of WooCommerce Analytics (Customers, Orders).

The order export is the one WooCommerce's order-export extensions write (order_number, order_date,
status, order_total, order_currency, billing_first_name, ...; spelt with spaces or underscores, which
compare the same). When it writes a row per item, the rows of one order share its number, as in
Shopify's export. Analytics > Orders has "Order #", "Status", "Customer", "Product(s)", "Items sold"
and "Net Sales" (what the shop made, after refunds and coupons); Analytics > Customers has "Name",
"Username", "Email", "City" and the spend, which the importer leaves to the orders.

Status: only "completed" and "processing" (paid, being shipped) are sales. "refunded", "cancelled",
"failed", "pending" (never paid), "on-hold" (awaiting payment) and drafts are not; the report counts
them by status. Exports write the status as "Completed", "wc-completed" or "On hold".
"""
from __future__ import annotations

from crm.io.records import Format

SALES = {"completed", "processing"}


def _status(cells: dict[str, str]) -> str | None:
    status = "-".join(cells.get("status", "").lower().removeprefix("wc-").split())
    return None if status in SALES else status or "without a status"


ORDERS = Format(
    label="a WooCommerce order export",
    kind="orders",
    signature=frozenset({"order total", "billing first name", "billing email"}),
    fields={
        "order": ("order number", "order id"),
        "name": ("billing full name", "billing name"),
        "first_name": ("billing first name",),
        "last_name": ("billing last name",),
        "email": ("billing email", "customer email"),
        "phone": ("billing phone",),
        "company": ("billing company",),
        "city": ("billing city",),
        "status": ("status", "order status"),
        "date": ("order date", "date", "date created"),
        "amount": ("order total", "order total amount"),
        "refunded": ("refunded total", "order refund", "refund total"),
        "currency": ("order currency", "currency"),
        "description": ("item name", "product name", "line item name"),
        "quantity": ("item quantity", "quantity"),
    },
    name_else=("email", "company"),
    settle=_status,
    line_items=True,
)

ANALYTICS_ORDERS = Format(
    label="a WooCommerce Analytics orders file",
    kind="orders",
    signature=frozenset({"order #", "customer type", "net sales"}),
    fields={
        "date": ("date",),
        "status": ("status",),
        "name": ("customer",),
        "description": ("products", "product"),
        "quantity": ("items sold",),
        "amount": ("net sales",),
    },
    settle=_status,
)

ANALYTICS_CUSTOMERS = Format(
    label="a WooCommerce Analytics customers file",
    kind="customers",
    signature=frozenset({"username", "last active", "date registered", "total spend"}),
    fields={"name": ("name",), "email": ("email",), "city": ("city",)},
    name_else=("email",),
)
