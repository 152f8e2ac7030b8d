"""The pages' words for the search's codes: every exclusion reason has words, and near misses read as a
sentence that names the candidate and never a field."""

from __future__ import annotations

from matcher import vocab
from matcher.web import _words as words


def test_every_exclusion_reason_has_words_that_are_not_its_code() -> None:
    for reason in vocab.EXCLUSION_REASONS:
        said = words.exclusion(reason)
        assert said
        assert "_" not in said
        assert said[0].isupper()
    assert words.exclusion("pbs_below_required") == "PBS level below what is needed"


def test_every_decline_reason_gender_and_age_band_has_words() -> None:
    assert set(words.DECLINE_REASON_WORDS) == set(vocab.DECLINE_REASONS)
    assert set(words.GENDER_WORDS) == set(vocab.GENDERS)
    assert set(words.AGE_BAND_WORDS) == set(vocab.AGE_BANDS)
    assert words.decline_reason("other") == "another reason"
    assert words.gender("male") == "Male"
    assert words.gender(None) == "Prefer not to say"
    assert words.age_band(None) == "Not given"


def test_near_misses_read_as_sentences_without_field_names() -> None:
    assert (
        words.near_miss(
            "Two-bedroom bungalow, Shepshed",
            "41.7 km from Loughborough, limit 40 km",
            "max_distance_km were 42",
        )
        == "Two-bedroom bungalow, Shepshed: 41.7 km from Loughborough; it would fit with a 42 km limit"
    )
    assert words.would_fit("max_weekly_rent were 260") == "it would fit with a £260 weekly rent limit"
    assert (
        words.would_fit("must_have did not include wet_room")
        == "it would fit if wet room were not a must-have"
    )
    assert words.would_fit("min_bedrooms were 1") == "it would fit if 1 bedroom were enough"
    assert "_" not in words.would_fit("min_accessibility were C")
    assert "_" not in words.would_fit("some_new_field were 3")
    provider = words.near_miss(
        "Oakfield Support",
        "Loughborough is 3.2 km outside its nearest service area, Leicester (radius 30 km)",
        "its Leicester service area reached 34 km (now 30 km) to cover Loughborough",
    )
    assert provider.startswith("Oakfield Support: Loughborough is 3.2 km outside")
    assert provider.endswith(
        "it would fit if its Leicester service area reached 34 km (now 30 km) to cover Loughborough"
    )


def test_a_homes_town_is_not_repeated() -> None:
    assert words.home_name("Two-bedroom bungalow, Shepshed", "Shepshed") == "Two-bedroom bungalow, Shepshed"
    assert words.home_name("Garden flat", "Shepshed") == "Garden flat, Shepshed"
    assert words.home_name("Garden flat", None) == "Garden flat"
