"""article_job: articles being added, made outside the request by a job runner in each server process

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import quizapp.models

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("fmt", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("new_article", sa.Boolean(), nullable=False),
        sa.Column("claim", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", quizapp.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", quizapp.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", quizapp.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", quizapp.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_article_job_status", "article_job", ["status", "id"])
    op.create_index("ix_article_job_content_hash", "article_job", ["content_hash"])


def downgrade() -> None:
    op.drop_index("ix_article_job_content_hash", table_name="article_job")
    op.drop_index("ix_article_job_status", table_name="article_job")
    op.drop_table("article_job")
