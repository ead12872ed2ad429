"""drafts and outbox

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

E-mails the agent drafts for a person to approve, and the outbox approved e-mails go to without SMTP.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import crm_core.db


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('drafts',
    sa.Column('to_email', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'approved', 'sent', 'discarded', name='draftstatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('deal_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('conversation_id', sa.String(length=200), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', crm_core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', crm_core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_via', sa.String(length=20), nullable=True),
    sa.Column('send_error', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', crm_core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', crm_core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_drafts_contact_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_drafts_deal_id_deals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_drafts_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_drafts_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_drafts_ticket_id_tickets'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafts_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafts_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafts_deal_id'), ['deal_id'], unique=False)
        batch_op.create_index('ix_drafts_owner_status', ['owner_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafts_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafts_updated_at'), ['updated_at'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=True),
    sa.Column('to_email', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', crm_core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['drafts.id'], name=op.f('fk_outbox_draft_id_drafts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_draft_id'), ['draft_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_draft_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafts_updated_at'))
        batch_op.drop_index(batch_op.f('ix_drafts_ticket_id'))
        batch_op.drop_index('ix_drafts_owner_status')
        batch_op.drop_index(batch_op.f('ix_drafts_deal_id'))
        batch_op.drop_index(batch_op.f('ix_drafts_conversation_id'))
        batch_op.drop_index(batch_op.f('ix_drafts_contact_id'))

    op.drop_table('drafts')
