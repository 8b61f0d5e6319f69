"""accounts: disabling, session revocation, atomic login throttling

`web_users` gains `is_active` (an admin disables an account) and `session_generation`
(stored in the session at login; moving it on ends every session of the user). The
per-failure log `web_login_failures` is replaced by one counter row per account and per
client address, `web_login_attempts`, which a login reserves atomically before checking a
password (web/accounts/store.py). The old failure rows are dropped: at worst a lock in progress ends
early. Sessions opened before this revision carry no generation: everybody logs in once again.

A table or column a store made from the code already has is left as it is (adoption).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table('web_users'):
        _create_accounts_tables(inspector)  # a store adopted at 0003 whose accounts were never created
        inspector = sa.inspect(op.get_bind())
    present = {c["name"] for c in inspector.get_columns('web_users')}
    if 'is_active' not in present:
        op.add_column('web_users', sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False))
    if 'session_generation' not in present:
        op.add_column('web_users', sa.Column('session_generation', sa.Integer(), server_default='0',
                                             nullable=False))
    if not inspector.has_table('web_login_attempts'):
        op.create_table('web_login_attempts',
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'subject')
        )
        op.create_index(op.f('ix_web_login_attempts_started_at'), 'web_login_attempts', ['started_at'], unique=False)
    if inspector.has_table('web_login_failures'):
        op.drop_index(op.f('ix_web_login_failures_ip'), table_name='web_login_failures')
        op.drop_index(op.f('ix_web_login_failures_email'), table_name='web_login_failures')
        op.drop_table('web_login_failures')


def _create_accounts_tables(inspector: sa.Inspector) -> None:
    """The accounts tables of the baseline (0001), for a store made by earlier code through the command line
    only (its read models created straight from the code, the accounts tables never): this revision's
    columns are then added as for any other store."""
    op.create_table('web_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    if not inspector.has_table('web_api_tokens'):
        op.create_table('web_api_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('prefix', sa.String(length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash')
        )
        op.create_index(op.f('ix_web_api_tokens_user_id'), 'web_api_tokens', ['user_id'], unique=False)
    if not inspector.has_table('web_roles'):
        op.create_table('web_roles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index(op.f('ix_web_roles_user_id'), 'web_roles', ['user_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.create_table('web_login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_web_login_failures_email'), 'web_login_failures', ['email'], unique=False)
    op.create_index(op.f('ix_web_login_failures_ip'), 'web_login_failures', ['ip'], unique=False)
    op.drop_index(op.f('ix_web_login_attempts_started_at'), table_name='web_login_attempts')
    op.drop_table('web_login_attempts')
    op.drop_column('web_users', 'session_generation')
    op.drop_column('web_users', 'is_active')
