"""A file's rows as the importer reads them: canonical fields, whichever export or language wrote them.

Why one canonical row: the importer's rules (who the customer is, what an amount or a date is, what a
repeat is) are written once, against these fields, and each export only says how its columns fill
them (a `Format`: `crm.io.formats` for the known exports, `crm.io.headers` for every other file).

The fields, all text as written: name, first_name, middle_name, last_name, phone, email, city, company,
birthday, tags, notes for a customer; for an order also date, time, amount, refunded,
currency, description, quantity, status, and order (the export's order number, which ties line items
together).
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from crm.errors import CrmError
from crm.io.cells import unguard
from crm.io.csv_file import clip
from crm.io.headers import accepted, header_key

NAME_PARTS = ("first_name", "middle_name", "last_name")


@dataclass
class Record:
    """One customer or order of the file, at the line it starts on."""

    line: int
    cells: dict[str, str]
    left_out: str | None = None  # why this order is no sale ("refunded"): counted apart, never an error


@dataclass(frozen=True)
class Format:
    """How one kind of file maps its columns to canonical fields.

    `fields` lists, per canonical field, the columns (header keys) that may fill it, the first non-empty
    one winning ("Billing Phone", else "Shipping Phone"). A record with no name is named by its name
    parts, else by the first of `name_else` it has (a Shopify order with no billing name by its email).
    `settle` puts the export's own conventions into the canonical cells (before the name is made up)
    and says why an order is no sale (a refunded one), if it isn't. `line_items`: the export writes one row per item, the rows of
    one order next to each other with the same "order" cell and the order's totals on its first row."""

    label: str | None  # "a Shopify order export", as the report says it; None for a file of no known export
    kind: str | None  # "customers" or "orders"; None when the columns decide (a generic file)
    signature: frozenset[str]  # header keys that tell this export from any other
    fields: Mapping[str, tuple[str, ...]]
    name_else: tuple[str, ...] = ()
    settle: Callable[[dict[str, str]], str | None] | None = None
    line_items: bool = False

    def records(self, header: list[str], rows: Iterable[tuple[int, list[str]]]) -> Iterator[Record]:
        keys = [header_key(h) for h in header]
        where = {name: [i for column in columns for i, key in enumerate(keys) if key == column]
                 for name, columns in self.fields.items()}
        mapped = (Record(line, cells) for line, cells in _mapped(rows, where))
        for record in (_orders(mapped) if self.line_items else mapped):
            self._finish(record)
            yield record

    def _finish(self, record: Record) -> None:
        cells = record.cells
        if self.settle:
            record.left_out = self.settle(cells)
        if not cells.get("name"):
            parts = " ".join(cells[part] for part in NAME_PARTS if cells.get(part))
            fallback = next((cells[other] for other in self.name_else if cells.get(other)), "")
            if parts or fallback:
                cells["name"] = parts or fallback


def _mapped(rows: Iterable[tuple[int, list[str]]], where: dict[str, list[int]]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as {field: text} with line numbers, blank rows left out, export's formula guard taken off."""
    for line, cells in rows:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        row = {}
        for name, positions in where.items():
            text = next((cells[i] for i in positions if i < len(cells) and cells[i]), None)
            if text:
                row[name] = unguard(text)
        yield line, row


def _orders(records: Iterator[Record]) -> Iterator[Record]:
    """One record per order of an export that writes a row per line item: the first row's cells, and
    the items as its description ("2× Sourdough, 1× Rye") and quantity (their sum). A single item keeps
    its name and quantity as they are. Rows without an order number are orders of their own."""
    for _, rows in itertools.groupby(records, key=lambda r: r.cells.get("order") or f"\0{r.line}"):
        first, *more = rows
        if not more:
            yield first
            continue
        items = [(row.cells.get("quantity"), row.cells.get("description")) for row in (first, *more)]
        first.cells["description"] = ", ".join(f"{q}× {d}" if q else d for q, d in items if d)
        counts = [q for q, _ in items if q]
        if counts:  # a count that is no number stays, for the importer to report
            first.cells["quantity"] = next((q for q in counts if not (q.isascii() and q.isdigit())), str(sum(map(int, counts))))
        if not first.cells["description"]:
            del first.cells["description"]
        yield first


@dataclass
class Records:
    """An opened file: what it is, and its records, read as they are iterated."""

    name: str
    format: Format
    note: str | None  # what the report says about the encoding; None for UTF-8
    header: list[str]
    rows: Iterator[Record]
    fields: set[str] = field(default_factory=set)  # canonical fields the file has columns for

    @property
    def kind(self) -> str:
        return self.format.kind or ("orders" if "amount" in self.fields else "customers")

    def check(self, kind: str) -> None:
        """CrmError unless the file can be imported as `kind`."""
        if self.format.kind and self.format.kind != kind:
            raise CrmError(f"{self.name} is {self.format.label}, which holds {self.format.kind}: import it as {self.format.kind}.")
        required = ("amount",) if kind == "orders" else ("name", *NAME_PARTS, *self.format.name_else)
        if not self.fields & set(required):
            raise CrmError(
                f"{self.name} has no “{required[0]}” column. Its header is: {clip(', '.join(self.header))}. "
                f"Accepted names for it: {clip(', '.join(accepted(required[0])), 300)}."
            )
