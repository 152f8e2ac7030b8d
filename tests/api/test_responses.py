"""FastJSONResponse writes the same JSON as the standard encoder, and refuses what is not JSON."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from fastapi.responses import JSONResponse
from hypothesis import given
from hypothesis import strategies as st

from matcher.api.responses import FastJSONResponse
from matcher.scoring import CareResult, CriterionScore
from matcher.search.schemas import SEARCH_ANSWER_JSON, SearchAnswer, SearchAnswerData

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


def _data(response: JSONResponse) -> object:
    return json.loads(bytes(response.body))


@given(json_values)
def test_the_same_data_as_the_standard_encoder(value: object) -> None:
    assert _data(FastJSONResponse(value)) == _data(JSONResponse(value))


def test_text_saying_nan_is_fine_but_a_nan_is_refused() -> None:
    body = {"evidence": "NaN and Infinity are words here", "score": 0.5}
    assert _data(FastJSONResponse(body)) == body
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError, match="not JSON compliant"):
            FastJSONResponse({"score": bad})


@dataclasses.dataclass
class _Criterion:
    criterion: str
    score: float


@given(st.text(), st.floats(allow_nan=False, allow_infinity=False))
def test_dataclasses_are_written_as_their_fields(name: str, score: float) -> None:
    content = {"criteria": [_Criterion(name, score)], "took_ms": 1.5}
    plain = {"criteria": [{"criterion": name, "score": score}], "took_ms": 1.5}
    assert _data(FastJSONResponse(content)) == _data(JSONResponse(plain))


def test_a_nan_inside_a_dataclass_is_refused() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        FastJSONResponse({"criteria": [_Criterion("NaN", math.nan)]})


def test_a_nan_in_a_search_answer_is_refused() -> None:
    criterion = CriterionScore("location", math.nan, 0.5, "2.0 km")
    care = CareResult("org", "A provider", 0.5, 2.0, 3, [criterion])
    answer = SearchAnswerData([care], [], [], {}, [], {"location": 1.0}, 1.0, None)
    with pytest.raises(ValueError, match="not JSON compliant"):
        FastJSONResponse(answer, writer=SEARCH_ANSWER_JSON)
    criterion.score = 0.25
    written = _data(FastJSONResponse(answer, writer=SEARCH_ANSWER_JSON))
    assert written == SearchAnswer.model_validate(answer, from_attributes=True).model_dump(mode="json")
