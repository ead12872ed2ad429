"""deal fact indexes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

Pipeline questions aggregate many deals at once ("pipeline by stage" reads every open deal). These two
indexes hold every column such an aggregate reads, so the database answers from the index alone instead of
visiting a million table rows: one ordered by expected close date (open deals), one by the day deals closed.
The first replaces ix_deals_stage_close, its prefix.
"""

from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OPEN_FACTS = ['stage', 'expected_close_date', 'amount', 'currency', 'owner_id', 'stage_changed_at', 'company_id',
              'contact_id', 'created_at']
CLOSED_FACTS = ['stage', 'closed_at', 'amount', 'currency', 'owner_id', 'created_at', 'company_id', 'contact_id']


def upgrade() -> None:
    op.create_index('ix_deals_open_facts', 'deals', OPEN_FACTS, unique=False)
    op.create_index('ix_deals_closed_facts', 'deals', CLOSED_FACTS, unique=False)
    op.drop_index('ix_deals_stage_close', table_name='deals')


def downgrade() -> None:
    op.create_index('ix_deals_stage_close', 'deals', ['stage', 'expected_close_date'], unique=False)
    op.drop_index('ix_deals_closed_facts', table_name='deals')
    op.drop_index('ix_deals_open_facts', table_name='deals')
