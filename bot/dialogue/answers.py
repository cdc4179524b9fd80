"""Answers to questions about the business, read from the data and worded for a phone screen."""
from __future__ import annotations

import re
from datetime import date, timedelta

from bot.dialogue.formatting import day, local_day, money_list, plural
from bot.dialogue.plans import Plan
from bot.dialogue.replies import Button, Reply
from bot.dialogue.turn import Turn
from crm.money import format_money
from crm.services import insights, reports

HELP = """I keep your customers, sales and follow-ups. Just tell me what happened, for example:
• Anna bought 2 candles for 45
• sold a lamp to Bob, 120, yesterday
• called Tom about the delivery
• remind me to call Lena on friday
• new customer Ida Berg +49 160 5550123 ida@berg.de
• Anna gave us 9/10
Or ask:
• who's at risk?  • how is Anna doing?  • sales this month  • top customers  • what's due today?
Every change can be undone: say “undo”. Commands: /today /top /sales /atrisk /undo /settings /help"""


def help_reply() -> Reply:
    return Reply(HELP)


def _period(turn: Turn, plan: Plan) -> tuple[date, date, str]:
    if plan.get("period"):
        start, end = (date.fromisoformat(d) for d in plan["period"])
        return start, end, plan.get("period_label") or f"{day(start, turn.today)} – {day(end - timedelta(days=1), turn.today)}"
    first = turn.today.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1), "this month"


def sales(turn: Turn, plan: Plan) -> Reply:
    start, end, label = _period(turn, plan)
    report = reports.sales(turn.session, turn.owner_id, turn.start_of(start), turn.start_of(end))
    if not report.orders:
        return Reply(f"No sales {label}.")
    converted = any(t.currency != report.total.currency for t in report.totals)
    paid = f" (paid as {money_list(report.totals)}, at each day's ECB rate)" if converted else ""
    return Reply(
        f"Sales {label}: {format_money(report.total)}{paid} from {plural(report.orders, 'order')}, "
        f"{plural(report.customers, 'customer')}.{report.left_out}"
    )


def top(turn: Turn, plan: Plan) -> Reply:
    if plan.get("by_clv"):
        return top_by_clv(turn)
    ranked = reports.top_customers(turn.session, turn.owner_id)
    if not ranked:
        return Reply("No orders yet, so no top customers.")
    lines = [f"{i}. {t.name}: {format_money(t.total)} ({plural(t.orders, 'order')})" for i, t in enumerate(ranked, 1)]
    return Reply("Top customers (all time):\n" + "\n".join(lines))


def top_by_clv(turn: Turn) -> Reply:
    try:
        ranked = insights.top_by_value(turn.session, turn.owner_id, turn.now)
    except insights.NotEnoughHistory as too_early:
        return Reply(str(too_early))
    if not ranked:
        return Reply("Not enough orders yet to estimate lifetime values.")
    lines = [f"{i}. {v.name}: {format_money(v.value)} in the next 12 months" for i, v in enumerate(ranked, 1)]
    return Reply("Top customers by lifetime value (expected spend, discounted):\n" + "\n".join(lines))


def segments(turn: Turn, plan: Plan) -> Reply:
    counts = insights.segment_counts(turn.session, turn.owner_id, turn.now)
    if not counts:
        return Reply("No orders yet, so no segments.")
    lines = [f"• {name}: {n} ({meaning})" for name, n, meaning in counts]
    return Reply("Your customers by segment:\n" + "\n".join(lines))


def at_risk(turn: Turn, plan: Plan) -> Reply:
    flagged = insights.at_risk(turn.session, turn.owner_id, turn.now)
    if not flagged:
        return Reply("Nobody looks at risk right now.")
    lines = [f"{i}. {r.name}: {risk_reason(r)}" for i, r in enumerate(flagged, 1)]
    buttons = tuple(Button(f"Follow up {r.name}", f"fu:{r.customer_id}") for r in flagged[:5])
    return Reply("Likely to be lost, most at stake first:\n" + "\n".join(lines), buttons)


def risk_reason(r: insights.AtRiskCustomer) -> str:
    """Why they are on the list, and what is at stake (the order of the list): "usually orders every 3
    weeks, last order 9 weeks ago, EUR 1,240.00 so far, EUR 310.00 a year at stake (88% likely lost)".
    Short: the daily digest lists 25 of these in one Telegram message (4,096 characters)."""
    last = _ago(r.days_since)
    rhythm = f"usually orders every {_ago(r.usual_gap_days, suffix='')}, " if r.usual_gap_days else "a single order, "
    stake = f", {format_money(r.at_stake)} a year at stake" if r.at_stake is not None else ""
    return f"{rhythm}last order {last}, {format_money(r.spent)} so far{stake} ({r.risk:.0%} likely lost)"


def _ago(days: float, suffix: str = " ago") -> str:
    if days >= 14:
        return f"{days / 7:.0f} weeks{suffix}"
    return f"{days:.0f} days{suffix}" if round(days) != 1 else f"1 day{suffix}"


def customer(turn: Turn, plan: Plan) -> Reply:
    s = reports.customer_summary(turn.session, turn.owner_id, plan["customer_id"])
    c, tz, now = s.customer, turn.owner.timezone, turn.now
    head = " · ".join(x for x in (c.name, c.company, c.phone, c.email, c.city) if x)
    if c.tag_list:
        head += f" · tags: {', '.join(c.tag_list)}"
    lines = [head]
    if s.orders:
        rhythm = f", usually every {s.usual_gap_days:.0f} days" if s.usual_gap_days else ""
        lines.append(
            f"{plural(s.orders, 'order')}, {money_list(s.totals)} in total; first {local_day(s.first_order, tz, now)}, "  # type: ignore[arg-type]
            f"last {local_day(s.last_order, tz, now)}{rhythm}."  # type: ignore[arg-type]
        )
        lines.append(
            "Last orders: "
            + "; ".join(
                f"{local_day(o.occurred_at, tz, now)} {format_money(o.money)}" + (f" {o.description}" if o.description else "")
                for o in s.recent_orders
            )
        )
    else:
        lines.append("No orders yet.")
    if s.recent_interactions:
        i = s.recent_interactions[0]
        lines.append(f"Last contact: {i.kind} {local_day(i.occurred_at, tz, now)}" + (f" ({i.summary})" if i.summary else ""))
    for f in s.open_followups:
        lines.append(f"Follow-up due {local_day(f.due_at, tz, now)}" + (f": {f.note}" if f.note else ""))
    seen = insights.outlook(turn.session, turn.owner_id, c.id, turn.now)  # type: ignore[arg-type]
    if seen is not None:
        alive = f"; P(alive) {seen.p_alive:.0%}" if seen.p_alive is not None else ""
        lines.append(f"Stage: {seen.stage}; next: {seen.next_action}{alive}.")
        if seen.expected_value is None or seen.loyalty is None:
            value = f"lifetime value: too early to tell (your orders cover {plural(seen.history_days, 'day')})"
        else:
            value = (f"loyalty {seen.loyalty:.2f}; lifetime value {format_money(seen.expected_value)} "
                     "(expected spend in the next 12 months)")
        lines.append(f"Segment: {seen.segment} ({seen.meaning}); {seen.risk:.0%} likely lost; {value}.")
    if s.feedback:
        fb = s.feedback[0]
        score = f"{fb.score.normalize():f}/{fb.scale}" if fb.score is not None else (fb.sentiment or "comment")
        said = f" “{fb.comment}”" if fb.comment else ""
        lines.append(f"Feedback: {score}{said} ({local_day(fb.occurred_at, tz, now)})")
    return Reply("\n".join(lines))


# Small talk gets a word back, not "I didn't understand"; nothing is stored either way.
SMALL_TALK = (
    (re.compile(r"^(?:thanks?(?: you)?(?: so much| a lot)?|thx|ty|cheers|ta|danke|merci|gracias|谢谢)\W*$", re.IGNORECASE),
     "You're welcome."),
    (re.compile(r"^(?:ok(?:ay)?|k|cool|nice|great|perfect|awesome|got it|good|alright|sounds good|👍|👌)(?: cool| thanks| great)?\W*$",
                re.IGNORECASE), "👍"),
    (re.compile(r"^(?:hi|hello|hey|hallo|moin|good (?:morning|afternoon|evening)|morning)\W*$", re.IGNORECASE),
     "Hello! Tell me what happened, or ask e.g. “who's at risk?”."),
)


def small_talk(text: str) -> Reply | None:
    return next((Reply(said) for pattern, said in SMALL_TALK if pattern.match(text.strip())), None)


def nothing_understood() -> Reply:
    return Reply("Sorry, I didn't understand that, so nothing was stored. Try e.g. “Anna bought 2 candles for 45”, or say “help”.")

