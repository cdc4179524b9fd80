"""An order of several things keeps each thing's price in its description: "bell 9 + lock 35".

The owner reads back exactly what was stored, and a later correction of one thing ("actually the lock was
39") changes that part and the total (48), where it used to replace the whole total with 39. A description
is read as parts only when they add up to the order's total, so a description that merely looks like one
("2 + 2 special") is never mistaken for parts.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

JOIN = " + "
_PART = re.compile(r"(?P<what>.*\S)\s+(?P<price>\d+(?:\.\d{1,2})?)")


@dataclass(frozen=True)
class Item:
    what: str
    price: Decimal


def plain(value: Decimal) -> str:
    """9, 7.50: the number as an owner writes it, without a currency (the order has one)."""
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


def describe(items: Sequence[Item]) -> str:
    return JOIN.join(f"{item.what} {plain(item.price)}" for item in items)


def read_items(description: str | None, total: Decimal) -> list[Item] | None:
    """The parts of a description of several things, or None when it is not one or its parts do not add up."""
    if not description or JOIN not in description:
        return None
    parts = [_PART.fullmatch(piece.strip()) for piece in description.split(JOIN)]
    if not all(parts):
        return None
    items = [Item(m["what"], Decimal(m["price"])) for m in parts if m]
    return items if sum((i.price for i in items), Decimal(0)) == total else None


def _stem(word: str) -> str:
    return re.sub(r"(?:es|s)$", "", word.lower()) if len(word) > 3 else word.lower()


def find_item(items: Sequence[Item], said: str | None, old_price: Decimal | None) -> int | None:
    """Which part a correction means: the one whose words it names ("the lock", "bags" for "frame bag"),
    else the one with the price it says was wrong ("39 not 35")."""
    words = {_stem(w) for w in re.findall(r"[^\W\d_]+", said or "")}
    if words:
        named = [i for i, item in enumerate(items) if words <= {_stem(w) for w in re.findall(r"[^\W\d_]+", item.what)}]
        if len(named) == 1:
            return named[0]
    if old_price is not None:
        priced = [i for i, item in enumerate(items) if item.price == old_price]
        if len(priced) == 1:
            return priced[0]
    return None


def mentions(description: str | None, said: str | None) -> bool:
    """The description holds every word of what the correction names ("the wreath" of "wreath")."""
    words = {_stem(w) for w in re.findall(r"[^\W\d_]+", said or "")}
    return bool(words) and words <= {_stem(w) for w in re.findall(r"[^\W\d_]+", description or "")}


@dataclass(frozen=True)
class Repriced:
    description: str
    total: Decimal
    was: Item  # the part as it was


def reprice(description: str | None, total: Decimal, said: str | None, old_price: Decimal | None,
            price: Decimal) -> Repriced | None:
    """The order with one part at a new price, or None when the description has no parts or none is meant."""
    items = read_items(description, total)
    index = find_item(items, said, old_price) if items else None
    if items is None or index is None:
        return None
    changed = [Item(item.what, price) if i == index else item for i, item in enumerate(items)]
    return Repriced(describe(changed), sum((i.price for i in changed), Decimal(0)), items[index])


def labels(items: Sequence[Item]) -> str:
    """"bell + lock": the things without their prices, once the total no longer is their sum."""
    return JOIN.join(item.what for item in items)
