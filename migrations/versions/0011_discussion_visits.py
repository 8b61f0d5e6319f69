"""when a person last read a proposal's discussion

Issue 23: `web_discussion_visits` (one row per person and proposal: the time the person last read its discussion,
for the « nouveau » marks). A screen's state, not a governance fact: no event holds it, a store made before starts
with no row (every comment then reads as new once).

A table a store made from the code already has is left as it is (adoption).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    if not sa.inspect(op.get_bind()).has_table('web_discussion_visits'):
        op.create_table('web_discussion_visits',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('proposal_id', sa.String(length=36), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('user_id', 'proposal_id')
        )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('web_discussion_visits')
