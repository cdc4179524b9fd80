"""Why a message was read as it was (`solocrm parse --explain`): which correction cue, which cuts between
facts, which intent rule and what the learned reading said, for each fact. Read again beside `parse`,
from the same named rules, so what it shows is what ran."""
from __future__ import annotations

import re

from bot.parsing.clauses import facts
from bot.parsing.intent import read_intent
from bot.parsing.languages import Language, language
from bot.parsing.learned import learned_intent
from bot.parsing.model import ParseContext
from bot.parsing.pipeline import parse


def _rule(text: str, lang: Language) -> str:
    for number, (intent, confidence, pattern) in enumerate(lang.intent_rules, start=1):
        m = pattern.search(text)
        if m:
            return f"intent rule {number} ({intent}, {confidence}) on “{m.group(0).strip()}”"
    return "no intent rule"


def explain(text: str, ctx: ParseContext) -> list[str]:
    """One line per step that decided something."""
    lang = language(ctx.language)
    clean = lang.normalize(text)
    lines = [f"normalized: {clean}"] if clean != text else []
    if parse(text, ctx).intent == "correct":
        cue = next((c.name for c in lang.correction_cues if re.search(c.pattern, clean, re.IGNORECASE)), "“…, not N” at the end")
        return [*lines, f"correction, cue: {cue}"]
    found = facts(clean, lang.code)
    if len(found) > 1:
        cuts = sorted({c.name for c in lang.clause_words.cuts if re.search(c.pattern, clean, re.IGNORECASE)})
        lines.append(f"{len(found)} facts (cuts that could apply: {', '.join(cuts)})")
    for fact in found:
        intent, confidence = read_intent(fact, lang.code)
        lines.append(f"“{fact}”: {_rule(fact, lang)}; learned: {learned_intent(fact, lang.code)[0]}; read as {intent} ({confidence})")
    return lines
