"""What the pushes say, from a fixture database, item by item: the daily digest, the weekly summary and
its chart, and `solocrm digest`."""
from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import matplotlib.image
import pytest
import time_machine

from bot.cli import main
from bot.dialogue.pushes import daily_reply, weekly_reply
from crm.db import session_scope
from crm.models import Owner
from crm.money import Money
from crm.services import customers, records
from crm.services.digests import _next_birthday, daily_digest, weekly_summary
from crm.services.oplog import Recorder, Source
from crm.types import utcnow

DIGEST_TIME = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)  # Wednesday 08:00 in Berlin
MONDAY = datetime(2026, 3, 16, 7, 0, tzinfo=UTC)  # the weekly summary of 9-15 March


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


@pytest.fixture
def shop(engine, owner_id):
    """Customers with follow-ups, birthdays, a lapsed regular, orders and feedback, as of 16 March."""
    with time_machine.travel(MONDAY, tick=False), session_scope(engine) as s:
        rec = Recorder(s, owner_id, Source("seed"), "seed", now=utcnow())
        ids = {}
        for name, birthday in [("Ann", None), ("Ben", None), ("Cat", None), ("Dan", None), ("Eva", "03-11"),
                               ("Fay", "1990-03-15"), ("Gus", "03-20"), ("Gone", None), ("Lars", None), ("Rita", None)]:
            ids[name] = customers.add_customer(s, owner_id, rec, name=name, birthday=birthday).id

        def followup(name: str, due: datetime, has_time: bool = False, note: str | None = None):
            return records.add_followup(s, owner_id, rec, customer_id=ids[name], due_at=due, has_time=has_time, note=note)

        followup("Ann", datetime(2026, 3, 4, 23, 0, tzinfo=UTC), note="send the quote")  # 5 March: overdue
        followup("Ben", datetime(2026, 3, 11, 14, 0, tzinfo=UTC), has_time=True, note="call back")  # today 15:00
        followup("Cat", datetime(2026, 3, 11, 23, 0, tzinfo=UTC))  # tomorrow
        s.flush()
        done = followup("Dan", datetime(2026, 3, 10, 23, 0, tzinfo=UTC))
        done.done_at = DIGEST_TIME - timedelta(days=5)
        followup("Gone", datetime(2026, 3, 10, 23, 0, tzinfo=UTC))
        customers.remove_customer(s, owner_id, rec, ids["Gone"])

        def order(name: str, amount: str, at: datetime) -> None:
            records.log_order(s, owner_id, rec, customer_id=ids[name], money=eur(amount), occurred_at=at)

        for week in range(0, 30, 2):  # Rita buys every two weeks and still does
            order("Rita", "20", datetime(2026, 3, 10, 9, tzinfo=UTC) - timedelta(weeks=30 - week))
        for week in range(0, 12, 2):  # Lars did, until 20 weeks ago
            order("Lars", "45.50", datetime(2026, 3, 10, 9, tzinfo=UTC) - timedelta(weeks=30 - week))
        order("Ben", "40", datetime(2026, 2, 17, 10, tzinfo=UTC))
        order("Ann", "80", datetime(2026, 3, 3, 10, tzinfo=UTC))
        order("Ann", "100", datetime(2026, 3, 12, 10, tzinfo=UTC))
        order("Ben", "50", datetime(2026, 3, 13, 10, tzinfo=UTC))
        order("Cat", "10", datetime(2026, 3, 15, 22, 30, tzinfo=UTC))  # Sunday 23:30 in Berlin: this week
        order("Dan", "999", datetime(2026, 3, 15, 23, 30, tzinfo=UTC))  # Monday 00:30 in Berlin: the next
        for score, scale in [(10, 10), (9, 10), (3, 10), (5, 5), (4, 5), (2, 5)]:
            records.add_feedback(s, owner_id, rec, customer_id=ids["Ann"], occurred_at=datetime(2026, 3, 5, tzinfo=UTC),
                                 score=Decimal(score), scale=scale)
        rec.commit("seed")
    return ids


def test_the_daily_digest_item_by_item(engine, owner_id, shop):
    with time_machine.travel(DIGEST_TIME, tick=False), session_scope(engine) as s:
        digest = daily_digest(s, owner_id, DIGEST_TIME, flagged_before=set())
        owner = s.get(Owner, owner_id)
        assert digest.day == date(2026, 3, 11)
        assert [(f.customer_name, f.followup.note) for f in digest.followups] == [("Ann", "send the quote"), ("Ben", "call back")]
        assert [(b.name, b.day) for b in digest.birthdays] == [("Eva", date(2026, 3, 11)), ("Fay", date(2026, 3, 15))]
        assert [r.name for r in digest.newly_at_risk] == ["Lars"] and digest.flagged == [shop["Lars"]]
        assert daily_digest(s, owner_id, DIGEST_TIME, flagged_before={shop["Lars"]}).newly_at_risk == []
        reply = daily_reply(digest, owner, DIGEST_TIME)  # type: ignore[arg-type]
    lines = reply.text.splitlines()
    assert lines[0] == "Your day, 11 Mar:"
    assert "• Ann: send the quote, 5 Mar (overdue)" in lines and "• Ben: call back, 11 Mar 15:00" in lines
    assert "• Eva: today 🎂" in lines and "• Fay: 15 Mar" in lines
    assert any(line.startswith("• Lars: usually orders every 2 weeks") for line in lines)
    assert [[b.label for b in row] for row in reply.rows()][:2] == [["✓ Ann", "+1 day", "+1 week", "Log call"],
                                                                   ["✓ Ben", "+1 day", "+1 week", "Log call"]]


def test_birthdays_on_29_february_are_kept_on_the_28th():
    assert _next_birthday("02-29", date(2027, 2, 20)) == date(2027, 2, 28)
    assert _next_birthday("02-29", date(2028, 2, 20)) == date(2028, 2, 29)
    assert _next_birthday("12-31", date(2026, 12, 31)) == date(2026, 12, 31)
    assert _next_birthday("01-02", date(2026, 12, 31)) == date(2027, 1, 2)
    assert _next_birthday("13-01", date(2026, 1, 1)) is None


def test_the_weekly_summary_item_by_item(engine, owner_id, shop):
    with time_machine.travel(MONDAY, tick=False), session_scope(engine) as s:
        summary = weekly_summary(s, owner_id, MONDAY)
        owner = s.get(Owner, owner_id)
        reply = weekly_reply(summary, owner)  # type: ignore[arg-type]
    assert summary.week_start == date(2026, 3, 9)
    assert summary.revenue == eur("160.00")  # Ann 100, Ben 50, Cat 10 (Sunday 23:30), not Dan's (Monday 00:30)
    assert summary.previous == eur("80.00")  # Ann
    assert summary.four_week_average == eur("40.00")  # (Rita 20 + Ben 40 + Rita 20 + Ann 80) / 4
    assert (summary.new_customers, summary.returning_customers) == (1, 2)  # Cat; Ann and Ben
    assert summary.repeat_rate == pytest.approx(4 / 5)  # all but Cat bought on more than one day
    assert summary.nps == pytest.approx(100 / 3) and summary.csat == pytest.approx(200 / 3) and summary.feedback_answers == 6
    scores = [score for _, score in summary.loyalty_top]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True) and "Rita" in dict(summary.loyalty_top)
    assert len(summary.top_clv) == 3 and summary.total_clv.amount >= sum(v.amount for _, v in summary.top_clv) > 0
    assert [d for d, _ in summary.weekly_revenue][-1] == date(2026, 3, 9) and len(summary.weekly_revenue) == 12
    assert summary.segment_moves and sum(n for _, n in summary.segment_moves) == 1  # one more customer: Cat
    assert ("Revenue EUR 160.00: +100% vs the week before (EUR 80.00), +300% vs the 4-week average (EUR 40.00)."
            in reply.text)
    assert "NPS +33, CSAT 67%" in reply.text
    assert reply.photo is not None and reply.photo.startswith(b"\x89PNG\r\n\x1a\n")
    assert matplotlib.image.imread(io.BytesIO(reply.photo), format="png").shape[2] in (3, 4)


def test_solocrm_digest_prints_what_is_pushed(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLOCRM_DB", str(tmp_path / "d.sqlite"))
    monkeypatch.setenv("SOLOCRM_HOME", str(tmp_path))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    (tmp_path / "o.csv").write_text("customer,date,amount\nAnn,2026-03-03,80\nAnn,2026-03-12,100\nBen,2026-03-13,50\n")
    assert main(["import", "orders", str(tmp_path / "o.csv")]) == 0
    capsys.readouterr()
    assert main(["digest", "weekly", "--as-of", "2026-03-16", "--chart", str(tmp_path / "w.png")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Your week, 9 Mar – 15 Mar:") and "Revenue EUR 150.00: +88% vs the week before (EUR 80.00)" in out
    assert (tmp_path / "w.png").read_bytes().startswith(b"\x89PNG")
    assert main(["digest", "daily", "--as-of", "2026-03-16"]) == 0
    assert capsys.readouterr().out.startswith("Nothing due today (16 Mar).")


def test_pushes_in_the_terminal_chat_can_be_answered_by_number(engine, owner_id, shop, tmp_path):
    from bot.dialogue import Dialogue
    from bot.terminal import TerminalChat, TerminalSender

    out = io.StringIO()
    chat = TerminalChat(Dialogue(engine, clock=lambda: DIGEST_TIME), owner_id, out)
    with time_machine.travel(DIGEST_TIME, tick=False):
        with session_scope(engine) as s:
            digest, owner = daily_digest(s, owner_id, DIGEST_TIME, set()), s.get(Owner, owner_id)
        asyncio.run(TerminalSender(chat, tmp_path, engine).send(owner, digest))  # type: ignore[arg-type]
        chat.run(io.StringIO("1\n"), interactive=False)  # the first button: Done for Ann
    shown = out.getvalue()
    assert shown.startswith("Your day, 11 Mar:") and "  1) ✓ Ann" in shown
    assert "\nDone: follow-up with Ann.\n" in shown


def test_asked_in_the_chat_the_digest_does_not_wait_for_a_model_refit(engine, owner_id, shop):
    from crm.services import insights

    insights._cache.pop((str(engine.url), owner_id), None)  # as after the owner's latest order
    with time_machine.travel(DIGEST_TIME, tick=False), session_scope(engine) as s:
        asked = daily_digest(s, owner_id, DIGEST_TIME, set(), wait=False)
        assert asked.risk_pending and asked.newly_at_risk == [] and [f.customer_name for f in asked.followups] == ["Ann", "Ben"]
        assert "ask “who's at risk?” in a moment" in daily_reply(asked, s.get(Owner, owner_id), DIGEST_TIME).text  # type: ignore[arg-type]
        pushed = daily_digest(s, owner_id, DIGEST_TIME, set())
        assert not pushed.risk_pending and [r.name for r in pushed.newly_at_risk] == ["Lars"]
