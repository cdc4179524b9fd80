"""Public holidays of the owner's region, by their English names ("on christmas eve", "after easter monday").

The names come from the `holidays` package for ParseContext.region (in English), and Easter Sunday besides (the
day most regions' Easter holidays count from). A name can drop its "Day" ("christmas", "new year's"), and the parts
compose: "<holiday> eve" and "the day before <holiday>" are the day before, "after <holiday>" and "the day after
<holiday>" the day after. Reminders take the next one, things that happened the last one.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

_OFFSETS = {"the day before": -1, "before": -1, "the day after": 1, "after": 1}
EXAMPLES = (("on christmas eve", "2026-12-24"), ("after easter monday", "2026-04-07"), ("on good friday", "2026-04-03"),
            ("on new year's eve", "2026-12-31"), ("the day after christmas", "2026-12-26"))  # region DE, on 2026-03-11


def _key(name: str) -> str:
    return re.sub(r"[^a-z ]", "", name.lower().replace("'", "")).strip()


@lru_cache(maxsize=64)
def _days(region: str, year: int) -> dict[str, tuple[date, ...]]:
    """Each spoken form of a holiday name -> its dates in year-1 .. year+1."""
    import holidays  # imported on first use: the package is large
    from dateutil.easter import easter

    years = [year - 1, year, year + 1]
    try:
        found = holidays.country_holidays(region, years=years, language="en_US")
    except (NotImplementedError, KeyError):
        found = {}
    names: dict[str, set[date]] = {}
    days = [*((d, n) for d, n in found.items()), *((easter(y), "Easter Sunday") for y in years)]
    for day, name in days:
        for one in name.split("; "):
            if "(observed)" in one.lower():
                continue
            key = _key(one)
            forms = {key, key.removesuffix(" sunday")}  # "easter", "pentecost"
            if key == "christmas day" or "'s day" in one.lower():
                forms.add(key.removesuffix(" day"))  # "christmas", "new year's"; not "labor" nor "independence"
            for form in forms:
                names.setdefault(form, set()).add(day)
    return {name: tuple(sorted(d)) for name, d in names.items()}


@lru_cache(maxsize=64)
def _pattern(region: str, year: int) -> re.Pattern[str]:
    words = sorted(_days(region, year), key=len, reverse=True)
    spoken = "|".join(r"\s+".join(t[:-1] + "'?s" if t.endswith("s") else t for t in w.split()) for w in words)
    # said as a day: after a word that leads to one ("on christmas eve", "over easter"), not as a word for things
    # ("the easter price list", "a gift for christmas")
    return re.compile(rf"\b(?:(?P<rel>the day before|the day after|before|after)|on|at|over|by|until|till|since|this|next|last)\s+"
                      rf"(?P<name>{spoken})(?P<eve>\s+eve)?\b", re.IGNORECASE)


def find_holiday(text: str, region: str, today: date, future: bool) -> tuple[date, int, int] | None:
    """(day, start, end) of the first holiday the text names, or None."""
    m = _pattern(region, today.year).search(text)
    if not m:
        return None
    days = _days(region, today.year)
    dates = days.get(" ".join(_key(m["name"]).split()))
    if not dates:
        return None
    offset = _OFFSETS.get(" ".join((m["rel"] or "").lower().split()), 0) - (1 if m["eve"] else 0)
    shifted = [d + timedelta(days=offset) for d in dates]
    pick = [d for d in shifted if d >= today] if future else [d for d in shifted if d <= today]
    if not pick:
        return None
    return (pick[0] if future else pick[-1]), m.start(), m.end()
