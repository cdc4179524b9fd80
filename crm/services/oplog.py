"""The operation log: what each user action changed, so redelivery applies once and undo is exact.

A `Recorder` wraps one action and carries its moment (`now`, which services read instead of a clock
of their own: `crm` knows no clock). Services add and update rows through it; the turn's `commit`
writes the `Operation` row in the same transaction as the rows themselves, keyed by the message that
caused it.
If that message was already applied (a redelivered update), the unique key on (owner, channel,
source id) makes the second commit fail, everything is rolled back, and the first operation is returned.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, delete, select

from crm.errors import CannotUndo
from crm.models import CUSTOMER_RECORDS, Customer, Operation

UNDO = "undo"
TABLES: dict[str, type[SQLModel]] = {m.__tablename__: m for m in (Customer, *CUSTOMER_RECORDS)}
RECORD_TABLES = frozenset(m.__tablename__ for m in CUSTOMER_RECORDS)


@dataclass(frozen=True)
class Source:
    """Where an action came from: the channel and that channel's id of the message (None: no dedupe)."""

    channel: str
    message_id: str | None = None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    if isinstance(value, dict) and "$dec" in value:
        return Decimal(value["$dec"])
    return value


def find_applied(session: Session, owner_id: int, source: Source) -> Operation | None:
    """The operation already stored for this message, if any."""
    if source.message_id is None:
        return None
    return session.exec(
        select(Operation).where(
            Operation.owner_id == owner_id,
            Operation.channel == source.channel,
            Operation.source_id == source.message_id,
        )
    ).first()


def live_operation_for(session: Session, owner_id: int, source: Source) -> Operation | None:
    """The operation a message (or its latest edit, stored as "<id>~<version>") stands for now."""
    if source.message_id is None:
        return None
    return session.exec(
        select(Operation)
        .where(
            Operation.owner_id == owner_id,
            Operation.channel == source.channel,
            (col(Operation.source_id) == source.message_id) | col(Operation.source_id).startswith(f"{source.message_id}~"),
            col(Operation.undone_at).is_(None),
            Operation.intent != UNDO,
        )
        .order_by(col(Operation.id).desc())
    ).first()


@dataclass
class Recorder:
    """Collects the rows one action creates or changes; nothing is visible until `commit`."""

    session: Session
    owner_id: int
    source: Source
    intent: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    now: datetime = field(kw_only=True)  # when the action happened: its rows are stamped with it
    _runs: dict[str, list[list[int]]] = field(default_factory=dict, init=False, repr=False)

    def add(self, row: SQLModel) -> Any:
        row.created_at = self.now  # type: ignore[attr-defined]  # every table the log names has it
        self.session.add(row)
        self.session.flush()
        self.changes.append({"table": row.__tablename__, "id": row.id, "action": "created"})  # type: ignore[attr-defined]
        return row

    def added_many(self, table: str, ids: Iterable[int]) -> None:
        """Log rows a bulk insert created (imports) as runs of consecutive ids, [[first, last], ...]: an
        import of three million orders logs a few numbers, not three million. An import calls this once
        per chunk; the first call for a table places its entry, so tables stay in the order first named
        (customers before their orders, which undo relies on), and later calls extend it."""
        if table not in self._runs:
            self._runs[table] = []
            self.changes.append({"table": table, "runs": self._runs[table], "action": "created"})
        _extend_runs(self._runs[table], ids)

    @property
    def changed(self) -> bool:
        """Whether anything was created or updated (an import's entries may hold no runs yet)."""
        return any(change.get("runs") or "id" in change for change in self.changes)

    def update(self, row: SQLModel, **values: Any) -> Any:
        before = {name: _encode(getattr(row, name)) for name in values}
        for name, value in values.items():
            setattr(row, name, value)
        self.session.add(row)
        self.session.flush()
        self.changes.append(
            {"table": row.__tablename__, "id": row.id, "action": "updated", "before": before}  # type: ignore[attr-defined]
        )
        return row

    def log(self, summary: str) -> tuple[Operation, bool]:
        """Add the operation beside its rows, in the caller's transaction; returns (operation, True), or
        (the earlier one, False) when the message was already applied: the unique key fails at this
        flush, and everything the action did is rolled back. The caller's unit of work commits."""
        op = Operation(
            owner_id=self.owner_id,
            channel=self.source.channel,
            source_id=self.source.message_id,
            intent=self.intent,
            summary=summary,
            changes=self.changes,
            created_at=self.now,
        )
        self.session.add(op)
        try:
            self.session.flush()
        except IntegrityError:
            self.session.rollback()
            earlier = find_applied(self.session, self.owner_id, self.source)
            if earlier is None:
                raise
            return earlier, False
        return op, True

    def commit(self, summary: str) -> tuple[Operation, bool]:
        """`log`, then commit: for the caller whose action ends here (a turn of the dialogue, a command)."""
        op, new = self.log(summary)
        if new:
            self.session.commit()
        return op, new


def recent_operations(session: Session, owner_id: int, limit: int) -> list[Operation]:
    """The newest operations that have not been undone (undos themselves are not undone again), newest first."""
    return list(session.exec(
        select(Operation)
        .where(Operation.owner_id == owner_id, col(Operation.undone_at).is_(None), Operation.intent != UNDO)
        .order_by(col(Operation.id).desc())
        .limit(limit)
    ))


def last_operation(session: Session, owner_id: int) -> Operation | None:
    """The newest operation that has not been undone."""
    return next(iter(recent_operations(session, owner_id, 1)), None)


def _extend_runs(runs: list[list[int]], ids: Iterable[int]) -> list[list[int]]:
    """Add ids to [[first, last], ...] runs, lengthening the last run while the ids follow on from it."""
    for i in sorted(ids):
        if runs and runs[-1][1] + 1 == i:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def _row_runs(change: dict[str, Any]) -> list[list[int]]:
    """A change names one row ("id") or, for bulk imports, runs of them ("runs"; entries written before
    runs existed hold an "ids" list)."""
    if "runs" in change:
        return change["runs"]
    return _extend_runs([], change["ids"] if "ids" in change else [change["id"]])


def _touched(op: Operation) -> dict[str, list[list[int]]]:
    """The rows an operation names, as sorted runs per table."""
    touched: dict[str, list[list[int]]] = {}
    for change in op.changes:
        if "table" in change:
            touched.setdefault(change["table"], []).extend(_row_runs(change))
    return {table: sorted(runs) for table, runs in touched.items()}


def _share_a_row(a: dict[str, list[list[int]]], b: dict[str, list[list[int]]]) -> bool:
    """Whether two operations name a common row: one sweep along each table's sorted runs."""
    for table, runs in a.items():
        other, i, j = b.get(table, []), 0, 0
        while i < len(runs) and j < len(other):
            if runs[i][1] < other[j][0]:
                i += 1
            elif other[j][1] < runs[i][0]:
                j += 1
            else:
                return True
    return False


def _check_nothing_later_depends(session: Session, op: Operation) -> None:
    later = session.exec(
        select(Operation).where(
            Operation.owner_id == op.owner_id,
            col(Operation.id) > op.id,
            col(Operation.undone_at).is_(None),
            Operation.intent != UNDO,
        )
    ).all()
    touched = _touched(op)
    if any(_share_a_row(touched, _touched(newer)) for newer in later):
        raise CannotUndo("Later changes build on that one; undo those first.")


def _target(session: Session, owner_id: int, operation_id: int | None) -> Operation:
    if operation_id is None:
        op = last_operation(session, owner_id)
        if op is None:
            raise CannotUndo("There is nothing to undo.")
        return op
    op = session.get(Operation, operation_id)
    if op is None or op.owner_id != owner_id or op.intent == UNDO:
        raise CannotUndo("I can't find that change any more.")
    if op.undone_at is not None:
        raise CannotUndo("That was already undone.")
    _check_nothing_later_depends(session, op)
    return op


def _reverse(session: Session, op: Operation) -> None:
    for change in reversed(op.changes):
        model = TABLES[change["table"]]
        if change["action"] == "created":
            for first, last in _row_runs(change):
                session.exec(delete(model).where(col(model.id).between(first, last), model.owner_id == op.owner_id))  # type: ignore[attr-defined,call-overload]
            session.flush()  # children go before their parents; the reversed order above holds that
            continue
        row = session.get(model, change["id"])
        if row is not None:
            for name, value in change["before"].items():
                setattr(row, name, _decode(value))
            session.add(row)


def reverse(session: Session, owner_id: int, now: datetime, operation_id: int | None = None) -> Operation:
    """Reverse one operation (default: the last one) in the session's transaction, without committing:
    an undo commits it with its own log entry, a corrected message with the entry that replaces it."""
    op = _target(session, owner_id, operation_id)
    _reverse(session, op)
    op.undone_at = now
    session.add(op)
    return op


def records_of(session: Session, op: Operation) -> list[SQLModel]:
    """The records (orders, contacts, follow-ups, feedback; not customers) an operation created or changed, in its
    order, each once; an import's bulk runs are left out."""
    rows: list[SQLModel] = []
    for change in op.changes:
        if "id" in change and change.get("table") in RECORD_TABLES:
            row = session.get(TABLES[change["table"]], change["id"])
            if row is not None and row not in rows:
                rows.append(row)
    return rows


def customer_of(session: Session, op: Operation) -> int | None:
    """The customer an operation's first record is about."""
    rows = records_of(session, op)
    return rows[0].customer_id if rows else None  # type: ignore[attr-defined,no-any-return]


def created_rows(done: Operation | Recorder, table: str) -> set[int]:
    """The ids of the rows of `table` that an operation (or an action still being recorded) created."""
    return {i for c in done.changes if c.get("table") == table and c.get("action") == "created"
            for first, last in _row_runs(c) for i in range(first, last + 1)}


def undo(session: Session, owner_id: int, source: Source, operation_id: int | None = None, *, now: datetime) -> Operation:
    """Reverse one operation (default: the last one), for the caller to commit; returns the operation undone.

    The undo is itself logged under its source, so a redelivered "undo" does not undo a second thing.
    CannotUndo says in plain words why nothing changed.
    """
    record = find_applied(session, owner_id, source)
    if record is None:
        try:
            op = reverse(session, owner_id, now, operation_id)
            record, _ = Recorder(session, owner_id, source, UNDO, [{"undid": op.id}], now=now).log(f"Undone: {op.summary}")
        except IntegrityError:
            session.rollback()
            raise CannotUndo("Other records now depend on that change, so I left it as it is.") from None
    return _undone_by(session, record)


def _undone_by(session: Session, record: Operation) -> Operation:
    """The operation an undo record reversed."""
    undone = session.get(Operation, record.changes[0]["undid"]) if record.intent == UNDO else None
    if undone is None:
        raise CannotUndo("That message was already used for something else.")
    return undone
