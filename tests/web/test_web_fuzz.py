"""No input makes the API answer 500: Hypothesis on the search query syntax, and schemathesis
generating requests from the OpenAPI spec for every endpoint (skipped where not installed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _web_support import TOKEN, TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.web import create_app

WORDS = ["التطعيم", "البصرة", "الحداد", "OR", "-", '"', "*", "NEAR", "(", ")", ":", "^", "AND",
         "NOT", "-الحملة", '"الحملة', "طفل", "١٢٠", "ـ", "\u064b", "x", "\x00", " "]
QUERY = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map("".join),
    st.text(max_size=80),
)
DATE = st.one_of(st.none(), st.sampled_from(["2023", "2023-03", "2023-03-05", "2023-13",
                                             "03/2023", "", "2023-03-05T10:00:00Z"]),
                 st.text(max_size=12))


@pytest.fixture(scope="module")
def fuzz_client(example_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(example_db)), raise_server_exceptions=False) as c:
        yield c


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERY, since=DATE, until=DATE, limit=st.integers(-2, 120))
def test_search_never_500(fuzz_client: TestClient, q: str, since: str | None,
                          until: str | None, limit: int) -> None:
    params: dict[str, Any] = {"q": q, "limit": limit}
    if since is not None:
        params["since"] = since
    if until is not None:
        params["until"] = until
    response = fuzz_client.get("/api/search", params=params)
    assert response.status_code in (200, 400, 422), (params, response.text)
    body = response.json()
    if response.status_code != 200:
        assert body["error"] and body["detail"]
    page = fuzz_client.get("/search", params=params)
    assert page.status_code in (200, 400, 422), (params, page.text[:300])


schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")


def test_openapi_operations_never_500(writable_db: Path) -> None:
    """Every operation of /openapi.json, with requests generated from its schema, with and
    without the token (so the upload path is fuzzed as far as the pipeline)."""
    app = create_app(str(writable_db), token=TOKEN, max_body_bytes=100_000)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):
                response = case.call(headers=headers)
                assert response.status_code < 500, (case.method, case.formatted_path,
                                                     response.text[:300])
                kind = str(response.headers.get("content-type", ""))
                if "application/json" in kind and response.status_code >= 400:
                    body = response.json()
                    assert "error" in body and "detail" in body, body

        check()
