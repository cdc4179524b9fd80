"""Files in and out of the conversation: an export, a backup, a backup sent back, a CSV or vCard file to import.

Part of the one dialogue core, so every channel gets the same answers: a channel only carries the
bytes (Telegram as documents, the terminal as files in the data folder). Each function returns the
Reply to show, with the files to hand over in `Reply.files`.
"""
from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.dialogue.replies import Reply
from crm.db import session_scope
from crm.errors import CrmError
from crm.io.csv_export import export_all
from crm.io.csv_import import import_any
from crm.io.owner_backup import SQLITE_MAGIC, backup_owner, restore_owner
from crm.services.oplog import Source, find_applied

BACKUP_NAME = "solocrm-backup.sqlite"
BEFORE_RESTORE = "solocrm-before-restore.sqlite"
IMPORTED = (".csv", ".txt", ".vcf", ".vcard")  # what `import_any` reads (`crm.io.formats.open_records`)


def export(engine: Engine, owner_id: int) -> Reply:
    with tempfile.TemporaryDirectory() as tmp:
        with session_scope(engine) as session:
            written = export_all(session, owner_id, Path(tmp))
        files = tuple((name, (Path(tmp) / name).read_bytes()) for name in written)
    rows = ", ".join(f"{name} {count:,}" for name, count in written.items())
    return Reply(f"Your data as CSV files ({rows} rows). They import back as they are.", files=files)


def backup(engine: Engine, owner_id: int, name: str = BACKUP_NAME) -> Reply:
    """This owner's business alone (crm.io.owner_backup), never the whole database."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / name
        backup_owner(engine, owner_id, target)
        return Reply("Your business as of now. Send this file back to restore it.", files=((name, target.read_bytes()),))


def receive(engine: Engine, owner_id: int, name: str, data: bytes, source: Source, now: datetime) -> Reply:
    """A file the owner sent: a /backup file restores, a CSV or vCard file imports (keyed by the message
    that carried it, so a redelivered file is applied once), anything else is refused plainly."""
    if data.startswith(SQLITE_MAGIC):
        return _restore(engine, owner_id, data)
    if not name.lower().endswith(IMPORTED):
        return Reply("I can import CSV files (customers or orders) and vCard contacts (.vcf), and restore a "
                     "/backup file. Nothing was stored.")
    with session_scope(engine) as session:
        applied = find_applied(session, owner_id, source)
        if applied is not None:
            return Reply(f"{applied.summary} (That file was already imported; nothing was stored twice.)")
    with tempfile.TemporaryDirectory() as tmp:  # a file refused (CrmError) is answered by the core's turn
        path = Path(tmp) / (Path(name).name or "upload.csv")
        path.write_bytes(data)
        with session_scope(engine) as session:
            return Reply(import_any(session, owner_id, path, source, now=now).describe())


def _restore(engine: Engine, owner_id: int, data: bytes) -> Reply:
    """The owner's business is replaced by the backup's; what was there comes back as a file first, so
    sending that one back undoes the restore."""
    before = backup(engine, owner_id, BEFORE_RESTORE).files
    with tempfile.TemporaryDirectory() as tmp:
        incoming = Path(tmp) / "incoming.sqlite"
        incoming.write_bytes(data)
        try:
            restored = restore_owner(engine, owner_id, incoming)
        except CrmError as error:
            return Reply(f"{error} Nothing changed.")
    return Reply(f"{restored.describe()} What you had before is in {BEFORE_RESTORE}: send it back to go back.", files=before)
