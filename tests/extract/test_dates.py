"""The document's own date (`unkg.extract.dates`), from header lines we write ourselves."""

import pytest

from unkg.extract.dates import MONTHS, own_date


@pytest.mark.parametrize(
    ("head", "date"),
    [
        (["Resolution 999 (1987) of 3 March 1987"], "1987-03-03"),
        (["一九七八年十二月十四日"], "1978-12-14"),
        (["[2021年5月6日]"], "2021-05-06"),
        (["Date:", "7 June 2001"], "2001-06-07"),
        (["22-Oct-99"], "1999-10-22"),
        (["March 4, 2010"], "2010-03-04"),
        (["31 February 2010"], None),  # no such day: an OCR slip, not a date
        (["32 March 2010"], None),
        (["Some title", "no date here"], None),
    ],
)
def test_a_header_line_that_is_only_a_date_dates_the_document(head, date):
    assert own_date("\n".join(head), head) == date


def test_an_adoption_line_in_the_opening_wins_over_a_header_date():
    opening = "1 January 2000\nAdopted by the Security Council at its 9999th meeting, on 2 May 2001"
    assert own_date(opening, ["1 January 2000"]) == "2001-05-02"


def test_months_are_numbered_from_january():
    assert MONTHS["january"] == 1 and MONTHS["december"] == 12 and len(MONTHS) == 12
