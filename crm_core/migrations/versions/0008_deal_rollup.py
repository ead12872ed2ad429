"""deal rollup

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

The monthly roll-up of deals that pipeline questions read (crm_core.pipeline.rollup), filled from the deals
already there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'deal_rollup',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('stage', sa.String(length=40), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('region', sa.String(length=20), nullable=True),
        sa.Column('industry', sa.String(length=80), nullable=True),
        sa.Column('lead_source', sa.String(length=50), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('month', sa.Date(), nullable=True),
        sa.Column('deals', sa.Integer(), nullable=False),
        sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column('cycle_days', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_deal_rollup')),
    )
    from crm_core.pipeline import rollup  # the same computation the application keeps up to date

    rollup.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table('deal_rollup')
