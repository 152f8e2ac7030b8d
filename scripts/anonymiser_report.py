"""Print the anonymiser's recall per identifier type and overall precision on the labelled corpus.

Usage: python scripts/anonymiser_report.py [path/to/corpus.jsonl]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.privacy import IDENTIFIER_TYPES  # noqa: E402
from matcher.privacy.evaluation import load_corpus, score  # noqa: E402

DEFAULT_CORPUS = ROOT / "tests" / "privacy" / "corpus.jsonl"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    examples = load_corpus(path)
    started = time.perf_counter()
    scores = score(examples)
    elapsed = time.perf_counter() - started
    with_ids = sum(1 for ex in examples if ex.expected)
    print(f"corpus: {path} ({len(examples)} sentences, {with_ids} with identifiers, "
          f"{len(examples) - with_ids} without)")
    print(f"{'type':<12}{'expected':>9}{'found':>7}{'recall':>9}")
    for kind in IDENTIFIER_TYPES:
        recall = scores.recall(kind)
        if recall is None:
            continue
        print(f"{kind:<12}{scores.expected[kind]:>9}{scores.recalled.get(kind, 0):>7}{recall:>9.1%}")
    print(f"overall recall: {scores.overall_recall:.1%}")
    print(f"precision: {scores.precision:.1%} ({scores.correct_findings}/{scores.findings} findings correct)")
    print(f"time: {elapsed * 1000:.0f} ms for the corpus")
    if scores.misses:
        print("\nmissed:")
        for text, exp in scores.misses:
            print(f"  {exp.type:<11} {exp.text!r:<28} in {text!r}")
    if scores.false_positives:
        print("\nfalse positives:")
        for text, f in scores.false_positives:
            print(f"  {f.type:<11} {f.text!r:<28} in {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
