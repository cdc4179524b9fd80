"""a pairing code may join the business already in the database

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pairing_code', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joins_owner_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('pairing_code', schema=None) as batch_op:
        batch_op.drop_column('joins_owner_id')
