"""lead score explanation

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

Contacts keep why their lead score is what it is, and when it was computed (crm_core.leads).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import crm_core.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lead_score_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('lead_scored_at', crm_core.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('lead_scored_at')
        batch_op.drop_column('lead_score_reason')
