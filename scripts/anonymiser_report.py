"""Per-type recall and precision of the anonymiser on the generated held-out corpus and the hand-written one.

Usage: python scripts/anonymiser_report.py [--misses tune|handwritten] [--coverage 0.8] [corpus.jsonl]

The generated corpus (tests/privacy/synthetic.py) has a tune part and a held-out part; only the tune
part's misses can be printed, so nobody tunes the detectors on the held-out texts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.privacy import IDENTIFIER_TYPES, core, names  # noqa: E402
from matcher.privacy.evaluation import Example, Scores, load_corpus, score  # noqa: E402
from tests.privacy import synthetic  # noqa: E402

DEFAULT_CORPUS = ROOT / "tests" / "privacy" / "corpus.jsonl"


def _fmt(value: float | None) -> str:
    return "     -" if value is None else f"{value:6.1%}"


def _print_table(columns: dict[str, Scores]) -> None:
    names = list(columns)
    print(f"{'type':<11}" + "".join(f"{n:>26}" for n in names))
    print(f"{'':<11}" + "".join(f"{'n':>8}{'recall':>9}{'precision':>9}" for _ in names))
    for kind in IDENTIFIER_TYPES:
        row = f"{kind:<11}"
        for scores in columns.values():
            n = scores.expected.get(kind, 0)
            row += f"{n:>8}{_fmt(scores.recall(kind)):>9}{_fmt(scores.type_precision(kind)):>9}"
        print(row)
    row = f"{'all':<11}"
    for scores in columns.values():
        n = sum(scores.expected.values())
        row += f"{n:>8}{_fmt(scores.overall_recall):>9}{_fmt(scores.precision):>9}"
    print(row)
    print(f"{'check this':<11}" + "".join(
        f"{s.doubtful:>8}{'':>9}{'':>9}" for s in columns.values()) + "   (findings shown for a human look)")


def _print_errors(title: str, scores: Scores) -> None:
    print(f"\n{title}: missed")
    for text, exp in scores.misses:
        print(f"  {exp.type:<11} {exp.text!r:<34} in {text!r}")
    print(f"\n{title}: false positives")
    for text, f in scores.false_positives:
        print(f"  {f.type:<11} {f.text!r:<34} in {text!r}")


def _score_with_table_alone(examples: tuple[Example, ...], coverage: float) -> Scores:
    """The same texts with known names' short forms from our own table only (before the public
    `nicknames` dataset was added), for the figures side by side in one run."""
    with_dataset = names._NICKNAMES
    setattr(names, "_NICKNAMES", names._nickname_index(public=False))  # noqa: B010
    names._matches_known.cache_clear()
    try:
        return score(examples, coverage)
    finally:
        setattr(names, "_NICKNAMES", with_dataset)  # noqa: B010
        names._matches_known.cache_clear()


def _score_without_folding(examples: tuple[Example, ...], coverage: float) -> Scores:
    """The same texts with look-alike separators left as they are (before `privacy/separators.py`), for the
    figures side by side in one run."""
    folding = core.fold_separators
    setattr(core, "fold_separators", lambda text: text)  # noqa: B010
    try:
        return score(examples, coverage)
    finally:
        setattr(core, "fold_separators", folding)  # noqa: B010


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--misses", choices=("tune", "handwritten"), help="print that corpus's errors")
    parser.add_argument("--coverage", type=float, default=0.0,
                        help="count an identifier as caught only when findings cover this share of it")
    args = parser.parse_args(argv[1:])
    started = time.perf_counter()
    handwritten = load_corpus(args.corpus)
    held_out = synthetic.held_out()
    tune = synthetic.tune()
    known = synthetic.known_names_any_case()
    own_address = synthetic.own_address_any_case()
    one_case = synthetic.streets_in_one_case()
    short = synthetic.known_short_forms()
    look_alike = synthetic.look_alike_separators()
    columns = {
        f"held-out ({len(held_out)})": score(held_out, args.coverage),
        f"hand-written ({len(handwritten)})": score(handwritten, args.coverage),
        f"tune ({len(tune)})": score(tune, args.coverage),
        f"known names ({len(known)})": score(known, args.coverage),
        f"own address ({len(own_address)})": score(own_address, args.coverage),
        f"one-case streets ({len(one_case)})": score(one_case, args.coverage),
        f"short forms, table ({len(short)})": _score_with_table_alone(short, args.coverage),
        f"short forms ({len(short)})": score(short, args.coverage),
        f"look-alikes, unfolded ({len(look_alike)})": _score_without_folding(look_alike, args.coverage),
        f"look-alikes ({len(look_alike)})": score(look_alike, args.coverage),
    }
    elapsed = time.perf_counter() - started
    rule = "any overlap" if args.coverage <= 0 else f"findings cover {args.coverage:.0%} of it"
    print(f"An identifier counts as caught when {rule}; a finding is correct when it overlaps one of its "
          "type.")
    print(f"hand-written corpus: {args.corpus}; generated: tests/privacy/synthetic.py "
          f"(seeds {synthetic.HELD_OUT_SEED} held-out, {synthetic.TUNE_SEED} tune, "
          f"{synthetic.KNOWN_CASES_SEED} known names in any case, {synthetic.OWN_ADDRESS_SEED} own address "
          f"in any case, {synthetic.ONE_CASE_STREETS_SEED} streets in one case, {synthetic.SHORT_FORMS_SEED} "
          "known names' short forms from the public nicknames dataset, scored with our own table alone "
          f"and with the dataset, {synthetic.LOOK_ALIKE_SEED} look-alike separators, scored without and "
          "with reading them as separators; the last five held out too)\n")
    _print_table(columns)
    total = (len(held_out) + len(handwritten) + len(tune) + len(known) + len(own_address) + len(one_case)
             + 2 * len(short) + 2 * len(look_alike))
    print(f"\ntime: {elapsed:.1f} s for {total} texts, model load included")
    if args.misses == "tune":
        _print_errors("tune", columns[f"tune ({len(tune)})"])
    elif args.misses == "handwritten":
        _print_errors("hand-written", columns[f"hand-written ({len(handwritten)})"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
