"""Telegram round trip: user message -> emulator -> PTB -> bot -> emulator -> user, p50/p95 in ms.

Our bot (`solocrm run`, 10,000 customers and 100,000 orders in its database) is measured next to the
example echo bot of ../shared/tg-emulator in the same run; the goal is p95 at most 50 ms above the
echo bot's. Run: .venv/bin/python benchmarks/telegram.py [--n 300]
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EMULATOR = ROOT.parent / "shared" / "tg-emulator"
sys.path.insert(0, str(EMULATOR))

import tg_client  # noqa: E402

from benchmarks.run import fresh_engine, messages  # noqa: E402
from benchmarks.synthetic import fill_owner  # noqa: E402
from tests.emulator import free_port  # noqa: E402

TOKEN = "123456:TEST-TOKEN"
USER = 1001


def round_trips(client: tg_client.TgEmulatorClient, texts: list[tuple[str, str]]) -> list[float]:
    """Time each message until its reply; each reply must begin as expected (a wrong answer measures nothing)."""
    timings = []
    for text, expected in texts:
        start = time.perf_counter()
        client.send_text(USER, USER, text)
        replies = client.wait_for_replies(USER, timeout=10, min_count=1, settle=0)
        timings.append((time.perf_counter() - start) * 1000)
        assert replies and replies[0]["text"].startswith(expected), (text, replies)
    return timings


def wait_up(client: tg_client.TgEmulatorClient, process: subprocess.Popen[bytes]) -> None:
    deadline = time.time() + 60
    while not client.my_commands():
        assert process.poll() is None and time.time() < deadline, "bot did not start"
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    process.wait(15)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    n = parser.parse_args().n
    port = free_port()
    emu_dir = Path(os.environ.get("TG_EMU_DIR") or Path(tempfile.gettempdir()) / "tg-emulator")
    subprocess.run(["bash", str(EMULATOR / "setup.sh"), str(emu_dir), str(port)], check=True, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    client = tg_client.TgEmulatorClient(url, TOKEN)
    results = {}
    try:
        echo = subprocess.Popen([sys.executable, str(EMULATOR / "example_bot.py")], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={**os.environ, "TG_EMU_URL": url, "TG_EMU_TOKEN": TOKEN})
        wait_up(client, echo)
        round_trips(client, [("warm up", "warm up")] * 10)
        results["example echo bot"] = round_trips(client, [(f"hello {i}", f"hello {i}") for i in range(n)])
        stop(echo)
        client.bot_api("deleteMyCommands")
        client.reset()
        with tempfile.TemporaryDirectory() as tmp:
            engine = fresh_engine(Path(tmp), "bench.sqlite")
            fill_owner(engine, f"tg:{USER}", customers=10_000, orders=100_000)
            engine.dispose()
            env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "SOLOCRM_TELEGRAM_API": url,
                   "SOLOCRM_DB": str(Path(tmp) / "bench.sqlite"), "SOLOCRM_HOME": tmp}
            ours = subprocess.Popen([str(Path(sys.executable).parent / "solocrm"), "run"], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_up(client, ours)
            texts = [list(messages(i).values())[i % 4] for i in range(n)]  # orders, calls, summaries, sales
            round_trips(client, texts[:10])
            results["solo crm (10k customers, 100k orders)"] = round_trips(client, texts)
            stop(ours)
    finally:
        subprocess.run(["bash", str(EMULATOR / "setup.sh"), "--stop", str(emu_dir), str(port)], stdout=subprocess.DEVNULL)
    print(f"{'bot':<40} {'p50':>8} {'p95':>8}   ({n} messages each)")
    for name, timings in results.items():
        print(f"{name:<40} {pct(timings, 0.5):>6.1f}ms {pct(timings, 0.95):>6.1f}ms")
    base, ours_t = results["example echo bot"], results["solo crm (10k customers, 100k orders)"]
    print(f"{'difference (goal: p95 <= +50 ms)':<40} {pct(ours_t, .5) - pct(base, .5):>+6.1f}ms {pct(ours_t, .95) - pct(base, .95):>+6.1f}ms")


if __name__ == "__main__":
    main()
