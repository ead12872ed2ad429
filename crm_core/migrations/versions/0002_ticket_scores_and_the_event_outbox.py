"""ticket scores and the event outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Tickets and inbound messages carry urgency and when/by what they were scored; events is the outbox of
alerts for channels to deliver.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import crm_core.db

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', crm_core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', crm_core.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_events_undelivered', ['delivered_at', 'id'], unique=False)

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sentiment_label', sa.Enum('negative', 'neutral', 'positive', name='sentiment', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('sentiment_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('urgency', sa.Enum('low', 'normal', 'high', 'urgent', name='urgency', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('scored_at', crm_core.db.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgency', sa.Enum('low', 'normal', 'high', 'urgent', name='urgency', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('scored_at', crm_core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('scored_by', sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f('ix_tickets_scored_at'), ['scored_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_scored_at'))
        batch_op.drop_column('scored_by')
        batch_op.drop_column('scored_at')
        batch_op.drop_column('urgency')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_column('scored_at')
        batch_op.drop_column('urgency')
        batch_op.drop_column('sentiment_score')
        batch_op.drop_column('sentiment_label')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_undelivered')
        batch_op.drop_index(batch_op.f('ix_events_kind'))

    op.drop_table('events')
