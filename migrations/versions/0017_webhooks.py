"""webhooks: a pole's endpoints and their deliveries

Issue 26: `web_webhooks` (an endpoint a pole's secretary registered: its URL, the kinds of events it wants, its
signing secret encrypted under the instance's secret, the log position it starts after) and
`web_webhook_deliveries` (one row per event and hook, under a unique idempotency key: its body, state, attempts).
Not read models: the accounts' side, never rebuilt from events. The planner's position is a row of `mail_tracking`.

A table a store made from the code already has is left as it is (adoption).

Revision ID: 0017_webhooks
Revises: 0016_token_scopes
Create Date: 2026-12-04 18:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0017_webhooks'
down_revision: Union[str, Sequence[str], None] = '0016_token_scopes'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table('web_webhooks'):
        op.create_table('web_webhooks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('kinds', sa.Text(), nullable=False),
        sa.Column('secret', sa.LargeBinary(), nullable=False),
        sa.Column('after_position', sa.Integer(), nullable=False),
        sa.Column('created_by', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index('ix_web_webhooks_pole_id', 'web_webhooks', ['pole_id'])
    if not inspector.has_table('web_webhook_deliveries'):
        op.create_table('web_webhook_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('hook_id', sa.Integer(), nullable=False),
        sa.Column('idempotency_key', sa.String(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('last_status', sa.Integer(), nullable=True),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['hook_id'], ['web_webhooks.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('idempotency_key')
        )
        op.create_index('ix_web_webhook_deliveries_hook_id', 'web_webhook_deliveries', ['hook_id'])
        op.create_index('ix_web_webhook_deliveries_due', 'web_webhook_deliveries', ['state', 'next_attempt_at'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_web_webhook_deliveries_due', table_name='web_webhook_deliveries')
    op.drop_index('ix_web_webhook_deliveries_hook_id', table_name='web_webhook_deliveries')
    op.drop_table('web_webhook_deliveries')
    op.drop_index('ix_web_webhooks_pole_id', table_name='web_webhooks')
    op.drop_table('web_webhooks')
