"""ticket conversation

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

A ticket handed off from a chat remembers its conversation, so a second handoff updates the same ticket.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conversation_id', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_tickets_conversation_id'), ['conversation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_conversation_id'))
        batch_op.drop_column('conversation_id')
