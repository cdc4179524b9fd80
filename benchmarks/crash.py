"""Crash figures: a burst of orders sent to the bot through the Bot API emulator while it is killed
(SIGKILL) at random moments and restarted; what became of each message.

Every message names its own amount, so each reply and each stored order says which message it was.
lost = answered "Logged" but not stored; doubled = stored twice; unanswered = neither stored nor
answered once the bot has caught up. The promise is 0, 0, 0. Run:
.venv/bin/python benchmarks/crash.py [--messages 300] [--kills 8] [--runs 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.emulator import running_emulator  # noqa: E402
from tests.faults import burst_with_kills  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| run | messages sent | kills | lost | doubled | unanswered | seconds |")
    print("|---|---|---|---|---|---|---|")
    with running_emulator() as client:
        for run in range(1, args.runs + 1):
            with tempfile.TemporaryDirectory() as workdir:
                figures = burst_with_kills(client.base_url, Path(workdir), args.messages, args.kills, seed=run)
            print(f"| {run} {figures.row()}", flush=True)


if __name__ == "__main__":
    main()
