"""A cue: a named pattern with the messages it is written for, which the tests read (a place where a fact
ends, the opening of a correction). Language packages list them; `--explain` names the ones that applied."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: str
    examples: tuple[str, ...]  # messages that hold it (tested)
