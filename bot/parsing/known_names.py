"""Step 3a: the owner's own customers are the first dictionary of names.

"sld 2 rads to dave 140 ea", "maria 8/10", "pd 1850 klein": typed in lower case, without the words the
name rules look for, a name is still plain to the owner who knows a Dave, a Maria and a Klein. So before
the rules, the message is looked through for a customer the owner has (`ParseContext.customers`): a full
name first, then a first name or surname that only one customer has. A part that is also an ordinary word
("Will", "May", "Rose") counts only when it is written with a capital, so "will pay tomorrow" names no Will.
The name is given back as the owner wrote it, for the dialogue to match as it matches any name.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.parsing.en.names import COMMON, MASK

_WORD = re.compile(rf"[^\s,;:!?()\"{MASK}]+")


def fold(word: str) -> str:
    """A word as names are compared: no accents, case or trailing possessive ("Zoë's" is "zoe")."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)).casefold()
    return re.sub(r"'s$|[^\w&-]+", "", plain)


@lru_cache(maxsize=8)
def _index(customers: tuple[str, ...]) -> tuple[dict[tuple[str, ...], str], dict[str, set[str]]]:
    """(full names by their folded words, the customers each single folded word of a name belongs to)."""
    full: dict[tuple[str, ...], str] = {}
    parts: dict[str, set[str]] = {}
    for name in customers:
        words = tuple(w for w in (fold(x) for x in name.split()) if w)
        if not words:
            continue
        full[words] = name
        for word in words:
            parts.setdefault(word, set()).add(name)
    return full, parts


def is_known(name: str, customers: tuple[str, ...]) -> bool:
    """Whether `name` is a customer's full name, or a first name or surname of theirs."""
    full, parts = _index(customers)
    words = tuple(w for w in (fold(x) for x in name.split()) if w)
    return words in full or (len(words) == 1 and words[0] in parts)


def known_customer(masked: str, customers: tuple[str, ...]) -> str | None:
    """The first customer of the owner that the message names, in the words it uses; None if none."""
    if not customers:
        return None
    full, parts = _index(customers)
    tokens = [(m.group(0), fold(m.group(0))) for m in _WORD.finditer(masked)]
    longest = max(len(words) for words in full)
    for size in range(min(longest, 4), 1, -1):  # "grace king", "Jan van der Berg": the full name first
        for i in range(len(tokens) - size + 1):
            if tuple(f for _, f in tokens[i: i + size]) in full:
                return " ".join(t for t, _ in tokens[i: i + size])
    for i, (written, folded) in enumerate(tokens):
        owners = parts.get(folded, set())
        if len(owners) == 1 and (folded not in COMMON or written[0].isupper()) and not written.isdigit() \
                and not _other_first_name(tokens, i, next(iter(owners))):
            return written.strip("'")
    return None


def _other_first_name(tokens: list[tuple[str, str]], i: int, owner: str) -> bool:
    """"katrin krüger ..." where Jana Krüger is the customer: the surname comes after a first name that is not hers,
    so it is someone else of the family (it updated Jana's phone in a terminal day)."""
    words = [fold(x) for x in owner.split()]
    if i == 0 or tokens[i][1] != words[-1] or len(words) < 2:
        return False
    before = tokens[i - 1][1]
    return before not in words and before not in COMMON and before.isalpha()
