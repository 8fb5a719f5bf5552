"""A simulated class for the item analysis: are the suspects the bad questions planted, and no others?

    python benchmarks/simulated_class.py                        # 60 learners, 20 questions, 5 seeds
    python benchmarks/simulated_class.py --learners 300 --seeds 20

Each learner has an ability, each question a difficulty; a learner knows the answer with the Rasch model's
chance (a logistic of ability minus difficulty), else guesses one of the four choices. Planted among the
multiple-choice questions: a *miskeyed* one (its stored answer is wrong: learners who know pick another
choice) and one whose *tempting* wrong choice every learner who does not know picks (a fifth of the
learners always pick it); among typed ones, a *too hard* one (difficulty 4) and one whose learners who
know type a form of the answer the item does not accept (*missing accepted*). The other questions are
clean: multiple choice, difficulty drawn from N(0, 1) (the tempting one's is 0.5: on an easy question a
tempting choice is not picked more often than the answer).

Every learner also sees every question once as a new flashcard, and recalls it with the Rasch chance made
easier by FLASHCARD_EASE (they have read the article; else Again). Planted there: a *flashcard bad* question,
fair in quizzes (its choices make it answerable) but whose card makes no sense alone: Again from nine
learners in ten. Every learner says Again to the miskeyed question's card: who knows it sees a wrong back.

Each seed is a fresh class in a temporary SQLite database, analysed by quizapp.analysis.article_analysis;
prints, per seed and in sum, the planted questions found, the planted ones missed and the clean ones flagged
(false alarms), as one JSON line.
"""

import argparse
import json
import math
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, SQLModel  # noqa: E402

from quizapp import analysis, item_tallies  # noqa: E402
from quizapp.db import make_engine  # noqa: E402
from quizapp.models import (  # noqa: E402
    Article,
    CardState,
    Item,
    Learner,
    QuizAnswer,
    QuizSession,
    ReviewLog,
    ReviewMode,
)
from quizapp.quizzes import question_kind  # noqa: E402

PLANTED = ("miskeyed", "tempting", "too_hard", "missing_accepted", "flashcard_bad")
FLASHCARD_EASE = 1.5  # a first flashcard review is this much easier than the quiz question (in logits)


def _item(article: Article, n: int, kind: str) -> Item:
    answer = f"answer {n}"
    return Item(
        article_id=article.id,
        type="what",
        question=f"Question {n} ({kind})?",
        answer=answer,
        accepted=[answer],
        choices=[answer, f"wrong {n}a", f"wrong {n}b", f"wrong {n}c"],
        sentence="s",
        sentence_start=0,
        sentence_end=1,
        fact_key=f"{kind}:{n}",
    )


def _first_flashcards(session, learner, items, kinds, difficulty, ability, rng) -> None:
    """The learner's first flashcard review of every question: Again (1) or Good (3)."""
    cards = {n: CardState(learner_id=learner.id, item_id=item.id, is_new=False) for n, item in items.items()}
    session.add_all(cards.values())
    session.flush()
    for n, item in items.items():
        recalls = rng.random() < 1 / (1 + math.exp(difficulty[n] - ability - FLASHCARD_EASE))
        if kinds[n] == "flashcard_bad":
            recalls = rng.random() < 0.1
        elif kinds[n] == "miskeyed":
            recalls = False  # who knows sees a wrong back, who does not cannot recall it
        log = {
            "learner_id": learner.id,
            "item_id": item.id,
            "card_id": cards[n].id,
            "rating": 3 if recalls else 1,
            "first_review": True,
            "mode": ReviewMode.FLASHCARD,
        }
        session.add(ReviewLog(**log))
        item_tallies.count_review(session, log)  # as the review is counted when graded


def simulate(session: Session, learners: int, questions: int, rng: random.Random) -> dict:
    article = Article(title="Simulated", text="s", content_hash=f"sim-{rng.random()}")
    session.add(article)
    session.flush()
    kinds = dict.fromkeys(range(questions), "clean")
    for n, kind in enumerate(PLANTED):
        kinds[n] = kind
    items = {n: _item(article, n, kind) for n, kind in kinds.items()}
    session.add_all(items.values())
    session.flush()
    difficulty = {n: rng.gauss(0, 1) for n in items}
    difficulty[PLANTED.index("too_hard")] = 4.0
    difficulty[PLANTED.index("tempting")] = 0.5
    tempters = set(rng.sample(range(learners), learners // 5))
    for who in range(learners):
        learner = Learner(name=f"sim {who}")
        session.add(learner)
        session.flush()
        ability = rng.gauss(0, 1)
        _first_flashcards(session, learner, items, kinds, difficulty, ability, rng)
        choice = QuizSession(learner_id=learner.id, article_id=article.id, mode="choice", item_ids=[])
        typed = QuizSession(learner_id=learner.id, article_id=article.id, mode="typed", item_ids=[])
        session.add_all([choice, typed])
        session.flush()
        for n, item in items.items():
            knows = rng.random() < 1 / (1 + math.exp(difficulty[n] - ability))
            guess = rng.choice(item.choices)  # who does not know guesses (and may guess right)
            quiz = typed if kinds[n] in ("missing_accepted", "too_hard") else choice
            if kinds[n] == "miskeyed":
                given = item.choices[1] if knows else guess
            elif kinds[n] == "tempting":
                given = item.answer if knows and who not in tempters else item.choices[1]
            elif kinds[n] == "missing_accepted":
                given = f"the {item.answer} indeed" if knows else f"guess {rng.randrange(1000)}"
            elif kinds[n] == "too_hard":
                given = item.answer if knows else f"guess {rng.randrange(1000)}"
            else:
                given = item.answer if knows else guess
            verdict = "correct" if given == item.answer else "wrong"
            quiz.item_ids = [*quiz.item_ids, item.id]
            position = len(quiz.item_ids) - 1
            session.add(
                QuizAnswer(
                    quiz_id=quiz.id, position=position, item_id=item.id, answer_given=given, verdict=verdict
                )
            )
            item_tallies.count_answer(  # as quizzes.answer_question counts it
                session,
                learner_id=learner.id,
                item_id=item.id,
                kind=question_kind(quiz, item),
                given=given,
                right=verdict == "correct",
            )
    session.flush()
    found = analysis.article_analysis(session, article)
    flagged = {f.item.fact_key for f in found.suspects}
    planted = {f"{kind}:{n}" for n, kind in kinds.items() if kind != "clean"}
    session.rollback()
    return {
        "found": sorted(planted & flagged),
        "missed": sorted(planted - flagged),
        "false_alarms": sorted(flagged - planted),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="quizapp-class-") as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'class.sqlite'}")
        SQLModel.metadata.create_all(engine)
        for seed in range(args.seeds):
            with Session(engine) as session:
                runs.append(
                    {"seed": seed, **simulate(session, args.learners, args.questions, random.Random(seed))}
                )
        engine.dispose()
    total = {key: sum(len(run[key]) for run in runs) for key in ("found", "missed", "false_alarms")}
    print(
        json.dumps({"benchmark": "simulated_class", **vars(args), "total": total, "runs": runs}), flush=True
    )


if __name__ == "__main__":
    sys.exit(main())
