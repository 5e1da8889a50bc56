"""A mission's years: the reference dates first, the mandate acts where the reference data
has none."""

from __future__ import annotations

from unkg.graph.periods import mission_acts, period, periods


def act(kind: str, date: str = "", until: str = "") -> dict[str, str]:
    return {"act": kind, "date": date, "until": until}


def test_reference_dates_are_cut_to_years_and_win_over_acts():
    assert period("1992-03", "1995-12", []) == (1992, 1995)
    assert period("2010-07-01", "", [act("extended", "2023", "2024-12-20")]) == (2010, None)
    # a report that dates the termination elsewhere moves nothing (unkg info lists it)
    assert period("1999-11", "2010-06", [act("terminated", "2012")]) == (1999, 2010)


def test_acts_bound_a_mission_the_reference_data_does_not_date():
    assert period("", "", [act("established", "2004"), act("terminated", "2006-12-31")]) == (
        2004,
        2006,
    )
    assert period("", "", [act("established", "2004"), act("extended", "2005", "2007-06")]) == (
        2004,
        2007,
    )
    assert period("", "", [act("established", "2004")]) == (2004, None)  # still running
    assert period("", "", [act("extended")]) == (None, None)  # an undated act dates nothing


def test_periods_leave_out_what_nothing_dates():
    details = {"a": {"start": "1948-06", "end": ""}, "b": {}, "c": {"iso3": "COD"}}
    acts = {"d": [act("established", "1960")]}
    assert periods(details, acts) == {"a": (1948, None), "d": (1960, None)}


def test_mission_acts_of_the_example_store(example_store):
    monusco = "https://w3id.org/unkg/id/mission/MONUSCO"
    acts = mission_acts(example_store, [monusco])
    assert list(acts) == [monusco]
    assert [(a["act"], a["pred"]) for a in acts[monusco]] == [
        ("established", "establishedBy"),
        ("extended", "mandateExtendedBy"),
    ]
    slug = next(r.slug for r in example_store.reports() if r.identifier == "A/78/744")
    assert mission_acts(example_store, [monusco], report=slug) == {}
    assert set(mission_acts(example_store)) >= {monusco}
