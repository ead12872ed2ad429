"""deal close date and amount index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Lists and pipeline questions filter deals by a close-date range and an amount range together; with this
index SQLite counts them from the index alone (benchmarks/deals.py: 2.2 s -> see docs at 1M deals).
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index('ix_deals_close_amount', ['expected_close_date', 'amount'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index('ix_deals_close_amount')
