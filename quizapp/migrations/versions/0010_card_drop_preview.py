"""card: drop preview, the grade buttons' outcomes that the GET of a card's back used to store

The grade form now carries them, signed (scheduling.GradePreview, web.review), so that showing a card's back
writes nothing.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


# A plain ALTER TABLE (SQLite 3.35+ drops a column in place): a batch rebuild of card would cascade-delete
# every review logged for it.
def upgrade() -> None:
    op.drop_column("card", "preview")


def downgrade() -> None:
    op.add_column("card", sa.Column("preview", sa.JSON(), nullable=True))
