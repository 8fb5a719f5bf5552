"""quiz keeps deleted questions: deleting an article leaves the quizzes taken on it, and their scores

quizanswer.item_id becomes nullable and SET NULL (it was CASCADE, which took a deleted item's answers out of
every finished quiz's score), with the question's text kept in deleted_question; it is indexed, so that
deleting an item does not scan every quiz answer ever given. quizsession.deleted_article keeps the title of
a deleted article its quiz was on.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# SQLite's foreign keys have no names: the batch copy of quizanswer names the reflected one by this
# convention so that it can be dropped. PostgreSQL named it when 0001 made it.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _item_key() -> str:
    postgres = op.get_bind().dialect.name == "postgresql"
    return "quizanswer_item_id_fkey" if postgres else "fk_quizanswer_item_id_item"


# quizanswer is copied (SQLite cannot change a foreign key in place); no table refers to it, so the copy
# deletes nothing. quizsession gets a plain ALTER TABLE: a copy of it would cascade-delete its answers.
def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString()
    op.add_column("quizsession", sa.Column("deleted_article", text, nullable=True))
    key = _item_key()
    with op.batch_alter_table("quizanswer", naming_convention=NAMING) as batch:
        batch.add_column(sa.Column("deleted_question", text, nullable=True))
        batch.alter_column("item_id", existing_type=sa.Integer(), nullable=True)
        batch.drop_constraint(key, type_="foreignkey")
        batch.create_foreign_key(key, "item", ["item_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_quizanswer_item_id", ["item_id"], unique=False)


def downgrade() -> None:
    # Answers to deleted questions have no item to point at again: they go, as CASCADE would have taken them.
    op.execute(sa.text("DELETE FROM quizanswer WHERE item_id IS NULL"))
    key = _item_key()
    with op.batch_alter_table("quizanswer", naming_convention=NAMING) as batch:
        batch.drop_index("ix_quizanswer_item_id")
        batch.drop_constraint(key, type_="foreignkey")
        batch.create_foreign_key(key, "item", ["item_id"], ["id"], ondelete="CASCADE")
        batch.alter_column("item_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("deleted_question")
    op.drop_column("quizsession", "deleted_article")
