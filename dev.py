#!/usr/bin/env python3
"""Set up and run Solo CRM with nothing but python3: `python3 dev.py run` or `python3 dev.py test`.

Why a script and not a Makefile: the README promises two commands that work on a fresh machine that
has only python3 and the package registries. This file makes the local virtual environment `.venv`
on first use, (re)installs the project when `pyproject.toml` changes, then hands over to the real
command. Extra arguments are passed through (`python3 dev.py test -k money`).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".solocrm-installed"


def _wanted_stamp() -> str:
    """Hash of what decides the installed set, so an edit of the dependencies reinstalls."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> None:
    """Create `.venv` and install the project (editable, with test extras) when missing or stale."""
    if not (BIN / "python").exists():
        print("Creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _wanted_stamp():
        return
    print("Installing Solo CRM and its dependencies into .venv ...", file=sys.stderr)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_wanted_stamp())


def ensure_node() -> None:
    """The Telegram end-to-end tests run a Bot API emulator from npm; install Node.js where it is missing
    (Debian/Ubuntu, as root: a fresh CI machine)."""
    if shutil.which("npm") and shutil.which("node"):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("Installing Node.js and npm for the Telegram emulator ...", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nodejs", "npm"], check=True)
    else:
        print("Node.js/npm not found: the Telegram end-to-end tests will fail; install them.", file=sys.stderr)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "run":
        cmd = [str(BIN / "solocrm"), *(rest or ["start"])]
    else:
        ensure_node()
        cmd = [str(BIN / "python"), "-m", "pytest", *rest]
    os.chdir(ROOT)
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
