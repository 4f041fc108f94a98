"""Publication dates normalised to ISO-8601; unreadable ones become None."""

from __future__ import annotations

import pytest

from rasid.ingest._dates import normalise_published


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-01-25", "2024-01-25"),
        ("2018-02-18T21:35:43+04:00", "2018-02-18T21:35:43+04:00"),
        ("2018-02-18T21:35:43Z", "2018-02-18T21:35:43+00:00"),
        ("2018-02-18T21:35:43.250", "2018-02-18T21:35:43.250000"),
        ("2015-07-21 02:51:32", "2015-07-21T02:51:32"),
        ("Sun, 18 Feb 2018 21:35:43 +0400", "2018-02-18T21:35:43+04:00"),
        ("Mon, 26 Mar 2018 10:00:00 GMT", "2018-03-26T10:00:00+00:00"),
        ("18 Feb 2018 21:35:43 -0500", "2018-02-18T21:35:43-05:00"),
        ("12/06/2020", "2020-06-12"),
        ("12-06-2020", "2020-06-12"),
        ("1.6.2020 14:05", "2020-06-01T14:05:00"),
        ("06/25/2020", "2020-06-25"),  # cannot be day-first: month-first is the only reading
        ("2020/06/12", "2020-06-12"),
        ("٢٠٢٤-٠١-٢٥", "2024-01-25"),
        (1519000000, "2018-02-19T00:26:40+00:00"),
        (1519000000000, "2018-02-19T00:26:40+00:00"),
        ("1519000000", "2018-02-19T00:26:40+00:00"),
    ],
)
def test_accepted_forms(raw: object, iso: str) -> None:
    assert normalise_published(raw) == iso


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "yesterday", "منذ ساعتين", "2024-13-01", "31/02/2020", "0000-01-01", None, True,
     [], {"date": "2020-01-01"}, "9999-01-01", "Sun, 99 Foo 2018"],
)
def test_unreadable_dates_are_none(raw: object) -> None:
    assert normalise_published(raw) is None
