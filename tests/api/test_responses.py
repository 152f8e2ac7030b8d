"""FastJSONResponse writes the same JSON as the standard encoder, and refuses what is not JSON."""

from __future__ import annotations

import json
import math

import pytest
from fastapi.responses import JSONResponse
from hypothesis import given
from hypothesis import strategies as st

from matcher.api.responses import FastJSONResponse

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
