"""The Telegram end-to-end harness: the `telegram-test-api` Bot API emulator on 127.0.0.1 (recipe in
../shared/tg-emulator) and `solocrm run` as a subprocess talking HTTP to it, while a test plays the users.

Shared by tests/test_telegram.py, tests/test_fault_telegram.py and benchmarks/crash.py. Without
../shared beside the checkout these tests fail with that reason: they never skip silently.
"""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import SHARED

EMULATOR = SHARED / "tg-emulator"
TOKEN = "123456:TEST-TOKEN"
OWNER, OTHER_OWNER, STRANGER = 1001, 1002, 5555
SOLOCRM = Path(sys.executable).parent / "solocrm"

if not (EMULATOR / "tg_client.py").exists():
    raise RuntimeError(f"The Telegram tests need {EMULATOR} (../shared beside the checkout).")
sys.path.insert(0, str(EMULATOR))
import tg_client  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_emulator() -> Iterator[tg_client.TgEmulatorClient]:
    """The emulator on a free port, installed once into $TG_EMU_DIR (default: the temp dir)."""
    port = free_port()
    emu_dir = Path(os.environ.get("TG_EMU_DIR") or Path(tempfile.gettempdir()) / "tg-emulator")
    subprocess.run(["bash", str(EMULATOR / "setup.sh"), str(emu_dir), str(port)], check=True, stdout=subprocess.DEVNULL)
    try:
        yield tg_client.TgEmulatorClient(f"http://127.0.0.1:{port}", TOKEN)
    finally:
        subprocess.run(["bash", str(EMULATOR / "setup.sh"), "--stop", str(emu_dir), str(port)], stdout=subprocess.DEVNULL)


class Bot:
    """`solocrm run` as a subprocess against the emulator; can be restarted (or killed) on the same database."""

    def __init__(self, url: str, workdir: Path, token: str = TOKEN, owners: str = f"{OWNER},{OTHER_OWNER}") -> None:
        self.url, self.workdir = url, workdir
        self.db = workdir / "bot.sqlite"
        self.env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "SOLOCRM_TELEGRAM_API": url, "SOLOCRM_DB": str(self.db),
                    "SOLOCRM_OWNERS": owners, "SOLOCRM_HOME": str(workdir), "TZ": "Europe/Berlin",
                    "LANG": "de_DE.UTF-8", "SOLOCRM_PUSHES": "off"}  # pushes have their own test
        self.process: subprocess.Popen[bytes] | None = None
        self.log = workdir / "bot.log"

    def start(self, client: tg_client.TgEmulatorClient) -> None:
        """Start and wait until it is up (its command menu is registered)."""
        client.bot_api("deleteMyCommands")
        self.process = subprocess.Popen([str(SOLOCRM), "run"], env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not client.my_commands():
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            assert time.time() < deadline, self.log.read_text()[-3000:]
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def kill(self) -> None:
        """SIGKILL: no clean-up, no last confirmation to Telegram, as in a crash or an OOM kill."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(15)

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()


def say(client: tg_client.TgEmulatorClient, user: int, text: str, count: int = 1) -> list[dict]:  # type: ignore[type-arg]
    client.send_text(user, user, text)
    return client.wait_for_replies(user, timeout=10, min_count=count, settle=0.3)


def press(client: tg_client.TgEmulatorClient, user: int, label: str, message_id: int | None = None) -> dict:  # type: ignore[type-arg]
    client.press_button(user, user, text=label, message_id=message_id)
    return client.wait_for_replies(user, timeout=10, min_count=1, settle=0.3)[-1]


def buttons(message: dict) -> list[str]:  # type: ignore[type-arg]
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
