"""The pushes in words: the daily digest, the weekly summary and timed reminders, for a phone screen.

The same replies answer /today and /week and go out on schedule (`scheduler/`), so what the owner
reads at 08:00 is what they get when they ask.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.dialogue.answers import risk_reason
from bot.dialogue.formatting import day, local_day, local_day_time, plural
from bot.dialogue.plans import Plan
from bot.dialogue.replies import Button, Reply
from bot.dialogue.turn import Turn
from crm import localtime
from crm.analytics.charts import weekly_png
from crm.models import FollowUp, Owner
from crm.money import Money, format_money
from crm.services.digests import DailyDigest, Push, Reminder, WeeklySummary, todays_digest, weekly_summary
from crm.services.reports import followups_due

SHOWN = 25  # items per list; more would not fit a Telegram message (4,096 characters)
WITH_BUTTONS = 10  # follow-ups that get their own row of buttons
PENDING = "Who is at risk is being worked out after your latest changes; ask “who's at risk?” in a moment."
LATE = timedelta(minutes=5)  # a reminder sent later than this says when it was due


def followup_buttons(followup_id: int, name: str | None, row: int) -> list[Button]:
    """Done, snooze, and for a customer's follow-up "Log call"; `name` None is the owner's own to-do."""
    return [
        Button(f"✓ {name or 'Done'}", f"done:{followup_id}", row),
        Button("+1 day", f"snooze:{followup_id}:1", row),
        Button("+1 week", f"snooze:{followup_id}:7", row),
        *([Button("Log call", f"call:{followup_id}", row)] if name else []),
    ]


def due_line(f: FollowUp, name: str | None, when: str) -> str:
    """"• Anna Lee: call about the cake, 12 Mar"; the owner's own to-do is theirs: "• You: order brake pads, ..."."""
    return f"• {name or 'You'}: {f.note or 'follow up'}, {when}"


def _more(lines: list[str], total: int) -> list[str]:
    return lines + ([f"  … and {total - len(lines)} more"] if total > len(lines) else [])


def daily_reply(digest: DailyDigest, owner: Owner, now: datetime) -> Reply:
    parts, buttons = [], []
    today_start = localtime.start_of(owner.timezone, digest.day)
    if digest.missed:
        parts.append(f"(I was offline and missed {plural(digest.missed, 'digest')} before this one.)")
    if digest.followups:
        lines = []
        for i, item in enumerate(digest.followups[:SHOWN]):
            f = item.followup
            when = (local_day_time if f.has_time else local_day)(f.due_at, owner.timezone, now)
            late = " (overdue)" if f.due_at < today_start else ""
            lines.append(due_line(f, item.customer_name, when) + late)
            if i < WITH_BUTTONS:
                buttons += followup_buttons(f.id, item.customer_name, i)  # type: ignore[arg-type]
        parts.append("Follow-ups due:\n" + "\n".join(_more(lines, len(digest.followups))))
    if digest.newly_at_risk:
        lines = [f"• {r.name}: {risk_reason(r)}" for r in digest.newly_at_risk[:SHOWN]]
        parts.append("Newly at risk:\n" + "\n".join(_more(lines, len(digest.newly_at_risk))))
        buttons += [Button(f"Follow up {r.name}", f"fu:{r.customer_id}") for r in digest.newly_at_risk[:3]]
    if digest.risk_pending:
        parts.append(PENDING)
    if digest.birthdays:
        lines = [f"• {b.name}: {'today 🎂' if b.day == digest.day else day(b.day, digest.day)}" for b in digest.birthdays[:SHOWN]]
        parts.append("Birthdays:\n" + "\n".join(_more(lines, len(digest.birthdays))))
    if digest.empty:
        return Reply(f"Nothing due today ({day(digest.day, digest.day)})." + (f" {PENDING}" if digest.risk_pending else ""))
    return Reply(f"Your day, {day(digest.day, digest.day)}:\n\n" + "\n\n".join(parts), tuple(buttons))


def _change(now: Money, before: Money) -> str:
    if before.amount == 0:
        return "new" if now.amount else "same"
    return f"{(now.amount - before.amount) / before.amount:+.0%}"


def weekly_reply(summary: WeeklySummary, owner: Owner) -> Reply:
    start = summary.week_start
    lines = [f"Your week, {day(start, start)} – {day(start + timedelta(days=6), start)}:"]
    lines.append(f"Revenue {format_money(summary.revenue)}: {_change(summary.revenue, summary.previous)} vs the week before "
                 f"({format_money(summary.previous)}), {_change(summary.revenue, summary.four_week_average)} vs the 4-week "
                 f"average ({format_money(summary.four_week_average)}).")
    lines.append(f"Customers: {summary.new_customers} new, {summary.returning_customers} returning; repeat rate "
                 f"{summary.repeat_rate:.0%}.")
    if summary.top_clv:
        top = ", ".join(f"{name} {format_money(value)}" for name, value in summary.top_clv)
        lines.append(f"Expected value of all customers (12 months): {format_money(summary.total_clv)}; highest: {top}.")
    if summary.loyalty_top:
        lines.append("Most loyal: " + ", ".join(f"{name} ({score:.2f})" for name, score in summary.loyalty_top) + ".")
    if summary.segment_moves:
        lines.append("Segments this week: " + ", ".join(f"{name} {n:+d}" for name, n in summary.segment_moves[:6]) + ".")
    if summary.feedback_answers:
        scores = [f"NPS {summary.nps:+.0f}" if summary.nps is not None else "", f"CSAT {summary.csat:.0f}%" if summary.csat is not None else ""]
        lines.append(f"Feedback (4 weeks, {plural(summary.feedback_answers, 'answer')}): " + ", ".join(s for s in scores if s) + ".")
    chart = weekly_png(summary.weekly_revenue, summary.loyalty_top, owner.currency)
    return Reply("\n".join(lines), photo=chart)


def reminder_reply(reminder: Reminder, owner: Owner, now: datetime) -> Reply:
    f = reminder.followup
    late = "" if now - f.due_at < LATE else f" (due {local_day_time(f.due_at, owner.timezone, now)})"
    text = f"⏰ {reminder.customer_name or 'You'}: {f.note or 'follow up'}{late}"
    return Reply(text, tuple(followup_buttons(f.id, reminder.customer_name, 0)))  # type: ignore[arg-type]


def push_reply(push: Push, owner: Owner, now: datetime) -> Reply:
    """Any scheduled push in words (run it in a worker thread: the weekly chart takes a moment)."""
    if isinstance(push, DailyDigest):
        return daily_reply(push, owner, now)
    if isinstance(push, WeeklySummary):
        return weekly_reply(push, owner)
    return reminder_reply(push, owner, now)


def today(turn: Turn, plan: Plan) -> Reply:
    """/today and "what's due today?": the daily digest on demand ("newly at risk" since the last one sent);
    "what's due this week?", "whats due tmrw": the follow-ups due in those days."""
    if plan.get("period"):
        return due_in(turn, date.fromisoformat(plan["period"][0]), date.fromisoformat(plan["period"][1]), plan["period_label"])
    digest = todays_digest(turn.session, turn.owner_id, turn.now, count_missed=False, wait=False)
    return daily_reply(digest, turn.owner, turn.now)


def due_in(turn: Turn, start: date, end: date, label: str) -> Reply:
    """The open follow-ups due from `start` to before `end` (local days), with their buttons."""
    begin, until = turn.start_of(start), turn.start_of(end)
    due = [item for item in followups_due(turn.session, turn.owner_id, until) if item.followup.due_at >= begin]
    if not due:
        return Reply(f"Nothing due {label}.")
    lines, buttons = [], []
    for i, item in enumerate(due[:SHOWN]):
        f = item.followup
        when = (local_day_time if f.has_time else local_day)(f.due_at, turn.owner.timezone, turn.now)
        lines.append(due_line(f, item.customer_name, when))
        if i < WITH_BUTTONS:
            buttons += followup_buttons(f.id, item.customer_name, i)  # type: ignore[arg-type]
    return Reply(f"Due {label}:\n" + "\n".join(_more(lines, len(due))), tuple(buttons))


def week(turn: Turn, plan: Plan) -> Reply:
    """/week: the weekly summary on demand."""
    return weekly_reply(weekly_summary(turn.session, turn.owner_id, turn.now), turn.owner)
