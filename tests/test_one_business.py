"""One business, every door: the terminal, the CLI and Telegram on one database are one CRM, until the
operator makes a separate business on purpose; then every command says which one it acts on."""
from __future__ import annotations

import csv
import subprocess

from tests.emulator import SOLOCRM, Bot, say, tg_client

TOKEN = "454545:ONE-BUSINESS"
FIRST, SECOND = 7001, 7002


def cli(bot: Bot, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SOLOCRM), *args], env=bot.env, input=stdin, capture_output=True, text=True, timeout=60)


def test_telegram_and_the_cli_share_the_business_and_a_second_one_is_kept_apart(emulator, tmp_path):
    client = tg_client.TgEmulatorClient(emulator.base_url, TOKEN)
    bot = Bot(emulator.base_url, tmp_path, token=TOKEN, owners="")
    chat = cli(bot, "chat", stdin="new customer Greta Olsen\nGreta Olsen bought a vase for 80\n")
    assert "Logged order: Greta Olsen, EUR 80.00" in chat.stdout, chat.stdout + chat.stderr
    paired = cli(bot, "pair")
    assert "will work on the business already in this database" in paired.stdout
    code = paired.stdout.split("/start ")[1].split()[0]
    bot.start(client)
    try:
        assert say(client, FIRST, f"/start {code}")[-1]["text"].startswith(
            "Paired! This assistant now works for you. It works on the business already here (1 customers)")
        assert "Greta Olsen" in say(client, FIRST, "top customers")[-1]["text"]
        assert say(client, FIRST, "Greta Olsen bought tulips for 12")[-1]["text"].startswith("Logged order: Greta Olsen, EUR 12.00")

        assert cli(bot, "export", str(tmp_path / "out")).returncode == 0
        with (tmp_path / "out" / "orders.csv").open() as handle:
            assert sorted(r["amount"] for r in csv.DictReader(handle)) == ["12.00", "80.00"]
        assert "Logged order: Greta Olsen, EUR 5.00" in cli(bot, "chat", stdin="Greta Olsen bought a card for 5\n").stdout
        assert "EUR 97.00" in say(client, FIRST, "how is Greta Olsen doing?")[-1]["text"]

        separate = cli(bot, "pair", "--new-business").stdout.split("/start ")[1].split()[0]
        assert say(client, SECOND, f"/start {separate}")[-1]["text"] == (
            "Paired! This assistant now works for you. Tell me what happened, or type /help.")
        assert say(client, SECOND, "top customers")[-1]["text"].startswith("No orders yet")
        refused = cli(bot, "export", str(tmp_path / "out2"))
        assert refused.returncode == 1 and refused.stderr.startswith("This database holds several businesses")
        assert f"tg:{FIRST} (" in refused.stderr and f"tg:{SECOND} (" in refused.stderr
        assert cli(bot, "export", "--owner", f"tg:{SECOND}", str(tmp_path / "out2")).returncode == 0
        assert (tmp_path / "out2" / "orders.csv").read_text().strip() == "customer,date,amount,currency,description,quantity,phone,email"
    finally:
        bot.stop()
