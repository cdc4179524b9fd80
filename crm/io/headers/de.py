"""German column names ("Kunde;Datum;Betrag"). "Name" beside "Vorname" is the family name
(`crm.io.headers.generic`)."""

FIELDS = {
    "name": ("Kunde", "Kundin", "Kundenname", "Name", "vollständiger Name", "Kontakt", "Käufer"),
    "first_name": ("Vorname",),
    "last_name": ("Nachname", "Familienname"),
    "phone": ("Telefon", "Telefonnummer", "Tel.", "Handy", "Handynummer", "Mobil", "Mobilnummer", "Mobiltelefon"),
    "email": ("E-Mail", "E-Mail-Adresse", "Mail"),
    "city": ("Stadt", "Ort", "Wohnort"),
    "company": ("Firma", "Unternehmen", "Firmenname"),
    "birthday": ("Geburtstag", "Geburtsdatum"),
    "tags": ("Schlagworte", "Schlagwörter", "Stichworte", "Gruppen", "Etiketten"),
    "notes": ("Notiz", "Notizen", "Bemerkung", "Bemerkungen", "Kommentar", "Anmerkung", "Anmerkungen"),
    "date": ("Datum", "Bestelldatum", "Kaufdatum"),
    "amount": ("Betrag", "Summe", "Gesamt", "Gesamtbetrag", "Preis", "Umsatz", "Wert"),
    "currency": ("Währung",),
    "description": ("Artikel", "Produkt", "Beschreibung", "Bezeichnung", "Ware"),
    "quantity": ("Menge", "Anzahl", "Stück", "Stückzahl"),
}
