"""Pairing codes: single use, expiring, stored only as a hash."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from crm.db import session_scope
from crm.errors import Invalid
from crm.models import PairingCode
from crm.services.pairing import has_owners, new_code, redeem
from crm.types import utcnow
from tests.conftest import BERLIN


def test_a_code_pairs_once(engine):
    with session_scope(engine) as s:
        code, _ = new_code(s, utcnow())
        assert code not in {row.code_hash for row in s.exec(select(PairingCode))}
        owner = redeem(s, code.lower(), "tg:1", BERLIN, "Ines", utcnow())
        assert owner.key == "tg:1" and has_owners(s, "tg:")
        with pytest.raises(Invalid, match="already used"):
            redeem(s, code, "tg:2", BERLIN, "Mallory", utcnow())


def test_an_expired_code_is_refused(engine):
    with session_scope(engine) as s:
        code, _ = new_code(s, utcnow())
        row = s.exec(select(PairingCode)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.add(row)
        s.commit()
        with pytest.raises(Invalid, match="expired"):
            redeem(s, code, "tg:1", BERLIN, "Ines", utcnow())
        assert not has_owners(s, "tg:")


def test_wrong_pairing_codes_are_limited_per_account_and_in_all():
    from datetime import UTC, datetime, timedelta

    import pytest

    from crm.errors import Invalid
    from crm.services.pairing import PairingGuard

    guard, now = PairingGuard(), datetime(2026, 12, 3, tzinfo=UTC)
    for _ in range(PairingGuard.PER_ACCOUNT):
        guard.check("tg:1", now)
        guard.failed("tg:1", now)
    with pytest.raises(Invalid, match="Too many wrong pairing codes"):
        guard.check("tg:1", now)
    guard.check("tg:2", now)  # another account still may try
    guard.check("tg:1", now + PairingGuard.WINDOW + timedelta(seconds=1))  # an hour later, again
    for n in range(PairingGuard.IN_ALL):
        guard.failed(f"tg:{100 + n}", now)
    with pytest.raises(Invalid):
        guard.check("tg:999", now)  # fresh accounts share the budget for all
