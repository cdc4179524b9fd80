"""The `solocrm` command line: its flags, environment variables and files are a contract."""
from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser, main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    db = tmp_path / "cli.sqlite"
    monkeypatch.setenv("SOLOCRM_DB", str(db))
    monkeypatch.setenv("SOLOCRM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # the local owner's defaults come from the machine
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return db


def run(capsys, *argv, stdin=""):
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    finally:
        sys.stdin = sys.__stdin__
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_subcommand_is_documented_in_the_readme():
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"solocrm {name}" in README, name


def test_import_export_backup_restore_through_the_cli(cli_db, tmp_path, capsys):
    orders = tmp_path / "orders.csv"
    orders.write_text("customer,date,amount\nAnna,2026-01-05,12.50\nBob,2026-01-06,oops\n")
    code, out, _ = run(capsys, "import", "orders", str(orders))
    assert code == 0 and "Imported 1 orders" in out and "line 3:" in out
    code, out, _ = run(capsys, "import", "orders", str(orders))
    assert "Imported 0 orders" in out and "skipped 1" in out
    code, out, _ = run(capsys, "export", str(tmp_path / "out"))
    assert code == 0
    rows = list(csv.DictReader((tmp_path / "out" / "orders.csv").open()))
    assert [(r["customer"], r["date"], r["amount"], r["currency"]) for r in rows] == [("Anna", "2026-01-05", "12.50", rows[0]["currency"])]
    for name in ("customers", "orders", "interactions", "followups", "feedback"):
        assert (tmp_path / "out" / f"{name}.csv").read_text().splitlines()[0]
    assert run(capsys, "backup", str(tmp_path / "b.sqlite"))[0] == 0
    assert run(capsys, "restore", str(tmp_path / "b.sqlite"))[0] == 0
    code, _, err = run(capsys, "restore", str(orders))
    assert code == 1 and "not a SQLite database" in err


def test_local_owner_starts_with_the_machines_zone_and_locale(cli_db, capsys):
    out = run(capsys, "settings")[1]
    assert "timezone: Europe/Berlin" in out and "currency: EUR" in out and "phone_region: DE" in out and "language: de" in out


def test_settings_are_validated_and_stored(cli_db, capsys):
    code, out, _ = run(capsys, "settings", "timezone", "America/New_York", "currency", "usd")
    assert code == 0 and "timezone: America/New_York" in out and "currency: USD" in out
    code, _, err = run(capsys, "settings", "timezone", "Mars/Olympus")
    assert code == 1 and "isn't a time zone" in err
    assert "timezone: America/New_York" in run(capsys, "settings")[1]


def test_missing_file_is_a_plain_error(cli_db, capsys):
    code, _, err = run(capsys, "import", "orders", "/nonexistent/file.csv")
    assert code == 1 and "No such file" in err and "Traceback" not in err


def test_console_script_runs_the_chat_from_stdin(tmp_path):
    env = {**os.environ, "SOLOCRM_DB": str(tmp_path / "x.sqlite"), "SOLOCRM_HOME": str(tmp_path)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    exe = Path(sys.executable).parent / "solocrm"
    done = subprocess.run([str(exe)], input="help\n", capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert re.search(r"who's at risk", done.stdout)


def test_piped_chat_answers_choices_by_number_or_label(cli_db, capsys):
    script = "\n".join([
        "new customer Anna Schmidt",
        "new customer Anna Lee",
        "Anna bought 2 candles for 45",
        "2",  # the second choice: Anna Schmidt
        "Bob bought a lamp for 120",
        "add bob",  # a choice by its label, any case
        "sales this month",
        "undo",
        "quit",
        "never read",
    ]) + "\n"
    code, out, _ = run(capsys, "chat", stdin=script)
    assert code == 0
    assert "Which Anna?\n  1) Anna Lee\n  2) Anna Schmidt\n  3) New customer Anna\n  4) Cancel" in out
    assert "Logged order: Anna Schmidt, EUR 45.00" in out
    assert "New customer Bob. Logged order: Bob, EUR 120.00" in out
    assert "EUR 165.00 from 2 orders" in out
    assert "Undone: New customer Bob." in out
    assert "never read" not in out and "Traceback" not in out


def test_demo_chat_has_data_to_show(cli_db, capsys):
    code, out, _ = run(capsys, "chat", "--demo", stdin="top customers\nwho's at risk?\nwhat's due today?\n")
    assert code == 0
    assert out.count("\n1. ") >= 2  # a top list and an at-risk list
    assert "Follow-ups due:" in out


def test_a_restore_is_refused_while_another_process_has_the_database_open(cli_db, tmp_path, capsys):
    """A restore under a running chat or bot would drop what they store afterwards, so it waits for them."""
    assert run(capsys, "backup", str(tmp_path / "b.sqlite"))[0] == 0
    solocrm = Path(sys.executable).parent / "solocrm"
    chat = subprocess.Popen([str(solocrm), "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ)
    try:
        assert chat.stdin and chat.stdout
        chat.stdin.write("new customer Ines Moreau\n")
        chat.stdin.flush()
        assert chat.stdout.readline().startswith("Added customer: Ines Moreau")
        restored = subprocess.run([str(solocrm), "restore", str(tmp_path / "b.sqlite")], capture_output=True, text=True)
        assert restored.returncode == 1
        assert restored.stderr.startswith("The database is in use by another Solo CRM process (the bot or a chat).")
    finally:
        chat.communicate("quit\n", timeout=30)
    assert run(capsys, "restore", str(tmp_path / "b.sqlite"))[0] == 0  # this process holds it too: that is no other


def test_export_and_backup_in_the_terminal_chat_save_files_in_the_data_folder(cli_db, tmp_path, capsys):
    code, out, _ = run(capsys, "chat", stdin="new customer Ines Moreau\n/export\n/backup\n")
    assert code == 0
    saved = [Path(line.split("(saved: ")[1].rstrip(")")) for line in out.splitlines() if "(saved: " in line]
    assert sorted(p.name for p in saved) == ["customers.csv", "feedback.csv", "followups.csv", "interactions.csv",
                                              "orders.csv", "solocrm-backup.sqlite"]
    assert "Ines Moreau" in (tmp_path / "home" / "customers.csv").read_text()
    assert all(p.parent == tmp_path / "home" for p in saved)
