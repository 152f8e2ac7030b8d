"""A cell that says a home lacks something is never read as the thing it lacks ("no garden" is not
`enclosed_garden`), and a label that is itself negative ("No shared walls") still reads as its code."""

from __future__ import annotations

import httpx
import pytest

from matcher import vocab
from matcher.imports.accessibility import read_accessibility
from matcher.imports.vocabulary import vocabulary
from tests.factories import Factory
from tests.imports.helpers import IMPORT_URL, csv_file, home_row, upload


@pytest.mark.parametrize("text", ["no garden", "not level access", "without wet room", "non level access",
                                  "no staff bedroom", "not near shops", "No-garden", "shared walls"])
def test_a_feature_said_with_the_opposite_meaning_is_not_read_as_that_feature(text: str) -> None:
    reading = vocabulary(vocab.PROPERTY_FEATURES).read(text)
    assert reading.code is None, reading
    assert reading.problem
    assert text in reading.problem


@pytest.mark.parametrize("text", ["no shared walls", "No shared walls", "no_shared_walls", "no shared wall",
                                  "No-Shared-Walls"])
def test_a_negative_label_still_reads_as_its_code(text: str) -> None:
    assert vocabulary(vocab.PROPERTY_FEATURES).read(text).code == "no_shared_walls"


@pytest.mark.parametrize(("codes", "text"), [
    (vocab.ASSISTIVE_TECHNOLOGY, "no telecare"), (vocab.ASSISTIVE_TECHNOLOGY, "not door sensors"),
    (vocab.TENURES, "not social rent"), (vocab.LIVING_ARRANGEMENTS, "not shared"),
    (vocab.LIVING_ARRANGEMENTS, "unshared"), (("available", "let", "withdrawn"), "not available"),
    (("available", "let", "withdrawn"), "unavailable"), (vocab.CLIENT_GROUPS, "no autism"),
])
def test_every_vocabulary_refuses_a_negated_value(codes: tuple[str, ...], text: str) -> None:
    assert vocabulary(codes).read(text).code is None


@pytest.mark.parametrize("text", ["not wheelchair accessible throughout", "assessed", "not lifetime homes"])
def test_accessibility_words_with_the_opposite_meaning_are_not_read(text: str) -> None:
    assert read_accessibility(text).letter is None


def test_accessibility_words_that_are_negative_themselves_still_read() -> None:
    assert read_accessibility("not yet assessed").letter == "G"


async def test_the_import_says_a_negated_feature_is_an_error_in_words(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    data = csv_file([home_row("A1", features="no garden; wet room"),
                     home_row("A2", features="not level access"),
                     home_row("A3", features="shared walls"),
                     home_row("A4", features="no shared walls"),
                     home_row("A5", tenure="not social rent", assistive_technology="no telecare")])
    answer = await client.post(f"{IMPORT_URL}?dry_run=true", headers=landlord.headers, **upload(data))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    errors = {(e["row"], e["field"]): e["message"] for e in report["errors"]}
    assert sorted(errors) == [(1, "features"), (2, "features"), (3, "features"), (5, "assistive_technology"),
                              (5, "tenure")]
    assert errors[(1, "features")].startswith("'no garden' says the home does not have it")
    assert "leave" in errors[(2, "features")]
    assert "no_shared_walls" in errors[(3, "features")]
    readings = {(n["row"], n["from"]): n["to"] for n in report["normalised"]}
    assert readings[(4, "no shared walls")] == "no_shared_walls"
    assert not {"enclosed_garden", "level_access"} & set(readings.values())
    assert [r["action"] for r in report["rows"]] == ["error", "error", "error", "create", "error"]
