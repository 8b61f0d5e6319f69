"""elections and the board: proposals' deciding body and election, the board's mandates

Issue 21: `rm_proposals.body` ("board" for a decision of the board, NULL for the assembly's) and
`rm_proposals.election` (seats, reserved seats, candidates), and `rm_mandates` (one row per mandate of a
pole's board). Read models only: the projector fills them from the events (a store made before has no
such events, so the new table starts empty and the new columns NULL, which is what the events say).

A table or column a store made from the code already has is left as it is (adoption).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 18:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    columns = {c["name"] for c in inspector.get_columns('rm_proposals')}
    if 'body' not in columns:
        op.add_column('rm_proposals', sa.Column('body', sa.String(length=10), nullable=True))
    if 'election' not in columns:
        op.add_column('rm_proposals', sa.Column('election', sa.JSON(none_as_null=True), nullable=True))
    if not inspector.has_table('rm_mandates'):
        op.create_table('rm_mandates',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('college', sa.String(length=40), nullable=False),
        sa.Column('seat', sa.String(length=60), nullable=False),
        sa.Column('starts_on', sa.String(length=10), nullable=False),
        sa.Column('ends_on', sa.String(length=10), nullable=False),
        sa.Column('by', sa.String(length=20), nullable=False),
        sa.Column('proposal_id', sa.String(length=500), nullable=True),
        sa.Column('replaces', sa.String(length=36), nullable=True),
        sa.Column('ratified', sa.Boolean(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('ended_on', sa.String(length=10), nullable=True),
        sa.Column('end_reason', sa.String(length=20), nullable=True),
        sa.Column('officer', sa.String(length=60), nullable=True),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index('ix_rm_mandates_member_id', 'rm_mandates', ['member_id'])
        op.create_index('ix_rm_mandates_pole_ends', 'rm_mandates', ['pole_id', 'ends_on'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_rm_mandates_pole_ends', table_name='rm_mandates')
    op.drop_index('ix_rm_mandates_member_id', table_name='rm_mandates')
    op.drop_table('rm_mandates')
    op.drop_column('rm_proposals', 'election')
    op.drop_column('rm_proposals', 'body')
