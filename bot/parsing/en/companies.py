"""Step 3d: the company a customer works at or buys for ("Lena Fischer, Bäckerei Fischer").

A company is told apart from a place by what names it: a legal form at its end ("Fischer GmbH", "Acme
Ltd", "Dupont SARL"; the forms come from cleanco's table of legal forms of many countries, not a list
of ours), a word for a kind of business ("Bäckerei Fischer", "Rosa's Bakery", "Atelier Lumière"), the
customer's own surname in a name of several words ("Lena Fischer, Fischer & Söhne"), or a cue before
it ("works at", "company:"). Anything else listed after a name stays what it was before: a city.
"""
from __future__ import annotations

import re

from cleanco.termdata import terms_by_type

from bot.parsing.contact_details import Span


def _legal_forms() -> frozenset[str]:
    """Legal forms as they end a company's name, lower-case and without dots ("g.m.b.h" is "gmbh").
    Forms of one letter say nothing, and a two-letter form ("ag", "sa", "as") counts only when it is
    not typed in lower case, where it is an ordinary word (see `_is_legal_form`)."""
    forms = {" ".join(term.replace(".", " ").split()) for terms in terms_by_type.values() for term in terms}
    return frozenset(form for form in forms if len(form.replace(" ", "")) >= 2 and form.isascii())


LEGAL_FORMS = _legal_forms()
# Kinds of business that begin or end a shop's name, in the languages of the owners' customers (no library lists
# them). Only a name of two or more words counts: "bakery" alone is what was bought, "Rosa's Bakery" a company.
BUSINESS_WORDS = frozenset("""
    bakery bakehouse cafe café coffee tearoom teahouse studio studios salon shop store boutique agency consulting
    consultancy consultants design designs restaurant hotel bistro pub pizzeria florist florists flowers garage
    gallery clinic practice surgery dental pharmacy kitchen catering caterers brewery winery farm deli butcher
    butchers barber barbers spa gym fitness yoga academy nursery workshop printing printers media solutions services
    partners associates holdings industries enterprises labs events photography architects builders plumbing
    electrical motors logistics travel bookshop foods
    bäckerei konditorei metzgerei fleischerei friseur friseursalon blumenladen gärtnerei praxis kanzlei apotheke
    werkstatt autohaus buchhandlung gaststätte agentur verlag druckerei schreinerei tischlerei reisebüro
    boulangerie pâtisserie patisserie boucherie fromagerie librairie cabinet atelier agence épicerie fleuriste
    brasserie pharmacie
    panadería pastelería carnicería floristería librería taller estudio agencia clínica farmacia tienda restaurante
    peluquería
""".split())
_WORD = r"[\w'&.-]+"
# "works at Bäckerei Fischer", "her company is Fischer GmbH", "company: Acme": up to six words, to a comma or the end
_CUED = re.compile(rf"\b(?:works? (?:at|for)|working (?:at|for)|employed (?:at|by)|"
                   rf"(?:'s|his|her|their) (?:company|firm|employer|business) is|company\s*(?:is|:)|firm\s*:|employer\s*:)\s+"
                   rf"(?P<company>(?-i:[A-ZÀ-Ý0-9]){_WORD}(?: {_WORD}){{0,5}}?)\s*(?=[,;.!?]|\s-\s|\s+and\b|$)", re.IGNORECASE)
# a detail of its own in a list after the name: ", Bäckerei Fischer," or " - Acme Ltd" at the end
_LISTED = re.compile(rf"(?:[,;]|\s-)\s*(?P<company>{_WORD}(?: {_WORD}){{1,5}})\s*(?=[,;]|\s-\s|\u27c2|[.!]?$)")


def _is_legal_form(word: str) -> bool:
    plain = word.replace(".", "").lower()
    return plain in LEGAL_FORMS and (len(plain) > 2 or not word.islower())


def names_a_company(text: str, customer: str | None = None) -> bool:
    """Whether `text` (a detail listed after a name) is a company's name rather than a place."""
    words = text.split()
    if len(words) < 2:
        return False
    if _is_legal_form(words[-1]) or _is_legal_form(" ".join(words[-2:])):
        return True
    if any(word.strip("'’").casefold().removesuffix("'s") in BUSINESS_WORDS for word in words):
        return True
    own = customer.casefold().split() if customer else []
    folded = [word.casefold() for word in words]
    return len(own) > 1 and own[-1] in folded and own[0] not in folded  # her surname, not her name again


def find_company(text: str, customer: str | None = None) -> Span | None:
    """A company after its cue, or one listed after the name that `names_a_company`; the span is masked
    so that it is no name and no city. Without the customer's name (before it is found), the surname
    rule can't apply; the pipeline asks again once the name is known."""
    m = _CUED.search(text)
    if m:
        return Span(m["company"].strip(), m.start("company"), m.start("company") + len(m["company"].strip()))
    for m in _LISTED.finditer(text):
        if names_a_company(m["company"], customer):
            return Span(m["company"], m.start("company"), m.end("company"))
    return None
