"""item_tally, wrong_answer_tally, typed_wrong, first_answer: the item analysis's figures kept as answers are
graded (quizapp.item_tallies), filled from the quiz answers and flashcard reviews already stored

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 21:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from quizapp import item_tallies

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "item_tally",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", _text(length=20), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("right", sa.Integer(), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("first_wrong", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "kind"),
    )
    op.create_table(
        "wrong_answer_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", _text(length=20), nullable=False),
        sa.Column("given", _text(), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "kind", "given"),
    )
    op.create_table(
        "typed_wrong",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("form", _text(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "form", "learner_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "first_answer",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("right", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "learner_id"),
        sqlite_with_rowid=False,
    )
    # An existing install's analysis is the same after the upgrade: its answers and reviews counted now, by
    # the code that recounts them after a bulk load (a later change to these tables' columns needs a copy of
    # it here as it is now).
    item_tallies.rebuild(op.get_bind())


def downgrade() -> None:
    for table in ("first_answer", "typed_wrong", "wrong_answer_tally", "item_tally"):
        op.drop_table(table)
