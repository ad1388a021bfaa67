"""Precision@3 of the reply-suggestion rankers on the labelled set (issue 23 point 1).

    python3 bench/suggest_eval.py [--data tests/data/suggest_labelled.json]

Every snippet of every queue is a candidate (harder than the addon, which offers only the
session's queue and the shared canned responses). For each visitor question the rankers
return three snippets; precision@3 is the share of those three that are right answers
(with one right answer per question the best possible is about 0.35), hit@3 the share of
questions with a right answer among the three, MRR the mean reciprocal rank of the first
right answer in the top ten. Prints a markdown table for BENCHMARKS.md.

wordllama is loaded from the files inside its wheel with downloads disabled; run this
under ``HF_HUB_OFFLINE=1 unshare -rn`` to prove it needs no network.
"""

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import conftest  # noqa: E402,F401  (makes livechat_iconic.lib importable without Odoo)

from livechat_iconic.lib import suggest  # noqa: E402


def _metrics(rankings, questions):
    n = len(questions)
    p3 = sum(
        suggest.precision_at(r, set(q["answers"])) for r, q in zip(rankings, questions, strict=True)
    )
    h3 = sum(suggest.hit_at(r, set(q["answers"])) for r, q in zip(rankings, questions, strict=True))
    mrr = 0.0
    for ranked, question in zip(rankings, questions, strict=True):
        for rank, key in enumerate(ranked, 1):
            if key in question["answers"]:
                mrr += 1 / rank
                break
    return p3 / n, h3 / n, mrr / n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "tests/data/suggest_labelled.json"))
    args = parser.parse_args()
    data = json.loads(Path(args.data).read_text())
    snippets, questions = data["snippets"], data["questions"]

    bm25 = suggest.Bm25Index()
    for snippet in snippets:
        bm25.add(snippet["id"], suggest.tokenize(snippet["text"]))
    started = time.perf_counter()
    suggest.shared_model()
    load_s = time.perf_counter() - started
    embedding = suggest.EmbeddingIndex(suggest.embed)  # what the addon runs
    embedding.add_many([(s["id"], s["text"]) for s in snippets])

    results = {}
    timing = {}
    for name in ("bm25", "wordllama", "hybrid"):
        rankings = []
        started = time.perf_counter()
        for question in questions:
            if name == "bm25":
                hits = bm25.search(suggest.tokenize(question["question"]), limit=10)
            elif name == "wordllama":
                hits = embedding.search(question["question"], limit=10)
            else:
                hits = suggest.hybrid_rank(
                    bm25.search(suggest.tokenize(question["question"]), limit=len(snippets)),
                    embedding.search(question["question"], limit=len(snippets)),
                    limit=10,
                )
            rankings.append([key for key, _score in hits])
        timing[name] = (time.perf_counter() - started) / len(questions) * 1000
        results[name] = _metrics(rankings, questions)

    print(
        f"{len(questions)} questions, {len(snippets)} snippets; {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; wordllama loaded in {load_s:.2f} s\n"
    )
    print("| ranker | precision@3 | hit@3 | MRR@10 | ms per question |")
    print("|---|---|---|---|---|")
    for name, (p3, h3, mrr) in results.items():
        print(f"| {name} | {p3:.3f} | {h3:.3f} | {mrr:.3f} | {timing[name]:.2f} |")


if __name__ == "__main__":
    main()
