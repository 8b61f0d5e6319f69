"""assemblies' documents and members' postal addresses

Issue 20 (convocation of general assemblies): `documents` (the bytes of the files attached to an
assembly, one row per content, keyed by its SHA-256, which the governance event records; see
infrastructure/documents.py) and `member_contacts` (a member's postal address, contact data kept out
of the event log so that it can be changed and erased; see infrastructure/contacts.py).

A table a store made from the code already has is left as it is (adoption).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table('documents'):
        op.create_table('documents',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('media_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('stored_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('sha256')
        )
    if not inspector.has_table('member_contacts'):
        op.create_table('member_contacts',
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('postal_address', sa.String(length=500), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('pole_id', 'member_id')
        )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('member_contacts')
    op.drop_table('documents')
