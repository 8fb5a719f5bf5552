"""reviewlog (learner_id, item_id, rating) index: accuracy by question type reads only the index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:35:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reviewlog_learner_item_rating", ["learner_id", "item_id", "rating"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.drop_index("ix_reviewlog_learner_item_rating")
