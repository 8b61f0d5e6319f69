"""API tokens' scopes and expiry

Issue 26: `web_api_tokens.scopes` (some of "read vote secretary admin": what the token may do, within its user's
roles) and `web_api_tokens.expires_at` (after it the token is refused). A token made before has every scope and no
expiry, which is what it could do then.

A column a store made from the code already has is left as it is (adoption).

Revision ID: 0016_token_scopes
Revises: 0015_signing_keys
Create Date: 2026-12-04 17:50:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0016_token_scopes'
down_revision: Union[str, Sequence[str], None] = '0015_signing_keys'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ALL_SCOPES = "read vote secretary admin"


def upgrade() -> None:
    """Upgrade schema."""
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns('web_api_tokens')}
    with op.batch_alter_table('web_api_tokens') as batch:
        if 'scopes' not in columns:
            batch.add_column(sa.Column('scopes', sa.String(length=40), nullable=False, server_default=ALL_SCOPES))
        if 'expires_at' not in columns:
            batch.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('web_api_tokens') as batch:
        batch.drop_column('expires_at')
        batch.drop_column('scopes')
