"""End to end on Telegram: the real python-telegram-bot stack, run as `solocrm run`, talks HTTP to the
`telegram-test-api` Bot API emulator on 127.0.0.1 (recipe in ../shared/tg-emulator), while the test
plays the users. Needs node and npm; `.ci/run` installs them where they are missing.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest

from tests.emulator import OTHER_OWNER, OWNER, SOLOCRM, STRANGER, TOKEN, Bot, buttons, press, say, tg_client


@pytest.fixture(scope="module")
def bot(emulator, tmp_path_factory) -> Iterator[Bot]:
    running = Bot(emulator.base_url, tmp_path_factory.mktemp("telegram"))
    running.start(emulator)
    yield running
    running.stop()
    assert "Traceback" not in running.log.read_text(), running.log.read_text()[-3000:]


def test_commands_are_registered_at_start(emulator, bot):
    names = {c["command"] for c in emulator.my_commands()}
    assert {"start", "help", "today", "atrisk", "top", "sales", "undo", "export", "backup", "settings"} <= names


def test_a_stranger_is_refused_once_and_nothing_is_stored(emulator, bot):
    [reply] = say(emulator, STRANGER, "Anna bought 2 candles for 45")
    assert reply["text"].startswith("Sorry, this is a private assistant")
    emulator.send_text(STRANGER, STRANGER, "hello?")
    assert emulator.wait_for_replies(STRANGER, timeout=1.5, min_count=1, settle=0.3) == []
    assert bot.rows("SELECT count(*) FROM customer") == [(0,)]
    assert bot.rows("SELECT key FROM owner WHERE key = 'tg:5555'") == []
    assert bot.rows("SELECT value FROM counter WHERE name = 'refused_messages'")[0][0] >= 2


def test_an_order_by_text_is_stored_and_undone_by_button(emulator, bot):
    assert say(emulator, OWNER, "new customer Anna Schmidt")[-1]["text"] == "Added customer: Anna Schmidt."
    reply = say(emulator, OWNER, "Anna bought 2 candles for 45")[-1]
    assert reply["text"].startswith("Logged order: Anna Schmidt, EUR 45.00") and buttons(reply) == ["Undo"]
    assert bot.rows("SELECT amount_minor, currency FROM orders") == [(4500, "EUR")]
    assert press(emulator, OWNER, "Undo")["text"].startswith("Undone: Logged order: Anna Schmidt, EUR 45.00")
    assert bot.rows("SELECT count(*) FROM orders") == [(0,)]


def test_an_ambiguous_name_is_resolved_by_a_button(emulator, bot):
    say(emulator, OWNER, "new customer Anna Lee")
    question = say(emulator, OWNER, "Anna bought bread for 6")[-1]
    assert question["text"] == "Which Anna?" and "Anna Lee" in buttons(question)
    assert press(emulator, OWNER, "Anna Lee")["text"].startswith("Logged order: Anna Lee, EUR 6.00")


def test_an_edited_message_corrects_the_record(emulator, bot):
    assert say(emulator, OWNER, "new customer Bea Winter")[-1]["text"] == "Added customer: Bea Winter."  # not another test's
    mid = emulator.send_text(OWNER, OWNER, "Bea Winter bought a lamp for 80")
    emulator.wait_for_replies(OWNER, timeout=10, min_count=1, settle=0.3)
    emulator.edit_text(OWNER, OWNER, mid, "Bea Winter bought a lamp for 90")
    [reply] = emulator.wait_for_replies(OWNER, timeout=10, min_count=1, settle=0.3)
    assert reply["text"].startswith("Corrected (the earlier entry is removed). Logged order: Bea Winter, EUR 90.00")
    amounts = sorted(a for (a,) in bot.rows("SELECT amount_minor FROM orders"))
    assert 9000 in amounts and 8000 not in amounts


def test_several_facts_a_correction_and_a_vcard_through_telegram(emulator, bot):
    """Over HTTP through the real python-telegram-bot stack: a message of two facts is stored as one operation (one Undo
    button), "no, it was 125 not 120" amends the order, and a .vcf file imports its contacts."""
    say(emulator, OWNER, "new customer Jonas Becker")
    reply = say(emulator, OWNER, "Jonas paid 120 for the window flowers and wants a call next week")[-1]
    assert reply["text"].startswith("Logged order: Jonas Becker, EUR 120.00") and "\nFollow-up set: Jonas Becker" in reply["text"]
    assert buttons(reply) == ["Undo"]
    assert say(emulator, OWNER, "no, it was 125 not 120")[-1]["text"] == "Corrected: order EUR 120.00 → EUR 125.00."
    assert bot.rows("SELECT amount_minor FROM orders JOIN customer ON customer.id = orders.customer_id "
                    "WHERE customer.name = 'Jonas Becker'") == [(12500,)]
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Fischer\r\nORG:B\xc3\xa4ckerei Fischer\r\nTEL:+49 151 2345678\r\nEND:VCARD\r\n"
    emulator.send_document(OWNER, OWNER, "contacts.vcf", card, mime_type="text/vcard")
    [imported] = emulator.wait_for_replies(OWNER, timeout=15, min_count=1, settle=0.3)
    assert imported["text"].startswith("Imported 1 customers")
    assert bot.rows("SELECT company, phone FROM customer WHERE name = 'Lena Fischer'") == [("Bäckerei Fischer", "+491512345678")]


def test_a_contact_card_becomes_a_customer(emulator, bot):
    emulator.send_contact(OWNER, OWNER, "491605550123", "Ida", "Berg")
    [reply] = emulator.wait_for_replies(OWNER, timeout=10, min_count=1, settle=0.3)
    assert reply["text"] == "Added customer: Ida Berg (+491605550123)."


def test_a_csv_upload_imports_good_rows_and_reports_bad_ones(emulator, bot):
    emulator.send_document(OWNER, OWNER, "orders.csv", b"customer,date,amount\nCarl,2026-01-05,12.50\nDora,2026-01-06,oops\n")
    [reply] = emulator.wait_for_replies(OWNER, timeout=10, min_count=1, settle=0.3)
    assert "Imported 1 orders" in reply["text"] and "line 3:" in reply["text"]


def test_export_sends_the_csv_files(emulator, bot):
    replies = say(emulator, OWNER, "/export", count=5)
    names = sorted(r["document"]["file_name"] for r in replies if r.get("document"))
    assert names == ["customers.csv", "feedback.csv", "followups.csv", "interactions.csv", "orders.csv"]
    orders = next(r for r in replies if r.get("document") and r["document"]["file_name"] == "orders.csv")
    assert emulator.download(orders["document"]["file_id"]).decode().startswith("customer,date,amount,currency")


def test_backup_holds_only_the_owners_business_and_sending_it_back_restores_it(emulator, bot):
    say(emulator, OTHER_OWNER, "new customer Otto Privat, otto.privat@example.com")
    reply, said = say(emulator, OWNER, "/backup", count=2)
    assert reply["document"]["file_name"] == "solocrm-backup.sqlite"
    assert said["text"] == "Your business as of now. Send this file back to restore it."
    saved = emulator.download(reply["document"]["file_id"])
    assert saved.startswith(b"SQLite format 3") and b"otto.privat" not in saved and b"tg:1002" not in saved
    owner_customers = bot.rows("SELECT count(*) FROM customer WHERE owner_id = (SELECT id FROM owner WHERE key = 'tg:1001')")
    say(emulator, OWNER, "new customer Zoe Later")
    emulator.send_document(OWNER, OWNER, "solocrm-backup.sqlite", saved)
    before, restored = emulator.wait_for_replies(OWNER, timeout=10, min_count=2, settle=0.3)
    assert before["document"]["file_name"] == "solocrm-before-restore.sqlite"
    assert restored["text"].startswith("Restored your business from the backup:")
    assert bot.rows("SELECT count(*) FROM customer WHERE name = 'Zoe Later'") == [(0,)]
    assert bot.rows("SELECT count(*) FROM customer WHERE owner_id = (SELECT id FROM owner WHERE key = 'tg:1001')") == owner_customers
    assert bot.rows("SELECT count(*) FROM customer WHERE name = 'Otto Privat'") == [(1,)]
    emulator.send_document(OTHER_OWNER, OTHER_OWNER, "theirs.sqlite", saved)
    [refused] = emulator.wait_for_replies(OTHER_OWNER, timeout=10, min_count=1, settle=0.3)
    assert refused["text"] == "That backup is of another business; I only restore your own backups. Nothing changed."


def test_two_owners_never_see_each_other(emulator, bot):
    assert say(emulator, OTHER_OWNER, "how is Anna Schmidt doing?")[-1]["text"].startswith("I don't know Anna Schmidt")
    assert say(emulator, OTHER_OWNER, "top customers")[-1]["text"].startswith("No orders yet")


def test_pairing_with_a_one_time_code(emulator, bot):
    printed = subprocess.run([str(SOLOCRM), "pair"], env=bot.env, capture_output=True, text=True, check=True).stdout
    code = printed.split("/start ")[1].split()[0]
    assert say(emulator, 7777, f"/start {code}")[-1]["text"].startswith("Paired!")
    assert say(emulator, 7777, "top customers")[-1]["text"].startswith("No orders yet")
    assert say(emulator, 8888, f"/start {code}")[-1]["text"] == "That pairing code was already used."
    assert say(emulator, 8889, "/start NOTACODE")[-1]["text"] == "That pairing code is not valid."


def test_wrong_pairing_codes_are_rate_limited(emulator, bot):
    code = subprocess.run([str(SOLOCRM), "pair"], env=bot.env, capture_output=True, text=True, check=True).stdout.split("/start ")[1].split()[0]
    for guess in range(5):
        assert say(emulator, 6660, f"/start WRONG{guess}")[-1]["text"] == "That pairing code is not valid."
    assert say(emulator, 6660, f"/start {code}")[-1]["text"] == "Too many wrong pairing codes. Try again in an hour."
    assert bot.rows("SELECT count(*) FROM owner WHERE key = 'tg:6660'") == [(0,)]
    assert say(emulator, 6661, f"/start {code}")[-1]["text"].startswith("Paired!")


def test_a_question_survives_a_restart_of_the_bot(emulator, bot):
    question = say(emulator, OWNER, "Anna bought jam for 4")[-1]
    assert question["text"] == "Which Anna?"
    bot.stop()
    bot.start(emulator)
    assert press(emulator, OWNER, "Anna Schmidt")["text"].startswith("Logged order: Anna Schmidt, EUR 4.00")


def test_the_same_update_delivered_twice_is_processed_once(emulator, tmp_path):
    """The emulator cannot redeliver an update_id, so PTB's own Update objects are fed twice instead."""
    import asyncio

    from telegram import Update

    from bot.telegram_app import build_application, owner_key
    from crm.db import make_engine, migrate, session_scope
    from crm.services.owners import get_or_create_owner
    from tests.conftest import BERLIN

    engine = make_engine(f"sqlite:///{tmp_path / 'twice.sqlite'}")
    migrate(engine)
    with session_scope(engine) as session:
        get_or_create_owner(session, owner_key(4242), BERLIN)
    application = build_application(TOKEN, engine, emulator.base_url)
    user = {"id": 4242, "is_bot": False, "first_name": "Owner"}
    chat = {"id": 4242, "type": "private", "first_name": "Owner"}

    def message(update_id: int, message_id: int, text: str) -> Update:
        return Update.de_json({"update_id": update_id, "message": {
            "message_id": message_id, "date": int(time.time()), "chat": chat, "from": user, "text": text}}, application.bot)

    async def deliver() -> None:
        async with application:
            await application.process_update(message(1, 11, "new customer Bea Stone"))
            order = message(2, 12, "Bea bought 3 roses for 15")
            await application.process_update(order)
            await application.process_update(order)

    asyncio.run(deliver())
    with sqlite3.connect(tmp_path / "twice.sqlite") as conn:
        assert conn.execute("SELECT amount_minor FROM orders").fetchall() == [(1500,)]
    replies = [r["text"] for r in emulator.wait_for_replies(4242, timeout=10, min_count=3, settle=0.3)]
    assert replies[1] == replies[2] and replies[1].startswith("Logged order: Bea Stone, EUR 15.00")


def test_group_chats_only_where_an_owner_added_the_bot(emulator, bot):
    group, other_group = -4001, -4002
    bot_user = {"id": int(TOKEN.split(":")[0]), "is_bot": True, "first_name": "Test First name", "username": "TestNameBot"}
    emulator.send_text(other_group, OWNER, "top customers", chat_type="group")
    [refusal] = emulator.wait_for_replies(other_group, timeout=10, min_count=1, settle=0.3)
    assert refusal["text"].startswith("Sorry, this assistant only works in private chats")
    emulator.send_message(group, OWNER, chat_type="group", new_chat_members=[bot_user])
    assert emulator.wait_for_replies(group, timeout=10, min_count=1, settle=0.3)[0]["text"].startswith("Hello!")
    emulator.send_text(group, OWNER, "top customers", chat_type="group")
    assert emulator.wait_for_replies(group, timeout=10, min_count=1, settle=0.3)[0]["text"].startswith("Top customers")
    emulator.send_text(group, STRANGER, "top customers", chat_type="group")
    assert emulator.wait_for_replies(group, timeout=1.5, min_count=1, settle=0.3) == []  # a member who is no owner


def test_first_start_without_owners_prints_a_pairing_code(emulator, tmp_path):
    """A second bot (its own token, so the emulator keeps it apart) on an empty database."""
    token = "654321:SECOND-BOT"
    client = tg_client.TgEmulatorClient(emulator.base_url, token)
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "SOLOCRM_TELEGRAM_API": emulator.base_url,
           "SOLOCRM_DB": str(tmp_path / "new.sqlite"), "SOLOCRM_HOME": str(tmp_path)}
    env.pop("SOLOCRM_OWNERS", None)
    log = tmp_path / "second.log"
    process = subprocess.Popen([str(SOLOCRM), "run"], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 30
        while not client.my_commands():
            assert process.poll() is None and time.time() < deadline, log.read_text()
            time.sleep(0.1)
        code = log.read_text().split("/start ")[1].split()[0]
        client.send_text(9001, 9001, f"/start {code}")
        [reply] = client.wait_for_replies(9001, timeout=10, min_count=1, settle=0.3)
        assert reply["text"].startswith("Paired!")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(15)


def test_the_daily_digest_arrives_with_working_buttons_once_across_a_restart(emulator, tmp_path):
    """A bot process of its own (own token and database) with pushes on: the owner's digest time has
    passed today, so the digest goes out at start; its buttons work; a restart sends nothing again."""

    from crm import localtime
    from crm.db import make_engine, migrate, session_scope
    from crm.money import Money
    from crm.services import customers, records
    from crm.services.oplog import Recorder, Source
    from crm.services.owners import get_or_create_owner, update_settings
    from crm.types import utcnow
    from scheduler.plan import WEEKDAYS
    from tests.conftest import BERLIN

    owner_user, token = 3003, "777777:PUSH-BOT"
    client = tg_client.TgEmulatorClient(emulator.base_url, token)
    engine = make_engine(f"sqlite:///{tmp_path / 'push.sqlite'}")
    migrate(engine)
    today = localtime.local_day("Europe/Berlin", utcnow())
    with session_scope(engine) as session:
        owner = get_or_create_owner(session, f"tg:{owner_user}", BERLIN)
        update_settings(session, owner.id, digest_time="00:00", weekly_day=WEEKDAYS[today.weekday()])
        rec = Recorder(session, owner.id, Source("seed"), "seed", now=utcnow())
        pia = customers.add_customer(session, owner.id, rec, name="Pia Lund")
        records.add_followup(session, owner.id, rec, customer_id=pia.id, due_at=localtime.start_of("Europe/Berlin", today),
                             has_time=False, note="send the samples")
        records.log_order(session, owner.id, rec, customer_id=pia.id, money=Money(Decimal("42"), "EUR"),
                          occurred_at=utcnow())
        rec.commit("seed")
    engine.dispose()
    bot = Bot(emulator.base_url, tmp_path)
    bot.db = tmp_path / "push.sqlite"
    bot.env.update(TELEGRAM_BOT_TOKEN=token, SOLOCRM_DB=str(bot.db), SOLOCRM_OWNERS="", SOLOCRM_PUSHES="on")
    bot.start(client)
    try:
        messages = client.wait_for_replies(owner_user, timeout=20, min_count=3, settle=1.0)
        digest, summary, chart = messages
        assert digest["text"].startswith(f"Your day, {today.day} {today:%b}:") and "• Pia Lund: send the samples" in digest["text"]
        assert buttons(digest) == ["✓ Pia Lund", "+1 day", "+1 week", "Log call"]
        assert summary["text"].startswith("Your week, ") and chart["photo"]
        client.press_button(owner_user, owner_user, text="+1 day")
        [snoozed] = client.wait_for_replies(owner_user, timeout=10, min_count=1, settle=0.3)
        assert snoozed["text"].startswith("Snoozed: follow-up with Pia Lund, now due ")
        client.press_button(owner_user, owner_user, text="✓ Pia Lund", message_id=digest["message_id"])
        [done] = client.wait_for_replies(owner_user, timeout=10, min_count=1, settle=0.3)
        assert done["text"] == "Done: follow-up with Pia Lund."
        assert bot.rows("SELECT done_at IS NOT NULL FROM followup") == [(1,)]
        bot.stop()
        bot.start(client)
        assert client.wait_for_replies(owner_user, timeout=3, min_count=1, settle=0.3) == []  # no second digest
        assert bot.rows("SELECT kind, status FROM delivery ORDER BY kind") == [("daily", "sent"), ("weekly", "sent")]
    finally:
        bot.stop()
    assert "Traceback" not in bot.log.read_text(), bot.log.read_text()[-3000:]
