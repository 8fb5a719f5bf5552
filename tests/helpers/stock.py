"""The repository's paths, and the small article the `stocked` fixture inserts (hand-written items, so web and
storage tests do not depend on the generator)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_ARTICLE = next((REPO / "seeds").glob("*.txt"))

STOCK_TEXT = (
    "Mara Lindqvist won the Nordic marathon in Oslo on March 3, 2024. "
    "She finished in 2 hours and 21 minutes, ahead of 4,000 runners. "
    "The race director, Pelle Strand, said the course was the fastest in its history."
)

# (type, question, answer, accepted, choices, sentence start, sentence end)
STOCK_ITEMS = [
    (
        "who",
        "Who won the Nordic marathon in Oslo on March 3, 2024?",
        "Mara Lindqvist",
        ["Mara Lindqvist", "Lindqvist"],
        ["Mara Lindqvist", "Pelle Strand", "Anna Berg", "Eva Holm"],
        0,
        64,
    ),
    (
        "where",
        "Where was the Nordic marathon held?",
        "Oslo",
        ["Oslo"],
        ["Oslo", "Bergen", "Stockholm", "Helsinki"],
        0,
        64,
    ),
    (
        "when",
        "When did Mara Lindqvist win the Nordic marathon?",
        "March 3, 2024",
        ["March 3, 2024", "3 March 2024"],
        ["March 3, 2024", "March 10, 2024", "April 3, 2024", "March 3, 2023"],
        0,
        64,
    ),
    (
        "how_many",
        "How many runners did Mara Lindqvist finish ahead of?",
        "4,000",
        ["4,000", "4000"],
        ["4,000", "3,000", "5,000", "400"],
        65,
        129,
    ),
    (
        "who",
        "Who is the race director of the Nordic marathon?",
        "Pelle Strand",
        ["Pelle Strand", "Strand"],
        ["Pelle Strand", "Mara Lindqvist", "Anna Berg", "Eva Holm"],
        130,
        213,
    ),
]


def add_stock_article(session):
    """The stock article and its five items, flushed (no cards, not committed); returns the Article."""
    from quizapp.models import Article, Item

    article = Article(
        title="Lindqvist wins Nordic marathon",
        byline="By Test Writer",
        text=STOCK_TEXT,
        content_hash="stock",
        source="fixture",
    )
    session.add(article)
    session.flush()
    for kind, question, answer, accepted, choices, start, end in STOCK_ITEMS:
        position = STOCK_TEXT.find(answer, start)
        session.add(
            Item(
                article_id=article.id,
                type=kind,
                question=question,
                answer=answer,
                accepted=accepted,
                choices=choices,
                sentence=STOCK_TEXT[start:end].strip(),
                sentence_start=start,
                sentence_end=end,
                answer_start=position if position >= 0 else None,
                answer_end=position + len(answer) if position >= 0 else None,
                fact_key=f"{kind}:{answer}",
                score=1.0,
            )
        )
    session.flush()
    return article
