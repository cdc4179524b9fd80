"""The language packages of the parser, chosen by the owner's language setting.

The dimensions that do not depend on a language (phones and e-mail addresses, the money lexicon of
`crm.money`, the learned intent reader, the owner's own customer names, the cutting of a message into
facts) are shared; what does (normalizing, intent rules, dates, amounts, names, the words where a fact
ends, corrections) lives in one package per language, `bot/parsing/<code>/`, the shape of Duckling's
`Duckling/<Dimension>/<LANG>/Rules.hs`. A package says what it offers as one `Language` in its
`__init__`; a new language is a new sibling package, without touching the others.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.parsing.clauses import ClauseWords
    from bot.parsing.cues import Cue
    from bot.parsing.model import ParseContext, Parsed

DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    code: str
    normalize: Callable[[str], str]  # spelling, shorthand and numbers in words, once per message
    classify: Callable[[str], tuple[str, float]]  # the intent rules: (intent, confidence) of a normalized text
    intent_rules: Sequence[tuple[str, float, re.Pattern[str]]]  # what `classify` tries, in order (for --explain)
    find_correction: Callable[[str, ParseContext], Parsed | None]  # "no, it was 45 not 54"
    correction_cues: Sequence[Cue]  # the named cues `find_correction` knows (for --explain)
    clause_words: ClauseWords  # where a fact could end, and what makes a piece a fact of its own
    read_fact: Callable[[str, ParseContext], Parsed]  # one fact, normalized, read whole
    names_no_one: Callable[[str, str], bool]  # (name read, fact): "Ring him again": the name read is the verb
    corpus: Path  # labelled messages: the learned reading's examples and the corpus test


@cache
def language(code: str) -> Language:
    """The package for a language code; English for a language that has none yet (the owner's setting is any
    two-letter code, and a message in it is still better read as English than not at all)."""
    try:
        module = importlib.import_module(f"bot.parsing.{code}")
    except ModuleNotFoundError:
        module = importlib.import_module(f"bot.parsing.{DEFAULT}")
    return module.LANGUAGE
