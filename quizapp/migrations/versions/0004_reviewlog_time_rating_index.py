"""reviewlog (learner_id, reviewed_at, rating) index replaces (learner_id, reviewed_at): retention reads only
the index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:35:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reviewlog_learner_time_rating", ["learner_id", "reviewed_at", "rating"], unique=False
        )
        batch_op.drop_index("ix_reviewlog_learner_time")


def downgrade() -> None:
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.create_index("ix_reviewlog_learner_time", ["learner_id", "reviewed_at"], unique=False)
        batch_op.drop_index("ix_reviewlog_learner_time_rating")
