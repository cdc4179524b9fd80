"""The architecture stays visible: crm/ knows nothing of the conversation or the clock's scheduling,
scheduler/ nothing of the adapters, and the channel adapters reach the domain only through the core."""
from __future__ import annotations

import ast
from collections.abc import Callable
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


def calls(path: Path) -> list[tuple[str, str, int]]:
    """(enclosing function, dotted name called, line) of every call in a module."""
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call):
                found.append((function, ast.unparse(child.func), child.lineno))
            visit(child, inner)

    visit(ast.parse(path.read_text(), filename=str(path)), "<module>")
    return found


CLOCKS = ("utcnow", "datetime.now", "date.today", "time.time", "datetime.utcnow")


def _offences(folder: str, wrong: Callable[[Path, str, str], bool]) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line} {function}() calls {name}"
            for path in modules_under(folder) for function, name, line in calls(path) if wrong(path, function, name)]


@pytest.mark.parametrize("folder", ["crm/services", "crm/analytics", "crm/io"])
def test_the_domain_never_commits(folder):
    """The caller's unit of work (a turn, a CLI command, a scheduler job: `crm.db.session_scope`) commits,
    once. The one commit in crm is the Recorder's own, which a caller calls to end its action there."""
    assert not _offences(folder, lambda path, function, name: name.endswith(".commit")
                         and not (path.name == "oplog.py" and function == "commit"))


@pytest.mark.parametrize("folder", ["crm/services", "crm/analytics"])
def test_services_take_now(folder):
    """No clock in the services: they take `now` (or the Recorder's), so a turn, a digest and a test all
    see one moment."""
    assert not _offences(folder, lambda path, function, name: name in CLOCKS or name.split(".")[-1] == "utcnow")
