"""Lines of a report's text (`unkg.extract.lines`)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.extract.lines import split_lines


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\r\n\x0b\x85\u2028\u3000ab.1", max_size=40))
def test_lines_of_a_text_without_page_breaks_are_those_the_page_aware_split_finds(text):
    """A text without form feeds is split with `str.split` (see `split_lines`): a form feed added at
    its end changes none of its lines and takes the split by pattern, which must agree."""
    assert split_lines(text) == split_lines(text + "\f")


def test_lines_after_a_page_break_follow_a_blank():
    text = "one\n\n  two  \r\nthree\fpage\n"
    assert split_lines(text) == [(0, 3, True), (7, 10, True), (14, 19, False), (20, 24, True)]
