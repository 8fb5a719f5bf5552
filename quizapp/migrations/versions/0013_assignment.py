"""assignment: a teacher sets the class an article with a due date, and the quizzes taken for it are linked

The index of card.item_id becomes (item_id, state, stability, learner_id): the class progress table counts
each learner's mastered cards of an article from the index alone.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 18:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import quizapp.models

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", quizapp.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("article_id", "due"),
    )
    op.create_table(
        "assignment_quiz",
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["quiz_id"], ["quizsession.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("quiz_id"),
    )
    op.create_index("ix_assignment_quiz_assignment_id", "assignment_quiz", ["assignment_id"])
    op.create_index("ix_card_item_mastery", "card", ["item_id", "state", "stability", "learner_id"])
    op.drop_index("ix_card_item_id", table_name="card")


def downgrade() -> None:
    op.create_index("ix_card_item_id", "card", ["item_id"])
    op.drop_index("ix_card_item_mastery", table_name="card")
    op.drop_index("ix_assignment_quiz_assignment_id", table_name="assignment_quiz")
    op.drop_table("assignment_quiz")
    op.drop_table("assignment")
