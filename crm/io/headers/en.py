"""English column names, and those of the exports this project reads back (its own customers.csv and
orders.csv among them). Written as people write them: case, accents and punctuation don't matter
(`crm.io.headers.header_key`)."""

FIELDS = {
    "name": ("name", "full name", "customer", "customer name", "customer id", "client", "client name", "contact",
             "contact name", "buyer", "display name"),
    "first_name": ("first name", "firstname", "given name", "forename"),
    "middle_name": ("middle name", "additional name"),
    "last_name": ("last name", "lastname", "family name", "surname"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "mobile number", "cell", "cell phone", "tel",
              "telephone"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "city": ("city", "town", "location"),
    "company": ("company", "company name", "organization", "organisation", "organization name", "business",
                "business name"),
    "birthday": ("birthday", "bday", "birth date", "date of birth", "dob"),
    "tags": ("tags", "tag", "labels", "groups"),
    "notes": ("notes", "note", "comments", "comment", "memo"),
    "date": ("date", "order date", "purchase date", "occurred at", "day", "created", "created at"),
    "amount": ("amount", "total", "price", "value", "dollar value", "sum", "revenue", "paid"),
    "currency": ("currency", "cur", "ccy"),
    "description": ("description", "item", "items", "product", "products", "details"),
    "quantity": ("quantity", "qty", "count", "units", "number of cds"),
}
