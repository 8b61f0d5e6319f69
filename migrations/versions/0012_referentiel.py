"""self-assessment campaigns with the PTCE référentiel, and the regional networks a pole joined

Issue 24: `rm_campaigns` (one row per campaign: the référentiel version it was opened with, who was asked, the frozen
results once closed), `rm_campaign_answers` (who answered and when, how many times again: never what),
`rm_campaign_revisions` (the strategy revisions drafted from a campaign) and `rm_pole_networks` (the networks a pole
joined by decision, what it shares). Read models only: the projector fills them from the events (the new projection
`assessment` replays the whole log once; a store made before has no such events, so the tables start empty).

A table a store made from the code already has is left as it is (adoption).

Revision ID: 0012_referentiel
Revises: 0011
Create Date: 2026-12-04 12:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0012_referentiel'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ('rm_campaigns', 'rm_campaign_answers', 'rm_campaign_revisions', 'rm_pole_networks')


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table('rm_campaigns'):
        op.create_table('rm_campaigns',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('opens_on', sa.String(length=10), nullable=False),
        sa.Column('closes_on', sa.String(length=10), nullable=False),
        sa.Column('referentiel_version', sa.Integer(), nullable=False),
        sa.Column('referentiel', sa.JSON(), nullable=False),
        sa.Column('mode', sa.String(length=10), nullable=False),
        sa.Column('individual_shared', sa.Boolean(), nullable=False),
        sa.Column('respondents', sa.JSON(), nullable=False),
        sa.Column('invited', sa.Integer(), nullable=False),
        sa.Column('answered', sa.Integer(), nullable=False),
        sa.Column('closed', sa.Boolean(), nullable=False),
        sa.Column('opened_by', sa.String(length=200), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('results', sa.JSON(none_as_null=True), nullable=True),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index('ix_rm_campaigns_pole_id', 'rm_campaigns', ['pole_id'])
    if not inspector.has_table('rm_campaign_answers'):
        op.create_table('rm_campaign_answers',
        sa.Column('campaign_id', sa.String(length=36), nullable=False),
        sa.Column('respondent', sa.String(length=200), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('college', sa.String(length=200), nullable=False),
        sa.Column('first_answered_at', sa.DateTime(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=False),
        sa.Column('changes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('campaign_id', 'respondent')
        )
    if not inspector.has_table('rm_campaign_revisions'):
        op.create_table('rm_campaign_revisions',
        sa.Column('campaign_id', sa.String(length=36), nullable=False),
        sa.Column('proposal_id', sa.String(length=36), nullable=False),
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('objective', sa.String(length=40), nullable=False),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('drafted_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('campaign_id', 'proposal_id')
        )
        op.create_index('ix_rm_campaign_revisions_proposal', 'rm_campaign_revisions', ['proposal_id'])
    if not inspector.has_table('rm_pole_networks'):
        op.create_table('rm_pole_networks',
        sa.Column('pole_id', sa.String(length=36), nullable=False),
        sa.Column('network_id', sa.String(length=36), nullable=False),
        sa.Column('shares', sa.JSON(), nullable=False),
        sa.Column('since', sa.String(length=10), nullable=False),
        sa.Column('decision_id', sa.String(length=36), nullable=False),
        sa.Column('left_on', sa.String(length=10), nullable=True),
        sa.Column('left_decision_id', sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint('pole_id', 'network_id')
        )
        op.create_index('ix_rm_pole_networks_network', 'rm_pole_networks', ['network_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_rm_pole_networks_network', table_name='rm_pole_networks')
    op.drop_index('ix_rm_campaign_revisions_proposal', table_name='rm_campaign_revisions')
    op.drop_index('ix_rm_campaigns_pole_id', table_name='rm_campaigns')
    for table in reversed(TABLES):
        op.drop_table(table)
