"""indexes for years of use: the Scores page reads a learner's tallies from index entries alone and quizzes in
order of finishing, pages of articles come newest first without sorting the library; the review log's
accuracy index goes, as accuracy by type has read the tallies since 0005 (one index fewer to update with
every review)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 13:10:00
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_review_tally_learner_day": ("review_tally", ["learner_id", "day", "reviews", "right"]),
    "ix_review_tally_learner_type": ("review_tally", ["learner_id", "item_type", "reviews", "right"]),
    "ix_quizsession_learner_finished": ("quizsession", ["learner_id", "finished_at"]),
    "ix_article_created": ("article", ["created_at", "id"]),
}


UNUSED = {"ix_reviewlog_learner_item_rating": ("reviewlog", ["learner_id", "item_id", "rating"])}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    for name, (table, _) in UNUSED.items():
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, (table, columns) in UNUSED.items():
        op.create_index(name, table, columns)
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
