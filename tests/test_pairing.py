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
        code = new_code(s)
        assert code not in {row.code_hash for row in s.exec(select(PairingCode))}
        owner = redeem(s, code.lower(), "tg:1", BERLIN, "Ines")
        assert owner.key == "tg:1" and has_owners(s, "tg:")
        with pytest.raises(Invalid, match="already used"):
            redeem(s, code, "tg:2", BERLIN, "Mallory")


def test_an_expired_code_is_refused(engine):
    with session_scope(engine) as s:
        code = new_code(s)
        row = s.exec(select(PairingCode)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.add(row)
        s.commit()
        with pytest.raises(Invalid, match="expired"):
            redeem(s, code, "tg:1", BERLIN, "Ines")
        assert not has_owners(s, "tg:")
