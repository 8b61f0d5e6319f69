"""regional networks and their coordinators

Issue 24: `web_networks` (the networks the instance declares, e.g. a CRESS's regional cell) and
`web_network_coordinators` (who coordinates which network). Platform settings beside the accounts, not governance
facts: a pole joins a network by its own decision, which its events hold (NetworkJoined, NetworkLeft). A store made
before has no network: both tables start empty.

A table a store made from the code already has is left as it is (adoption).

Revision ID: 0013_networks
Revises: 0012_referentiel
Create Date: 2026-12-05 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0013_networks'
down_revision: Union[str, Sequence[str], None] = '0012_referentiel'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table('web_networks'):
        op.create_table('web_networks',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name')
        )
    if not inspector.has_table('web_network_coordinators'):
        op.create_table('web_network_coordinators',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('network_id', sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(['network_id'], ['web_networks.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('user_id', 'network_id')
        )
        op.create_index(op.f('ix_web_network_coordinators_network_id'), 'web_network_coordinators', ['network_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_web_network_coordinators_network_id'), table_name='web_network_coordinators')
    op.drop_table('web_network_coordinators')
    op.drop_table('web_networks')
