"""amounts stored in the minor units Babel's CLDR data gives each currency

Until now a hand-kept list said which currencies have no cents and gave every other one two decimals;
CLDR gives KWD, BHD, OMR, JOD, LYD and TND three, TWD two, and IDR, COP, IQD and others none. Stored
counts of minor units are rescaled so every amount keeps its value. The table is frozen here: a later
Babel may change its data, but this migration must always do the same thing.

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# currency: (decimals before, decimals after), for the tender currencies where the two differ
CHANGED = {
    'AFN': (2, 0), 'ALL': (2, 0), 'BHD': (2, 3), 'BIF': (2, 0), 'COP': (2, 0), 'DJF': (2, 0), 'GNF': (2, 0),
    'IDR': (2, 0), 'IQD': (2, 0), 'IRR': (2, 0), 'JOD': (2, 3), 'KMF': (2, 0), 'KPW': (2, 0), 'KWD': (2, 3),
    'LAK': (2, 0), 'LBP': (2, 0), 'LYD': (2, 3), 'MGA': (2, 0), 'MMK': (2, 0), 'OMR': (2, 3), 'RWF': (2, 0),
    'SOS': (2, 0), 'SYP': (2, 0), 'TND': (2, 3), 'TWD': (0, 2), 'VUV': (2, 0), 'XPF': (2, 0), 'YER': (2, 0),
}


def _rescale(direction: int) -> None:
    """Move every changed currency's amounts from the old decimals to the new (direction 1) or back (-1)."""
    for currency, (before, after) in CHANGED.items():
        shift = (after - before) * direction
        if shift > 0:
            expression = f"amount_minor * {10 ** shift}"
        else:  # fewer decimals: round half up (amounts are never negative)
            expression = f"(amount_minor + {10 ** -shift // 2}) / {10 ** -shift}"
        op.execute(f"UPDATE orders SET amount_minor = {expression} WHERE currency = '{currency}'")


def upgrade() -> None:
    _rescale(1)


def downgrade() -> None:
    _rescale(-1)
