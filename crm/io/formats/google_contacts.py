"""Google Contacts' CSV export ("Google CSV"), in the format of 2023 on and the one before it.

New: First Name, Middle Name, Last Name, Organization Name, Birthday, Notes, Labels, "E-mail 1 - Value",
"Phone 1 - Value", "Address 1 - City". Old: Name (the whole name, often empty), Given Name, Additional
Name, Family Name, "Organization 1 - Name", "Group Membership", and the same e-mail, phone and address
columns. A contact may have a given name only, or only a company or an email; it is named by what it has.

One cell may hold several values joined by " ::: " (two mobile numbers in "Phone 1 - Value"): the
first is kept. Labels and groups become tags, less Google's own ("* myContacts", "* starred").
Birthdays come as "1990-05-12" or, without a year, "--05-12".
"""
from __future__ import annotations

from crm.io.records import Format

SEPARATOR = ":::"


def _values(cells: dict[str, str]) -> str | None:
    for name in ("phone", "email"):
        if name in cells:
            cells[name] = cells[name].split(SEPARATOR)[0].strip()
    if "tags" in cells:
        labels = (label.strip() for label in cells["tags"].split(SEPARATOR))
        cells["tags"] = ",".join(label for label in labels if label and not label.startswith("*"))
    return None


COMMON = {
    "email": ("e mail 1 value", "e mail 2 value"),
    "phone": ("phone 1 value", "phone 2 value"),
    "city": ("address 1 city",),
    "birthday": ("birthday",),
    "notes": ("notes",),
}

CONTACTS = Format(
    label="a Google Contacts export",
    kind="customers",
    signature=frozenset({"first name", "middle name", "last name", "labels"}),
    fields={
        "first_name": ("first name",),
        "middle_name": ("middle name",),
        "last_name": ("last name",),
        "company": ("organization name",),
        "tags": ("labels",),
        **COMMON,
    },
    name_else=("company", "email", "phone"),
    settle=_values,
)

OLD_CONTACTS = Format(
    label="a Google Contacts export (the format before 2023)",
    kind="customers",
    signature=frozenset({"given name", "family name", "group membership"}),
    fields={
        "name": ("name",),
        "first_name": ("given name",),
        "middle_name": ("additional name",),
        "last_name": ("family name",),
        "company": ("organization 1 name",),
        "tags": ("group membership",),
        **COMMON,
    },
    name_else=("company", "email", "phone"),
    settle=_values,
)
