"""Fit the generator's ranker (quizapp/generator/rank.py) on blind teacher ratings, and say how well it ranks.

    python benchmarks/real_articles.py report DIR --features rated.jsonl   # features + ratings, no prose
    python benchmarks/fit_ranker.py rated.jsonl [--write]                   # fit; --write the weights

The model is a logistic regression with an L2 penalty (Heilman & Smith 2010 ranked over-generated questions
the same way). It learns whether a teacher keeps the *question*: an item struck out only for its wrong
choices counts as kept, because choices have rules of their own (distractors.py) and an item without good
ones is asked typed. Before writing, it prints leave-one-article-out figures: the mean score of kept and
struck-out items, the area under the ROC curve, and the share kept above rank.KEEP_AT, each on articles the
fit did not see.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CHOICE_ONLY = {"bad choices", "choice also right"}
PENALTY = 1.0


def question_kept(row: dict) -> bool:
    return row["acceptable"] or set(row["categories"]) <= CHOICE_ONLY


def fit(
    x: np.ndarray, y: np.ndarray, penalty: float = PENALTY, steps: int = 4000
) -> tuple[float, np.ndarray]:
    """Bias and weights by gradient descent on the penalised log loss (the bias is not penalised)."""
    bias, weights = 0.0, np.zeros(x.shape[1])
    rate = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(bias + x @ weights)))
        error = p - y
        bias -= rate * error.mean()
        weights -= rate * (x.T @ error / len(y) + penalty * weights / len(y))
    return bias, weights


def auc(scores: list[float], labels: list[bool]) -> float:
    good = [s for s, k in zip(scores, labels, strict=True) if k]
    bad = [s for s, k in zip(scores, labels, strict=True) if not k]
    pairs = sum((g > b) + 0.5 * (g == b) for g in good for b in bad)
    return pairs / (len(good) * len(bad)) if good and bad else float("nan")


def main() -> None:
    from quizapp.generator.rank import KEEP_AT

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rated", type=Path)
    parser.add_argument("--write", action="store_true", help="write quizapp/generator/ranker_weights.py")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.rated.read_text().splitlines() if line.strip()]
    names = sorted({name for row in rows for name in row["features"]})
    x = np.array([[row["features"].get(n, 0.0) for n in names] for row in rows])
    y = np.array([float(question_kept(row)) for row in rows])
    articles = sorted({row["article"] for row in rows})

    held_out = np.zeros(len(rows))
    for article in articles:
        mine = np.array([row["article"] == article for row in rows])
        bias, weights = fit(x[~mine], y[~mine])
        held_out[mine] = 1 / (1 + np.exp(-(bias + x[mine] @ weights)))
    kept = held_out >= KEEP_AT
    accepted = np.array([row["acceptable"] for row in rows])
    print(
        f"{len(rows)} rated items from {len(articles)} articles; {int(y.sum())} questions kept by the raters"
    )
    print(f"leave-one-article-out: AUC {auc(list(held_out), list(y.astype(bool))):.3f}")
    print(
        f"  mean score of kept questions {held_out[y == 1].mean():.3f}, "
        f"struck out {held_out[y == 0].mean():.3f}"
    )
    print(
        f"  above {KEEP_AT}: {int(kept.sum())} items, {y[kept].mean():.0%} of them kept questions, "
        f"{accepted[kept].mean():.0%} acceptable as rated (below: {y[~kept].mean():.0%} kept questions)"
    )

    for threshold in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75):
        above = held_out >= threshold
        if above.any():
            print(
                f"  held out, at {threshold}: keeps {above.mean():.0%} of the items, {y[above].mean():.0%} "
                f"of them kept questions, {accepted[above].mean():.0%} acceptable as rated"
            )

    bias, weights = fit(x, y)
    ordered = sorted(zip(names, weights, strict=True), key=lambda nw: -abs(nw[1]))
    print("weights:", ", ".join(f"{n} {w:+.2f}" for n, w in ordered if abs(w) >= 0.05))
    if args.write:
        body = "".join(f'    "{n}": {w:.3f},\n' for n, w in ordered if abs(w) >= 0.005)
        (REPO / "quizapp" / "generator" / "ranker_weights.py").write_text(
            '"""The ranker\'s weights (rank.py), written by benchmarks/fit_ranker.py from blind ratings\n'
            f'of {len(rows)} items on {len(articles)} real articles. Do not edit by hand: refit."""\n\n'
            f"BIAS = {bias:.3f}\nWEIGHTS: dict[str, float] = {{\n{body}}}\n"
        )
        print("wrote quizapp/generator/ranker_weights.py")


if __name__ == "__main__":
    main()
