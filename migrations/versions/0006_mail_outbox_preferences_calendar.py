"""mail: the outbox, the mail planner's position, preferences, per-pole settings, calendar feeds

Issue 19 (notifications/): `mail_messages` (one row per message, composed when planned; its state
queued → sent / failed / bounced, or held → digested, or cancelled), `mail_tracking` (the planner's
position in the event log), `mail_preferences` (a person's choice per kind of message),
`mail_pole_settings` (a pole's reminder lead time), `web_calendar_feeds` (a person's private
calendar URL, its token kept as a hash), and `web_users.locale` (the language of a person's mail,
French unless they choose otherwise).

A table or column a store made from the code already has is left as it is (adoption).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 11:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    if 'locale' not in {c["name"] for c in inspector.get_columns('web_users')}:
        op.add_column('web_users', sa.Column('locale', sa.String(length=5), server_default='fr', nullable=False))
    if not inspector.has_table('mail_messages'):
        op.create_table('mail_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dedupe_key', sa.String(length=200), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('recipient', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('cause', sa.String(length=200), nullable=False),
        sa.Column('position', sa.Integer(), nullable=True),
        sa.Column('about', sa.String(length=36), nullable=True),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body_text', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('ics', sa.Text(), nullable=True),
        sa.Column('unsubscribe_url', sa.String(length=500), nullable=True),
        sa.Column('message_id', sa.String(length=200), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('priority', sa.Integer(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dedupe_key')
        )
        op.create_index('ix_mail_messages_due', 'mail_messages', ['state', 'priority', 'next_attempt_at'],
                        unique=False)
        op.create_index(op.f('ix_mail_messages_pole_id'), 'mail_messages', ['pole_id'], unique=False)
        op.create_index(op.f('ix_mail_messages_user_id'), 'mail_messages', ['user_id'], unique=False)
    if not inspector.has_table('mail_tracking'):
        op.create_table('mail_tracking',
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name')
        )
    if not inspector.has_table('mail_preferences'):
        op.create_table('mail_preferences',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('mode', sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('user_id', 'kind')
        )
    if not inspector.has_table('mail_pole_settings'):
        op.create_table('mail_pole_settings',
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('reminder_hours', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('pole_id')
        )
    if not inspector.has_table('web_calendar_feeds'):
        op.create_table('web_calendar_feeds',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('user_id'),
        sa.UniqueConstraint('token_hash')
        )


def downgrade() -> None:
    """Downgrade schema."""
    for table in ('web_calendar_feeds', 'mail_pole_settings', 'mail_preferences', 'mail_tracking'):
        op.drop_table(table)
    op.drop_index('ix_mail_messages_due', table_name='mail_messages')
    op.drop_index(op.f('ix_mail_messages_pole_id'), table_name='mail_messages')
    op.drop_index(op.f('ix_mail_messages_user_id'), table_name='mail_messages')
    op.drop_table('mail_messages')
    with op.batch_alter_table('web_users') as batch:
        batch.drop_column('locale')
