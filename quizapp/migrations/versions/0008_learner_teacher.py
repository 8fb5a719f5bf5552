"""learner teacher: with accounts on, only teachers change the articles and questions the class shares

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


# A plain ALTER TABLE, as in 0006 (a batch rebuild of learner would cascade-delete every card and review).
def upgrade() -> None:
    op.add_column("learner", sa.Column("teacher", sa.Boolean(), nullable=False, server_default=sa.false()))
    # The learner of a personal install that turns accounts on (no password until `quizapp learners
    # password`) is its owner: a teacher. Learners who signed up are not.
    op.execute(sa.text("UPDATE learner SET teacher = :yes WHERE password_hash IS NULL").bindparams(yes=True))


def downgrade() -> None:
    op.drop_column("learner", "teacher")
