"""The architecture stays visible: crm/ knows nothing of the conversation or the clock's scheduling,
scheduler/ nothing of the adapters, and the channel adapters reach the domain only through the core."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def modules_under(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize(("folder", "forbidden"), [("crm", ("bot", "scheduler", "telegram")), ("scheduler", ("bot", "telegram"))])
def test_inner_layers_do_not_import_outer_ones(folder, forbidden):
    wrong = {f"{path.relative_to(ROOT)}: {name}" for path in modules_under(folder) for name in imports(path)
             if name.split(".")[0] in forbidden}
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("adapter", ["bot/telegram_app.py", "bot/terminal.py"])
def test_channel_adapters_carry_files_through_the_core(adapter):
    """Import, export, backup and restore are the dialogue core's (bot/dialogue/files.py) for every channel."""
    assert not {name for name in imports(ROOT / adapter) if name.startswith("crm.io")}


def test_the_push_types_live_in_the_domain():
    from crm.services.digests import Push
    from scheduler.sender import Push as Delivered

    assert Push is Delivered
