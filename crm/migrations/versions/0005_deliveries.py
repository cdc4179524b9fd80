"""pushes: deliveries (exactly once per owner, kind and period) and the owners' push settings

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import crm.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_at', crm.types.UTCDateTime(), nullable=False),
    sa.Column('sent_at', crm.types.UTCDateTime(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'kind', 'period', name='uq_delivery_period')
    )
    with op.batch_alter_table('owner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weekly_day', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False, server_default='mon'))
        batch_op.add_column(sa.Column('quiet_digest', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('pushes_paused_at', crm.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('owner', schema=None) as batch_op:
        batch_op.drop_column('pushes_paused_at')
        batch_op.drop_column('quiet_digest')
        batch_op.drop_column('weekly_day')
    op.drop_table('delivery')
