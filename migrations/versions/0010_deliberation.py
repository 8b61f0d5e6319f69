"""deliberation before the vote: proposals' discussion and amendment facts, the comments

Issue 23: `rm_proposals.published`, `amends` (indexed), `amendment`, `original` and `debate_summary`, and
`rm_comments` (one row per comment of a proposal's discussion). Read models only: the projector fills them from the
events (a store made before has no such events, so the new table starts empty and the new columns NULL, which is
what the events say).

A table or column a store made from the code already has is left as it is (adoption).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 02:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

NEW_COLUMNS = (
    ('published', sa.Boolean()),
    ('amends', sa.String(length=36)),
    ('amendment', sa.JSON(none_as_null=True)),
    ('original', sa.JSON(none_as_null=True)),
    ('debate_summary', sa.Text()),
)


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    columns = {c["name"] for c in inspector.get_columns('rm_proposals')}
    for name, kind in NEW_COLUMNS:
        if name not in columns:
            op.add_column('rm_proposals', sa.Column(name, kind, nullable=True))
    if 'ix_rm_proposals_amends' not in {i["name"] for i in inspector.get_indexes('rm_proposals')}:
        op.create_index('ix_rm_proposals_amends', 'rm_proposals', ['amends'])
    if not inspector.has_table('rm_comments'):
        op.create_table('rm_comments',
        sa.Column('discussion_id', sa.String(length=36), nullable=False),
        sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('proposal_id', sa.String(length=36), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=True),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('reply_to', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('mentions', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('history', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('posted_at', sa.DateTime(), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('discussion_id', 'number')
        )
        op.create_index('ix_rm_comments_proposal_id', 'rm_comments', ['proposal_id'])
        op.create_index('ix_rm_comments_pole_id', 'rm_comments', ['pole_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_rm_comments_pole_id', table_name='rm_comments')
    op.drop_index('ix_rm_comments_proposal_id', table_name='rm_comments')
    op.drop_table('rm_comments')
    op.drop_index('ix_rm_proposals_amends', table_name='rm_proposals')
    for name, _ in reversed(NEW_COLUMNS):
        op.drop_column('rm_proposals', name)
