"""Full postcodes are found and cut to their district; districts alone are allowed."""

from __future__ import annotations

import pytest
from faker.providers.address.en_GB import Provider

from matcher.privacy import POSTCODE, anonymise, find_postcodes, normalise_postcode, postcode_district

EDGE_CASES = ["EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA", "LE11 3TU"]


@pytest.mark.parametrize("postcode", EDGE_CASES)
def test_every_format_is_found(postcode: str) -> None:
    findings = find_postcodes(f"Lives near {postcode} now.")
    assert [(f.type, f.text) for f in findings] == [(POSTCODE, postcode)]
    assert findings[0].replacement == postcode.split()[0]


@pytest.mark.parametrize(
    ("text", "district"), [("le113tu", "LE11"), ("LE11  3TU", "LE11"), ("ec1a1bb", "EC1A")]
)
def test_case_and_spacing_tolerant(text: str, district: str) -> None:
    (finding,) = find_postcodes(f"at {text}.")
    assert finding.text == text
    assert finding.replacement == district


@pytest.mark.parametrize(("text", "district"), [("LE11-3TU", "LE11"), ("ec1a-1bb", "EC1A"), ("M1-1AE", "M1")])
def test_halves_joined_by_a_hyphen_are_a_postcode(text: str, district: str) -> None:
    """Found by an outside tester: "LE11-3TU" reached providers whole."""
    (finding,) = find_postcodes(f"Lives at {text} now.")
    assert (finding.text, finding.replacement) == (text, district)
    assert anonymise(f"Lives at {text} now.")[0] == f"Lives at {district} now."


@pytest.mark.parametrize(
    "text", ["code QQ11-3TU", "code KK1-1AB", "ref LEI-2027-014", "LE11--3TU", "LE11-3T"]
)
def test_hyphenated_codes_that_are_no_postcode_are_not_found(text: str) -> None:
    assert find_postcodes(text) == []


@pytest.mark.parametrize("text", ["He lives in LE11.", "The M1 2nd exit", "score AB1 1CI", "Year 10 pupils"])
def test_non_postcodes_not_found(text: str) -> None:
    assert find_postcodes(text) == []


@pytest.mark.parametrize("text", ["LEI-ae00ae", "ref xy12ab", "AE0 0AE", "KK1 1AB"])
def test_letters_that_name_no_postcode_area_are_not_a_postcode(text: str) -> None:
    """Found by a random case code in CI: "LEI-ae00ae" was refused as the postcode "AE0 0AE"."""
    assert find_postcodes(text) == []


def test_every_postcode_area_faker_knows_is_found() -> None:
    """Faker's en_GB list of areas is written apart from ours; every one of them is an area here."""
    missed = [area for area in Provider.POSTAL_ZONES if not find_postcodes(f"at {area}1 1AB")]
    assert missed == []


def test_redaction_keeps_the_district() -> None:
    redacted, _ = anonymise("Moved to LE1 5WW last year.")
    assert redacted == "Moved to LE1 last year."


def test_normalise_and_district() -> None:
    assert normalise_postcode("le113tu") == "LE11 3TU"
    assert normalise_postcode(" le11 ") == "LE11"
    assert normalise_postcode("not a postcode") is None
    assert normalise_postcode("QQ1 1AA") is None
    assert postcode_district("le11 3tu") == "LE11"
    assert postcode_district("EC1A 1BB") == "EC1A"
    with pytest.raises(ValueError, match="postcode"):
        postcode_district("hello")
