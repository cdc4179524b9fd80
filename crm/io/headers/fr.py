"""French column names. "Nom" beside "Prénom" is the family name (`crm.io.headers.generic`); "nombre"
is left to Spanish, where it is the name, not a count."""

FIELDS = {
    "name": ("Client", "Cliente", "Nom", "Nom complet", "Contact", "Acheteur"),
    "first_name": ("Prénom",),
    "last_name": ("Nom de famille",),
    "phone": ("Téléphone", "Tél.", "Numéro de téléphone", "Portable"),
    "email": ("Courriel", "Adresse e-mail", "Adresse électronique", "E-mail"),
    "city": ("Ville", "Localité"),
    "company": ("Société", "Entreprise", "Organisation", "Raison sociale"),
    "birthday": ("Anniversaire", "Date de naissance"),
    "tags": ("Étiquettes", "Groupes"),
    "notes": ("Notes", "Remarque", "Remarques", "Commentaire", "Commentaires"),
    "date": ("Date", "Date de commande", "Date d'achat"),
    "amount": ("Montant", "Montant TTC", "Total", "Prix", "Somme"),
    "currency": ("Devise", "Monnaie"),
    "description": ("Article", "Articles", "Produit", "Produits", "Désignation"),
    "quantity": ("Quantité", "Qté"),
}
