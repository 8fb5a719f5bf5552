"""Blind rating of the generator on real articles (../shared/notes/question-rating.md), in two steps.

    python benchmarks/real_articles.py sheets DIR [--out DIR]   # items as a learner sees them, for a rater
    python benchmarks/real_articles.py report DIR [--features F] # the figures, from the raters' files
    python benchmarks/real_articles.py survivors ARTICLES:SHEETS... --features F  # for fit_ranker.py

DIR holds real news articles as NN_kind.txt, each with NN_kind.facts.txt (the key facts a teacher would ask,
one a line, written before generating). The articles are other people's prose: keep DIR outside the
repository and commit only the figures.

`sheets` writes NN_kind.items.md (each item: type, the title shown above it with its answer blanked out,
question, the choices in their order or "typed answer", the answer and the source sentence) and
NN_kind.items.json (the same items with the generator's score). A rater who has not seen the code writes
NN_kind.ratings.json: {"items": [{"item": 1, "acceptable": true, "wrong_answer": false, "categories": []}],
"key_facts_asked": [1, 3]} (the key facts, numbered from 1, that an acceptable item asks).

`report` prints the per-article table, the totals, the acceptable share by type, the mean score of acceptable
and unacceptable items, and with --features writes each rated item's ranking features (computed by
the current code) and its rating, no prose, as JSON lines for `fit_ranker.py`.
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing


def sheets(folder: Path, out: Path) -> None:
    from quizapp.generator import generate
    from quizapp.generator.answers import hide_in_title

    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.txt")):
        if path.name.endswith(".facts.txt"):
            continue
        generation = generate(path.read_text(encoding="utf-8"))
        lines = [f"# {path.stem}", ""]
        records = []
        for number, item in enumerate(generation.items, 1):
            label = "" if item.type != "how_many" else " (how many / how much)"
            shown = hide_in_title(generation.title or "", item.answer)
            lines += [f"## Item {number} — {item.type}{label}", f"Title shown above it: {shown}"]
            lines += [f"Question: {item.question}"]
            if len(item.choices) >= 2:
                lines += [f"Choices: {' | '.join(item.choices)}"]
            else:
                lines += ["Choices: none (typed answer)"]
            lines += [f"Answer: {item.answer}", f"Source sentence: {item.sentence}", ""]
            records.append(item.to_dict() | {"item": number, "title": generation.title})
        (out / f"{path.stem}.items.md").write_text("\n".join(lines), encoding="utf-8")
        (out / f"{path.stem}.items.json").write_text(json.dumps(records, indent=1), encoding="utf-8")
        print(f"{path.stem}: {len(generation.items)} items")


def report(folder: Path, features: Path | None) -> None:
    from quizapp.generator.rank import features_of

    rows, by_type, scores, feature_rows = [], {}, {True: [], False: []}, []
    for items_path in sorted(folder.glob("*.items.json")):
        stem = items_path.name.removesuffix(".items.json")
        ratings_path = folder / f"{stem}.ratings.json"
        if not ratings_path.exists():
            continue
        items = json.loads(items_path.read_text())
        ratings = json.loads(ratings_path.read_text())
        rated = {r["item"]: r for r in ratings["items"]}
        facts_path = next(folder.parent.rglob(f"{stem}.facts.txt"), None) or folder / f"{stem}.facts.txt"
        key_facts = (
            [f for f in facts_path.read_text().splitlines() if f.strip()] if facts_path.exists() else ()
        )
        text_path = facts_path.with_name(f"{stem}.txt")
        words = len(text_path.read_text().split()) if text_path.exists() else 0
        good = wrong = 0
        for item in items:
            rating = rated.get(item["item"])
            if rating is None:
                continue
            ok = bool(rating["acceptable"])
            good += ok
            wrong += bool(rating.get("wrong_answer"))
            kind = "fill-in-the-blank" if item["question"].startswith("Fill in the blank") else item["type"]
            by_type.setdefault(kind, [0, 0])
            by_type[kind][0] += ok
            by_type[kind][1] += 1
            scores[ok].append(item["score"])
            row = {
                "article": stem,
                "features": features_of(item, item.get("title")),
                "acceptable": ok,
                "categories": rating.get("categories", []),
            }
            feature_rows.append(row)
        asked = len(set(ratings.get("key_facts_asked", [])))
        rows.append((stem, words, len(items), good, wrong, len(key_facts), asked))

    print(
        "| article | words | items | acceptable | wrong answers | key facts | asked by an acceptable item |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for stem, words, count, good, wrong, facts, asked in rows:
        print(
            f"| {stem} | {words} | {count} | {good} ({_share(good, count)}) | {wrong} | {facts} | {asked} |"
        )
    totals = [sum(r[k] for r in rows) for k in range(1, 7)]
    words, count, good, wrong, facts, asked = totals
    print(
        f"| **total, {len(rows)} articles** | {words} | {count} | **{good} ({_share(good, count)})** "
        f"| {wrong} | {facts} | **{asked} ({_share(asked, facts)})** |"
    )
    print("\n| type | acceptable |\n| --- | --- |")
    for kind, (ok, total) in sorted(by_type.items()):
        print(f"| {kind} | {ok} of {total} ({_share(ok, total)}) |")
    for ok in (True, False):
        if scores[ok]:
            label = "acceptable" if ok else "unacceptable"
            print(
                f"\nmean score of {label} items: {statistics.mean(scores[ok]):.3f} ({len(scores[ok])} items)"
            )
    if features:
        features.write_text("".join(json.dumps(row) + "\n" for row in feature_rows))


def survivors(pairs: list[str], features: Path) -> None:
    """Regenerate rated articles with the current code, with no score threshold and no caps, and write the
    features of every item that passes the checks and was rated before (matched by its question), with its
    latest rating: the items the ranker actually has to order, for `fit_ranker.py`."""
    from quizapp.generator import generate, rank

    rank.KEEP_AT = rank.FLOOR = 0.0
    rank.MAX_PER_ANSWER = rank.MAX_PER_SENTENCE = rank.MAX_BLANKS_PER_SENTENCE = 10**6
    rows = []
    for pair in pairs:
        articles, sheets_dir = (Path(p) for p in pair.split(":"))
        for ratings_path in sorted(sheets_dir.glob("*.ratings.json")):
            stem = ratings_path.name.removesuffix(".ratings.json")
            items = {i["item"]: i for i in json.loads((sheets_dir / f"{stem}.items.json").read_text())}
            rated = {items[r["item"]]["question"]: r for r in json.loads(ratings_path.read_text())["items"]}
            generation = generate((articles / f"{stem}.txt").read_text(encoding="utf-8"))
            for item in generation.items:
                rating = rated.get(item.question)
                if rating is not None:
                    rows.append(
                        {
                            "question": item.question,
                            "article": f"{articles.name}/{stem}",
                            "features": rank.features_of(item, generation.title),
                            "acceptable": bool(rating["acceptable"]),
                            "categories": rating.get("categories", []),
                        }
                    )
    by_question = {(r.pop("article"), r.pop("question")): r for r in rows}  # the latest rating wins
    lines = [json.dumps({"article": article} | row) for (article, _), row in by_question.items()]
    features.write_text("".join(line + "\n" for line in lines))
    print(f"{len(by_question)} rated items pass the current checks")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("step", choices=["sheets", "report", "survivors"])
    parser.add_argument("folder", nargs="+", help="sheets/report: a folder; survivors: ARTICLES:SHEETS pairs")
    parser.add_argument("--out", type=Path, help="where sheets go (default: the articles' folder)")
    parser.add_argument("--features", type=Path, help="report: write rated features as JSON lines here")
    args = parser.parse_args()
    if args.step == "survivors":
        survivors(args.folder, args.features)
        return
    folder = Path(args.folder[0])
    if args.step == "sheets":
        sheets(folder, args.out or folder)
    else:
        report(folder, args.features)


if __name__ == "__main__":
    main()
