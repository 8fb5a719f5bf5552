"""learner password: learners sign in with a name and password when accounts are on

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:40:00
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases (SQLite has had DROP COLUMN since 3.35), never a batch "move and copy":
# with foreign keys on, dropping the old learner table to rebuild it would delete every learner's cards and
# reviews through ON DELETE CASCADE.


def upgrade() -> None:
    op.add_column("learner", sa.Column("password_hash", AutoString(length=255), nullable=True))


def downgrade() -> None:
    op.drop_column("learner", "password_hash")
