"""What the assistant says back: text plus optional choice buttons (inline keyboard / numbered list)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # opaque to adapters; handed back to `Dialogue.choose` when pressed
    row: int | None = None  # buttons sharing a row number sit side by side (Telegram); else one per row
    numbered: bool = True  # False: an action offered beside a statement (Undo), never picked by a typed number


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default=())
    photo: bytes | None = None  # a PNG sent with the text (the weekly summary's chart)
    files: tuple[tuple[str, bytes], ...] = ()  # (file name, content) handed over before the text: exports, backups

    def rows(self) -> list[list[Button]]:
        """The buttons laid out in rows: consecutive buttons with the same `row` share one."""
        rows: list[list[Button]] = []
        for button in self.buttons:
            if rows and button.row is not None and rows[-1][-1].row == button.row:
                rows[-1].append(button)
            else:
                rows.append([button])
        return rows

    def button_for(self, answer: str) -> Button | None:
        """The button an answer picks: its number (1-based) or its label, case-insensitively."""
        answer = answer.strip()
        choices = self.choices
        if re.fullmatch(r"[0-9]{1,3}", answer) and 1 <= int(answer) <= len(choices):  # not "²", nor 5,000 digits
            return choices[int(answer) - 1]
        folded = answer.casefold()
        return next((b for b in self.buttons if b.label.casefold() == folded), None)

    @property
    def choices(self) -> tuple[Button, ...]:
        """The buttons a number picks: a stray "1" after "Logged" must not undo it."""
        return tuple(b for b in self.buttons if b.numbered)
