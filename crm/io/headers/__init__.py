"""Column names a generic file may use, one table per language (en, de, fr, es, zh: each module's
FIELDS maps a canonical field to the names people give it), and how a header cell is compared.

Why tables and not code: a name is data, and adding "Rufnummer" should be one line in one place. The
tables are merged into one look-up, as a file's language isn't known before its header is read (and a
German shop's file may well say "E-Mail" beside "Betrag"). A name two languages give different fields
is a mistake the merge refuses (French "nombre" would be a count, Spanish "nombre" is a name: only the
Spanish one is listed).
"""
from __future__ import annotations

import re
import unicodedata

from crm.io.headers import de, en, es, fr, zh

LANGUAGES = {"en": en.FIELDS, "de": de.FIELDS, "fr": fr.FIELDS, "es": es.FIELDS, "zh": zh.FIELDS}
_GAPS = re.compile(r"[\s_\-./*:'’]+")


def header_key(header: str) -> str:
    """A header cell as compared: accents, case, brackets and punctuation gone ("Téléphone" is
    "telephone", "E-Mail" is "e mail", "Apellido(s)" is "apellidos", full-width "（元）" is "元")."""
    text = unicodedata.normalize("NFKD", header)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_GAPS.sub(" ", re.sub(r"[()]", "", text)).split())


def _merged() -> dict[str, str]:
    field_of: dict[str, str] = {}
    for language, fields in LANGUAGES.items():
        for field, names in fields.items():
            for name in names:
                key = header_key(name)
                if field_of.setdefault(key, field) != field:
                    raise ValueError(f"{language}: “{name}” is {field} here but {field_of[key]} in another language")
    return field_of


FIELD_OF = _merged()  # header key -> canonical field


def accepted(field: str) -> list[str]:
    """The names a column of this field may have, as written in the tables (for a message)."""
    return [name for fields in LANGUAGES.values() for name in fields.get(field, ())]
