"""Which export a file is, told by its header's signature, and the file opened as canonical records.

A known export (Shopify, WooCommerce, Square, Google Contacts: one module each) is recognized by a
few column names only it has, and read by its own mapping, since its columns mean what its maker says
(Shopify's "Name" is the order number). Every other CSV file is read through the language tables of
`crm.io.headers`. A .vcf file is vCards (`crm.io.formats.vcard`).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crm.io.csv_file import Progress, open_csv
from crm.io.formats import google_contacts, shopify, square, vcard, woocommerce
from crm.io.headers import FIELD_OF, header_key
from crm.io.records import Format, Records

KNOWN = (
    shopify.ORDERS, shopify.CUSTOMERS,
    woocommerce.ORDERS, woocommerce.ANALYTICS_ORDERS, woocommerce.ANALYTICS_CUSTOMERS,
    square.TRANSACTIONS, square.CUSTOMERS,
    google_contacts.CONTACTS, google_contacts.OLD_CONTACTS,
)


def recognize(header: list[str]) -> Format:
    """The known export with this header, else a reading of its columns by name."""
    keys = {header_key(h) for h in header}
    return next((known for known in KNOWN if known.signature <= keys), None) or generic(header)


def generic(header: list[str]) -> Format:
    """The columns named in the language tables, in the file's order. A name column beside a first
    name only is the family name ("Name;Vorname", "Nom;Prénom"), beside a family name only the given
    name ("Nombre;Apellidos")."""
    fields: dict[str, tuple[str, ...]] = {}
    for key in (header_key(h) for h in header):
        if key in FIELD_OF and key not in fields.get(FIELD_OF[key], ()):
            fields[FIELD_OF[key]] = (*fields.get(FIELD_OF[key], ()), key)
    if "name" in fields and ("first_name" in fields) != ("last_name" in fields):
        fields["last_name" if "first_name" in fields else "first_name"] = fields.pop("name")
    return Format(label=None, kind=None, signature=frozenset(), fields=fields)


@contextmanager
def open_records(path: Path, progress: Progress | None = None) -> Iterator[Records]:
    """The file opened as records; CrmError if it can't be read."""
    if vcard.is_vcard(path):
        with vcard.open_vcards(path) as records:
            yield records
        return
    with open_csv(path, progress) as csv_file:
        found = recognize(csv_file.header)
        keys = {header_key(h) for h in csv_file.header}
        present = {field for field, columns in found.fields.items() if keys & set(columns)}
        yield Records(csv_file.name, found, csv_file.note, csv_file.header,
                      found.records(csv_file.header, csv_file.rows()), present)
