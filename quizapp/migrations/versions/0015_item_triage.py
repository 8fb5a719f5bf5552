"""item_triage: the teacher fixes, suspends or keeps a suspect or reported item; reports marked handled

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 18:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import quizapp.models

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_triage",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", quizapp.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("evidence", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["teacher_id"], ["learner.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    with op.batch_alter_table("item_report") as batch:
        batch.add_column(sa.Column("handled_at", quizapp.models.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("item_report") as batch:
        batch.drop_column("handled_at")
    op.drop_table("item_triage")
