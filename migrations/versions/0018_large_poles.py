"""large poles: a decided vote's result as text of any length; indexes for the roster at a date

Issue 27: `rm_proposals.result` holds the weighted result as an exact fraction ("p/q"). With colleges of thousands of
members the fraction's terms are long (a 50,000-ballot vote over ten colleges gives 70 characters); the column was
VARCHAR(60), and PostgreSQL refused the row: the projection worker stopped at that vote's close. TEXT now. SQLite
does not enforce the length, but its declared type is changed too (a batch copy of the table), so that the schema
matches the code on both stores.

Two indexes serve the roster at a date of a pole of 50,000 members: `ix_rm_members_pole_name` (a page walks the
pole's members in name order) and `ix_rm_member_periods_admitted` (the head counts per college read the index alone).
An index a store made from the code already has is left as it is (adoption).

Revision ID: 0018_large_poles
Revises: 0017_webhooks
Create Date: 2026-12-04 21:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0018_large_poles'
down_revision: Union[str, Sequence[str], None] = '0017_webhooks'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


INDEXES = (
    ('ix_rm_members_pole_name', 'rm_members', ['pole_id', 'name', 'id']),
    ('ix_rm_member_periods_admitted', 'rm_member_periods',
     ['pole_id', 'status', 'valid_from', 'valid_to', 'college', 'member_id']),
)


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    result = next(c['type'] for c in inspector.get_columns('rm_proposals') if c['name'] == 'result')
    if getattr(result, 'length', None) is not None:
        with op.batch_alter_table('rm_proposals') as batch:
            batch.alter_column('result', existing_type=sa.String(length=60), type_=sa.Text(), existing_nullable=True)
    for name, table, columns in INDEXES:
        if name not in {i['name'] for i in inspector.get_indexes(table)}:
            op.create_index(name, table, columns)


def downgrade() -> None:
    """Downgrade schema."""
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table('rm_proposals') as batch:
        batch.alter_column('result', existing_type=sa.Text(), type_=sa.String(length=60), existing_nullable=True)
