"""pairing codes and counters

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import crm.types

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('counter',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('pairing_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', crm.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', crm.types.UTCDateTime(), nullable=False),
    sa.Column('used_at', crm.types.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )


def downgrade() -> None:
    op.drop_table('pairing_code')
    op.drop_table('counter')
