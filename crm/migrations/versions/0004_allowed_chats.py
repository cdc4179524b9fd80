"""group chats an owner added the bot to

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import crm.types

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('allowed_chat',
    sa.Column('chat_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('added_at', crm.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.id'], ),
    sa.PrimaryKeyConstraint('chat_key')
    )
    with op.batch_alter_table('allowed_chat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allowed_chat_owner_id'), ['owner_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('allowed_chat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allowed_chat_owner_id'))

    op.drop_table('allowed_chat')
