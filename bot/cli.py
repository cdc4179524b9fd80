"""`solocrm`: the command line. Each subcommand is a thin shell over `crm` services or the dialogue.

The flags and environment variables here are a contract that outside checks rely on: keep them.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from crm.config import database_url, local_defaults
from crm.db import open_database, session_scope, storage_problem
from crm.errors import CrmError
from crm.types import utcnow


def _engine(args: argparse.Namespace) -> Engine:
    return open_database(database_url(demo=getattr(args, "demo", False)))


def _owner_id(engine: Engine, args: argparse.Namespace) -> int:
    """The business this command acts on (crm.services.owners.business_of; `--owner KEY` picks one)."""
    from crm.services.owners import business_of

    with session_scope(engine) as session:
        owner = business_of(session, getattr(args, "owner", None), local_defaults())
        assert owner.id is not None
        return owner.id


def cmd_start(args: argparse.Namespace) -> int:
    """Telegram when a token is configured, otherwise the terminal chat."""
    return cmd_run(args) if os.environ.get("TELEGRAM_BOT_TOKEN") else cmd_chat(args)


def cmd_run(args: argparse.Namespace) -> int:
    """The Telegram bot, long polling, with TELEGRAM_BOT_TOKEN (and SOLOCRM_TELEGRAM_API, SOLOCRM_OWNERS;
    SOLOCRM_PUSHES=off for a process that should only chat, not send digests and reminders)."""
    import logging

    from bot import telegram_polling
    from bot.telegram_app import build_application, configured_owners
    from crm.services.pairing import has_owners, new_code

    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if not token:
        raise CrmError("Set TELEGRAM_BOT_TOKEN to run on Telegram (or use `solocrm chat`).")
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would show the token
    engine = _engine(args)
    configured_owners(engine)
    with session_scope(engine) as session:
        if not has_owners(session, "tg:"):
            code, joins = new_code(session, utcnow())
            print(f"No owner is paired yet. Send this to your bot on Telegram: /start {code}"
                  + (" (it joins the business already in this database)" if joins else ""), flush=True)
    pushes = os.environ.get("SOLOCRM_PUSHES", "on").lower() != "off"
    application = build_application(token, engine, os.environ.get("SOLOCRM_TELEGRAM_API"), pushes)
    telegram_polling.run(application)
    return 0


def cmd_pair(args: argparse.Namespace) -> int:
    """Print a new one-time pairing code (valid 24 hours)."""
    from crm.services.pairing import new_code

    with session_scope(_engine(args)) as session:
        code, joins = new_code(session, utcnow(), new_business=args.new_business)
    print(f"Send this to your bot on Telegram within 24 hours: /start {code}")
    if joins:
        print(f"That account will work on the business already in this database ({joins.key}), like the terminal "
              "chat. For a separate business, make the code with --new-business.")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """The terminal chat; when typed at a terminal, the daily digest and reminders show up in it too."""
    import logging

    from bot.dialogue import Dialogue
    from bot.terminal import TerminalChat, TerminalSender, run_pushes
    from crm.config import data_dir
    from scheduler.runner import PushScheduler

    # the chat's screen is the owner's: what went wrong goes to a file, the screen gets a plain sentence
    logging.basicConfig(filename=data_dir() / "solocrm.log", format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = _engine(args)
    if getattr(args, "demo", False):
        from crm.demo import ensure_demo_data

        ensure_demo_data(engine, utcnow())
    chat = TerminalChat(Dialogue(engine), _owner_id(engine, args), sys.stdout)
    interactive = sys.stdin.isatty()
    if interactive and os.environ.get("SOLOCRM_PUSHES", "on").lower() != "off":
        run_pushes(PushScheduler(engine, TerminalSender(chat, data_dir(), engine)))
    chat.run(sys.stdin, interactive)
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    """Parse messages from stdin, one per line; prints JSON and never touches the database."""
    from bot.parsing import ParseContext, parse

    now = datetime.fromisoformat(args.now) if args.now else datetime.now(ZoneInfo(args.tz))
    if now.tzinfo is None:
        now = now.replace(tzinfo=ZoneInfo(args.tz))
    ctx = ParseContext(now=now, tz=args.tz, currency=args.currency.upper(), region=args.region.upper(),
                       language=args.language.lower())
    for line in sys.stdin:
        result = parse(line.rstrip("\n"), ctx).to_json()
        if args.explain:
            from bot.parsing.explain import explain

            result["explain"] = explain(line.rstrip("\n"), ctx)
        print(json.dumps(result, ensure_ascii=False, indent=None if args.jsonl else 2), flush=True)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from crm.models import Owner
    from crm.services.owners import SETTINGS, update_settings

    engine = _engine(args)
    owner_id = _owner_id(engine, args)
    with session_scope(engine) as session:
        if len(args.values) % 2:
            raise CrmError("Give settings as pairs: solocrm settings timezone Europe/Berlin currency EUR")
        update_settings(session, owner_id, **dict(zip(args.values[::2], args.values[1::2], strict=True)))
        owner = session.get(Owner, owner_id)
        for name in SETTINGS:
            print(f"{name}: {getattr(owner, name)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a CSV or vCard file; a progress bar on stderr while it runs, when stderr is a terminal."""
    from crm.io.csv_import import import_customers, import_orders

    engine = _engine(args)
    owner_id = _owner_id(engine, args)
    run = import_customers if args.kind == "customers" else import_orders

    def bar(done: int, total: int) -> None:
        share = done / total if total else 1.0
        sys.stderr.write(f"\rImporting [{'#' * int(share * 30):<30}] {share:4.0%} of {total / 1e6:,.1f} MB")
        sys.stderr.flush()

    shown = sys.stderr.isatty()
    try:
        with session_scope(engine) as session:
            report = run(session, owner_id, Path(args.file), progress=bar if shown else None, now=utcnow())
    finally:
        if shown:
            sys.stderr.write("\r\033[K")  # the bar's line, cleared for what follows
    print(report.describe())
    return 1 if report.errors and not report.imported and not report.skipped else 0


def cmd_export(args: argparse.Namespace) -> int:
    from crm.io.csv_export import export_all

    engine = _engine(args)
    owner_id = _owner_id(engine, args)
    with session_scope(engine) as session:
        written = export_all(session, owner_id, Path(args.dir))
    for path, rows in written.items():
        print(f"{path}: {rows} rows")
    return 0


def _orders_as_of(args: argparse.Namespace) -> tuple[Any, dict[int, str], Any]:
    """The owner's orders up to --as-of (the end of that day in the owner's time zone; default now),
    names, and the owner's day."""
    import pandas as pd

    from crm.services import insights
    from crm.services.analytics_data import customer_names, orders_frame

    engine = _engine(args)
    owner_id = _owner_id(engine, args)
    with session_scope(engine) as session:
        as_of = insights.as_of(session, owner_id, args.as_of, utcnow())
        frame, names = orders_frame(session, owner_id, as_of), customer_names(session, owner_id)
        day = pd.Timestamp(insights.local_day(session, owner_id, as_of))
    if frame.empty:
        raise insights.NoOrders()
    return frame, names, day


def _print_table(out: Any, fmt: str) -> None:
    if fmt == "csv":
        out.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        print(out.to_json(orient="records", force_ascii=False))
    else:
        print(out.to_string(index=False))


def cmd_at_risk(args: argparse.Namespace) -> int:
    """Customers likely lost, most value at stake first (`--all`: everyone, scored): the chat's list,
    `insights.at_risk_table`, for the owner's day."""
    import pandas as pd

    from crm.services import insights

    engine = _engine(args)
    owner_id = _owner_id(engine, args)
    with session_scope(engine) as session:
        insights.require_orders(session, owner_id)
        table = insights.at_risk_table(session, owner_id, insights.as_of(session, owner_id, args.as_of, utcnow()), everyone=args.all)
    assert table is not None  # it waits for the scores
    if not args.all:
        table = table.head(args.limit)
    out = pd.DataFrame({
        "customer": table["name"],
        "risk": table["risk"].astype(float).round(4),
        "value_at_risk": table["at_stake"],
        "expected_value": table["expected_value"],
        "orders": table["orders"],
        "usual_gap_days": table["usual_gap_days"].astype(float).round(1),
        "days_since_last_order": table["days_since"],
        "usual_gaps_silent": table["gaps_silent"].astype(float).round(1),
    })
    _print_table(out, args.format)
    return 0


def cmd_clv(args: argparse.Namespace) -> int:
    """Expected discounted spend per customer over the next months: the learned chance that they buy
    again x the value of an active customer (`insights.top_by_value`, as in the chat; see `churn.score`)."""
    import pandas as pd

    from crm.services import insights

    engine = _engine(args)
    owner_id = _owner_id(engine, args)
    with session_scope(engine) as session:
        insights.require_orders(session, owner_id)
        as_of = insights.as_of(session, owner_id, args.as_of, utcnow())
        ranked = insights.top_by_value(session, owner_id, as_of, limit=None if args.all else args.limit, months=args.months)
    out = pd.DataFrame({"customer": [v.name for v in ranked], "clv": [float(v.value.amount) for v in ranked],
                        "orders": [v.orders for v in ranked]})
    _print_table(out, args.format)
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """The daily digest or weekly summary as it is pushed (--as-of DATE: as at the digest time that day;
    follow-ups done since then count as done)."""
    from datetime import date

    from bot.dialogue.pushes import push_reply
    from bot.terminal import render
    from crm import localtime
    from crm.models import Owner
    from crm.services.digests import todays_digest, weekly_summary
    from scheduler.plan import digest_clock

    engine = _engine(args)
    owner_id = _owner_id(engine, args)
    with session_scope(engine) as session:
        owner = session.get(Owner, owner_id)
        assert owner is not None
        now = localtime.at(owner.timezone, date.fromisoformat(args.as_of), digest_clock(owner)) if args.as_of else utcnow()
        if args.kind == "daily":
            reply = push_reply(todays_digest(session, owner_id, now, count_missed=False, wait=True), owner, now)
        else:
            reply = push_reply(weekly_summary(session, owner_id, now), owner, now)
    print(render(reply))
    if reply.photo is not None and args.chart:
        Path(args.chart).write_bytes(reply.photo)
        print(f"(chart written to {args.chart})")
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    """RFM segments with their meaning (`insights.segments`, as in the chat), and the clusters k-means
    finds, in words."""
    import pandas as pd

    from crm.analytics.clusters import segment_customers
    from crm.services import insights

    engine = _engine(args)
    owner_id = _owner_id(engine, args)
    with session_scope(engine) as session:
        insights.require_orders(session, owner_id)
        rfm = insights.segments(session, owner_id, insights.as_of(session, owner_id, args.as_of, utcnow()))
    counts = insights.counts(rfm)
    out = pd.DataFrame({"segment": [name for name, _, _ in counts], "customers": [n for _, n, _ in counts],
                        "meaning": [meaning for _, _, meaning in counts]})
    _print_table(out, args.format)
    if len(rfm) >= 10 and args.format == "table":
        found = segment_customers(rfm)
        print(f"\nk-means found {found.k} groups (silhouette {found.silhouette:.2f}):")
        for cluster, size in found.labels.value_counts().items():
            print(f"  {size} customers: {found.descriptions[int(cluster)]}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Charts (revenue by month, segment sizes, CLV distribution) as a PNG, or an HTML page with them."""
    import base64
    import html

    from crm.analytics.charts import overview_png
    from crm.analytics.churn import score
    from crm.analytics.rfm import MEANING, rfm_table
    from crm.models import Owner

    frame, _, day = _orders_as_of(args)
    with session_scope(_engine(args)) as session:
        owner = session.get(Owner, _owner_id(_engine(args), args))
        currency = owner.currency if owner else ""
    rfm = rfm_table(frame, day)
    png = overview_png(frame, rfm["segment"], score(frame, day).table["value"], currency)
    out = Path(args.out)
    if out.suffix.lower() == ".png":
        out.write_bytes(png)
    elif out.suffix.lower() in (".html", ".htm"):
        counts = rfm["segment"].value_counts()
        rows = "".join(f"<tr><td>{html.escape(s)}</td><td>{n}</td><td>{html.escape(MEANING[s])}</td></tr>"
                       for s, n in counts.items())
        out.write_text(
            f"<!doctype html><meta charset=utf-8><title>Solo CRM report</title><h1>Solo CRM report, {day.date()}</h1>"
            f"<img alt='charts' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
            f"<h2>Segments</h2><table><tr><th>segment</th><th>customers</th><th>meaning</th></tr>{rows}</table>",
            encoding="utf-8",
        )
    else:
        raise CrmError("The report is written as .png or .html; name the file so.")
    print(f"Report written to {out}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from crm.io.backup import backup

    backup(_engine(args), Path(args.file))
    print(f"Backup written to {args.file}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from crm.io.backup import restore

    restore(_engine(args), Path(args.file))
    print(f"Restored from {args.file}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="solocrm", description="Solo CRM: the CRM you run from a chat.")
    sub = p.add_subparsers(dest="command")

    def add(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.set_defaults(func=func)
        if name not in ("run", "pair", "parse", "backup", "restore"):  # these act on the whole database or none
            sp.add_argument("--owner", metavar="KEY", help="the business to act on (e.g. tg:7001), when there are several")
        return sp

    add("start", cmd_start, "Start the assistant: Telegram with TELEGRAM_BOT_TOKEN, else the terminal chat.")
    add("run", cmd_run, "Run the Telegram bot (TELEGRAM_BOT_TOKEN; SOLOCRM_TELEGRAM_API, SOLOCRM_OWNERS optional).")
    pair = add("pair", cmd_pair, "Print a one-time code that pairs a Telegram account as an owner.")
    pair.add_argument("--new-business", action="store_true",
                      help="a business of its own, not the one already in the database")
    chat = add("chat", cmd_chat, "Chat in the terminal (numbered choices stand for buttons).")
    chat.add_argument("--demo", action="store_true", help="use a separate demo database filled with sample data")
    parse = add("parse", cmd_parse, "Parse messages from standard input into JSON (no database).")
    parse.add_argument("--jsonl", action="store_true", help="one compact JSON object per line")
    parse.add_argument("--now", help="reference time, ISO 8601 (default: now)")
    parse.add_argument("--tz", default="UTC", help="owner's time zone (IANA name)")
    parse.add_argument("--currency", default="EUR", help="owner's default currency (ISO 4217)")
    parse.add_argument("--region", default="DE", help="default phone region (ISO 3166 alpha-2)")
    parse.add_argument("--language", default="en", help="owner's language (two letters): which rules read the messages")
    parse.add_argument("--explain", action="store_true", help="add \"explain\": which rules read each message, and how")
    settings = add("settings", cmd_settings, "Show or change settings: solocrm settings [NAME VALUE ...].")
    settings.add_argument("values", nargs="*", metavar="NAME VALUE")
    imp = add("import", cmd_import, "Import customers or orders from a CSV file (or customers from a .vcf file).")
    imp.add_argument("kind", choices=["customers", "orders"])
    imp.add_argument("file")
    exp = add("export", cmd_export, "Export everything as CSV files into DIR.")
    exp.add_argument("dir")
    risk = add("at-risk", cmd_at_risk, "Customers likely lost, most value at stake first.")
    risk.add_argument("--as-of", help="score as of this date (YYYY-MM-DD); later orders are ignored")
    risk.add_argument("--all", action="store_true", help="score every customer, not only the likely lost")
    risk.add_argument("--format", choices=["table", "csv", "json"], default="table")
    risk.add_argument("--limit", type=int, default=20, help="how many to list without --all")
    clv = add("clv", cmd_clv, "Customer lifetime value: expected discounted spend ahead (learned chance of buying again x BG/NBD x Gamma-Gamma).")
    clv.add_argument("--as-of", help="as of this date (YYYY-MM-DD); later orders are ignored")
    clv.add_argument("--months", type=int, default=12)
    clv.add_argument("--all", action="store_true")
    clv.add_argument("--limit", type=int, default=20)
    clv.add_argument("--format", choices=["table", "csv", "json"], default="table")
    seg = add("segments", cmd_segments, "RFM segments and k-means clusters of your customers.")
    seg.add_argument("--as-of", help="as of this date (YYYY-MM-DD)")
    seg.add_argument("--format", choices=["table", "csv", "json"], default="table")
    dig = add("digest", cmd_digest, "The daily digest or the weekly summary, as pushed.")
    dig.add_argument("kind", choices=["daily", "weekly"])
    dig.add_argument("--as-of", help="as at the digest time on this date (YYYY-MM-DD)")
    dig.add_argument("--chart", help="write the weekly chart to this PNG file")
    rep = add("report", cmd_report, "Charts: revenue by month, segment sizes, CLV distribution (--out FILE.png|.html).")
    rep.add_argument("--out", required=True, help="FILE.png or FILE.html")
    rep.add_argument("--as-of", help="as of this date (YYYY-MM-DD)")
    bak = add("backup", cmd_backup, "Copy the database to FILE (SQLite online backup).")
    bak.add_argument("file")
    res = add("restore", cmd_restore, "Replace the database with the backup in FILE.")
    res.add_argument("file")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not getattr(args, "func", None):
        args = build_parser().parse_args(["start"])
    try:
        return int(args.func(args))
    except CrmError as error:  # the sentence and what it means for the data, as the chat says them
        print(f"{error} {error.consequence}".strip(), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{error.strerror or error}: {error.filename or ''}".strip(": "), file=sys.stderr)
        return 1
    except DBAPIError as error:
        problem = storage_problem(error)
        if problem is None:
            raise
        print(problem, file=sys.stderr)
        return 1


def run() -> None:
    """The `solocrm` command: `main`, then exit without the interpreter's final garbage collection
    walking every object pandas, scipy and SQLAlchemy made (gc.freeze; 0.2-0.3 s of every command).
    Objects are still released by reference counting; all writes were committed by then."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
