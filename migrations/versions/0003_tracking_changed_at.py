"""tracking: where each projection last changed, and a token per rebuild

Read-model caches (projections.queries) are keyed on `changed_at` (the position of the
last event the projection had a handler for) instead of the projection's position, which
every event moves, and on `generation`, drawn anew for every tracking row a rebuild
recreates. Existing rows start at `changed_at = position`: their rows reflect every event
up to it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 16:50:00

"""
import uuid
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema (a column a store made from the code already has is left as it is)."""
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns('rm_tracking')}
    if 'changed_at' not in present:
        op.add_column('rm_tracking', sa.Column('changed_at', sa.Integer(), nullable=True))
    if 'generation' not in present:
        op.add_column('rm_tracking', sa.Column('generation', sa.String(length=32), nullable=True))
    op.execute(sa.text("UPDATE rm_tracking SET changed_at = position, generation = :generation")
               .bindparams(generation=uuid.uuid4().hex))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('rm_tracking', 'generation')
    op.drop_column('rm_tracking', 'changed_at')
