"""composite indexes for per-customer and top-customer queries

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_owner_id'))
        batch_op.create_index('ix_feedback_owner_customer', ['owner_id', 'customer_id', 'occurred_at'], unique=False)

    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interaction_owner_id'))
        batch_op.create_index('ix_interaction_owner_customer', ['owner_id', 'customer_id', 'occurred_at'], unique=False)

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_owner_id'))
        batch_op.create_index('ix_orders_owner_currency_customer', ['owner_id', 'currency', 'customer_id', 'amount_minor'], unique=False)
        batch_op.create_index('ix_orders_owner_customer', ['owner_id', 'customer_id', 'occurred_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_owner_customer')
        batch_op.drop_index('ix_orders_owner_currency_customer')
        batch_op.create_index(batch_op.f('ix_orders_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.drop_index('ix_interaction_owner_customer')
        batch_op.create_index(batch_op.f('ix_interaction_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_owner_customer')
        batch_op.create_index(batch_op.f('ix_feedback_owner_id'), ['owner_id'], unique=False)

