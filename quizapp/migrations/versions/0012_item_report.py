"""item_report: learners report a bad question, for the teacher's item analysis

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 16:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import quizapp.models

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("reported_at", quizapp.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "learner_id"),
    )
    op.create_index("ix_item_report_learner_id", "item_report", ["learner_id"])


def downgrade() -> None:
    op.drop_index("ix_item_report_learner_id", table_name="item_report")
    op.drop_table("item_report")
