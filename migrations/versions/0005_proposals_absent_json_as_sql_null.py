"""proposals: an absent effect, electorate or tally is SQL NULL, never JSON 'null'

Rows projected as events arrived held JSON 'null' where a rebuild wrote SQL NULL (on
PostgreSQL: a proposal drafted in one section and changed in a later one went through
SQLAlchemy's JSON type, which wrote None as JSON 'null'; on SQLite every such cell was JSON
'null'). The columns now store None as SQL NULL on every path (projections/tables.py,
`NullableJSON`); this revision turns the cells written before into SQL NULL, so that the read
models equal a rebuild. No table changes; nothing to undo (earlier code reads SQL NULL as None).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 11:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = ('effect', 'electorate', 'tally')


def upgrade() -> None:
    """Upgrade schema (data only: JSON 'null' cells become SQL NULL)."""
    if not sa.inspect(op.get_bind()).has_table('rm_proposals'):
        return
    for column in COLUMNS:  # the JSON text as written (json: as is; SQLite: the stored text)
        op.execute(sa.text(f"UPDATE rm_proposals SET {column} = NULL WHERE CAST({column} AS TEXT) = 'null'"))


def downgrade() -> None:
    """Downgrade schema: nothing to undo."""
