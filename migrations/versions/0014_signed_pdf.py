"""minutes signed in their PDF: the signed file's fingerprint per entry of the minutes

Issue 25: `rm_minutes_entries.pdf_sha256`, the SHA-256 of the PDF a signature (or the document timestamp, an entry
of type "timestamp") left, as the `MinutesSigned` (version 3) and `MinutesTimestamped` events record it. Read models
only: a store made before has no such field in its events, so the column starts NULL, which is what they say.

A column a store made from the code already has is left as it is (adoption).

Revision ID: 0014_signed_pdf
Revises: 0013_networks
Create Date: 2026-12-04 12:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0014_signed_pdf'
down_revision: Union[str, Sequence[str], None] = '0013_networks'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns('rm_minutes_entries')}
    if 'pdf_sha256' not in columns:
        op.add_column('rm_minutes_entries', sa.Column('pdf_sha256', sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('rm_minutes_entries', 'pdf_sha256')
