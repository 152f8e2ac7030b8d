"""Measure the rapidfuzz threshold the spreadsheet import uses to read free text as vocabulary codes.

Misspellings are generated at random (seeded), not picked by hand: each spelling of each code (the code
with spaces, the readable label) gets one or two random edits (a letter dropped, doubled, swapped with its
neighbour or replaced by a neighbouring key) and a random case. Values that should NOT be read as any code
of the vocabulary are the codes of the other vocabularies, and random strings. For each threshold the
script prints how many misspellings are read right, read wrong or refused, and how many non-values are
wrongly accepted; it names the threshold of lowest cost, where a value read as the wrong code or a non-value
accepted (silently wrong data) costs SILENT_COST and a refused misspelling (reported to the landlord, who
fixes the cell) costs 1.

    .venv/bin/python scripts/measure_fuzzy_threshold.py [--seed 12] [--per-spelling 20]
"""

from __future__ import annotations

import argparse
import random
import string

from matcher import vocab
from matcher.imports.vocabulary import Vocabulary

VOCABULARIES = {
    "property_type": vocab.PROPERTY_TYPES,
    "living_arrangement": vocab.LIVING_ARRANGEMENTS,
    "features": vocab.PROPERTY_FEATURES,
    "assistive_technology": vocab.ASSISTIVE_TECHNOLOGY,
    "tenure": vocab.TENURES,
    "status": vocab.PROPERTY_STATUSES,
    "service_types": vocab.CARE_SERVICE_TYPES,
    "client_groups": vocab.CLIENT_GROUPS,
    "specialists": vocab.SPECIALISTS,
    "communication": vocab.COMMUNICATION,
}
SILENT_COST = 5
KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def neighbours(letter: str) -> str:
    for row in KEYBOARD:
        if letter in row:
            i = row.index(letter)
            return row[max(0, i - 1) : i] + row[i + 1 : i + 2]
    return string.ascii_lowercase


def edit(text: str, rng: random.Random) -> str:
    if len(text) < 2:
        return text
    i = rng.randrange(len(text))
    kind = rng.choice(["drop", "double", "swap", "replace"])
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "swap" and i < len(text) - 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice(neighbours(text[i].lower())) + text[i + 1 :]


def recase(text: str, rng: random.Random) -> str:
    return rng.choice([str.lower, str.upper, str.title, str.capitalize])(text)


def samples(rng: random.Random, per_spelling: int) -> list[tuple[str, str, str | None]]:
    """(vocabulary, typed text, expected code or None)."""
    out: list[tuple[str, str, str | None]] = []
    for name, codes in VOCABULARIES.items():
        for code in codes:
            for spelling in sorted({code.replace("_", " "), vocab.label(code)}):
                for _ in range(per_spelling):
                    typed = spelling
                    for _ in range(rng.choice([1, 1, 2])):
                        typed = edit(typed, rng)
                    out.append((name, recase(typed, rng), code))
        others = [c for other, cs in VOCABULARIES.items() if other != name for c in cs if c not in codes]
        for other in rng.sample(others, min(len(others), 40)):
            out.append((name, other.replace("_", " "), None))
        for _ in range(40):
            length = rng.randint(4, 14)
            out.append((name, "".join(rng.choice(string.ascii_lowercase) for _ in range(length)), None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--per-spelling", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    data = samples(rng, args.per_spelling)
    positives = sum(1 for _, _, expected in data if expected)
    negatives = len(data) - positives
    print(f"{positives} generated misspellings, {negatives} values that match no code (seed {args.seed})")
    print(f"{'threshold':>9} {'right':>7} {'wrong':>6} {'refused':>8} {'accepted non-values':>20} "
          f"{'cost':>6}")
    best: tuple[int, float] | None = None
    thresholds = sorted({float(t) for t in range(50, 100, 5)} | {72.0, 78.0, 82.0, 88.0})
    for threshold in thresholds:
        readers = {name: Vocabulary(codes, threshold) for name, codes in VOCABULARIES.items()}
        right = wrong = refused = accepted = 0
        for name, typed, expected in data:
            code = readers[name].read(typed).code
            if expected is None:
                accepted += code is not None
            elif code == expected:
                right += 1
            elif code is None:
                refused += 1
            else:
                wrong += 1
        mistakes = SILENT_COST * (wrong + accepted) + refused
        print(f"{threshold:9.0f} {right:7d} {wrong:6d} {refused:8d} {accepted:20d} {mistakes:6d}")
        if best is None or mistakes < best[0]:
            best = (mistakes, threshold)
    assert best is not None
    print(f"lowest cost at threshold {best[1]:.0f} (cost {best[0]}; {len(data)} values)")


if __name__ == "__main__":
    main()
