"""the capital register: one row per movement of a pole's capital

Issue 22: `rm_capital_movements` (subscriptions, payments, transfers, withdrawal requests, refunds, cancellations),
numbered per pole. A read model only: the projector fills it from the events (a store made before has none, so the
table starts empty, which is what the events say).

A table a store made from the code already has is left as it is (adoption).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 21:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    if not sa.inspect(op.get_bind()).has_table('rm_capital_movements'):
        op.create_table('rm_capital_movements',
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('on', sa.String(length=10), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('to_member_id', sa.String(length=36), nullable=True),
        sa.Column('shares', sa.Integer(), nullable=False),
        sa.Column('amount', sa.String(length=20), nullable=False),
        sa.Column('paid', sa.String(length=20), nullable=False),
        sa.Column('decision', sa.String(length=500), nullable=False),
        sa.Column('details', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('pole_id', 'number')
        )
        op.create_index('ix_rm_capital_movements_member_id', 'rm_capital_movements', ['member_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_rm_capital_movements_member_id', table_name='rm_capital_movements')
    op.drop_table('rm_capital_movements')
