"""English: the rule package of each dimension (dates, amounts, names, contacts, companies, intents, clauses,
corrections), the normalizing of phone English, and the labelled messages the English reading learns from and is
tested on (`corpus/`)."""
from __future__ import annotations

from pathlib import Path

from bot.parsing.en.clauses import WORDS
from bot.parsing.en.corrections import CUES, find_correction
from bot.parsing.en.intents import RULES, classify
from bot.parsing.en.normalize import normalize
from bot.parsing.en.reading import read_fact, verb_as_name
from bot.parsing.languages import Language

LANGUAGE = Language(code="en", normalize=normalize, classify=classify, intent_rules=RULES,
                    find_correction=find_correction, correction_cues=CUES,
                    clause_words=WORDS, read_fact=read_fact, names_no_one=verb_as_name,
                    corpus=Path(__file__).parent / "corpus")
