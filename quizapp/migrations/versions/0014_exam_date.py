"""exam_date: a learner studies an article toward an exam date

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam_date",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("exam_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("learner_id", "article_id"),
    )
    op.create_index("ix_exam_date_article_id", "exam_date", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_exam_date_article_id", table_name="exam_date")
    op.drop_table("exam_date")
