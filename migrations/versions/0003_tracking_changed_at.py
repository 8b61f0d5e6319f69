"""tracking: the position of the last change of each projection's rows

Read-model caches (projections.queries) are keyed on it instead of the projection's
position, which every event moves. NULL (rows of an existing store, until the projection
next changes) is read as the position: no cache is kept past a change.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 16:50:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('rm_tracking', sa.Column('changed_at', sa.Integer(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('rm_tracking', 'changed_at')
