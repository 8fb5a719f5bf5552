"""review_tally: reviews per learner, UTC day, question type and mode, filled from the existing review log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 14:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_tally",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("item_type", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("right", sa.Integer(), nullable=False),
        sa.Column("first_reviews", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("learner_id", "day", "item_type", "mode"),
    )
    # The UTC day of each review: SQLite keeps naive UTC text, PostgreSQL a timestamptz.
    if op.get_bind().dialect.name == "postgresql":
        day = "CAST(timezone('UTC', r.reviewed_at) AS DATE)"
        first = "CASE WHEN r.first_review THEN 1 ELSE 0 END"
    else:
        day = "date(r.reviewed_at)"
        first = "r.first_review"
    op.execute(
        f"""
        INSERT INTO review_tally (learner_id, day, item_type, mode, reviews, "right", first_reviews)
        SELECT r.learner_id, {day}, i.type, r.mode, count(*),
               sum(CASE WHEN r.rating > 1 THEN 1 ELSE 0 END), sum({first})
        FROM reviewlog r JOIN item i ON i.id = r.item_id
        GROUP BY r.learner_id, {day}, i.type, r.mode
        """
    )


def downgrade() -> None:
    op.drop_table("review_tally")
