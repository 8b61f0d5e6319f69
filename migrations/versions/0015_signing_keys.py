"""the poles' signing authorities and their members' signing certificates

Issue 25: `web_pole_authorities` (a pole's certificate authority kept by the instance, its key encrypted under the
instance's secret) and `web_signing_certificates` (a person's certificate, the key encrypted under the passphrase
they set). Not read models: the accounts' side, never rebuilt from events.

A table a store made from the code already has is left as it is (adoption).

Revision ID: 0015_signing_keys
Revises: 0014_signed_pdf
Create Date: 2026-12-04 13:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0015_signing_keys'
down_revision: Union[str, Sequence[str], None] = '0014_signed_pdf'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table('web_pole_authorities'):
        op.create_table('web_pole_authorities',
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('authority', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('pole_id')
        )
    if not inspector.has_table('web_signing_certificates'):
        op.create_table('web_signing_certificates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('serial', sa.String(length=64), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('certificate', sa.Text(), nullable=False),
        sa.Column('encrypted_key', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('serial')
        )
        op.create_index('ix_web_signing_certificates_user_id', 'web_signing_certificates', ['user_id'])
        op.create_index('ix_web_signing_certificates_pole_id', 'web_signing_certificates', ['pole_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_web_signing_certificates_pole_id', table_name='web_signing_certificates')
    op.drop_index('ix_web_signing_certificates_user_id', table_name='web_signing_certificates')
    op.drop_table('web_signing_certificates')
    op.drop_table('web_pole_authorities')
