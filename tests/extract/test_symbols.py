import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.extract.symbols import (
    _EN_SESSION,
    _HINT,
    _HINT_ASCII,
    _HINT_WORD,
    _RESOLUTION_NUMBER,
    _has_hint,
    _matches_at,
    _resolution_numbers,
    _session_heads,
    find_symbols,
    symbol_year,
)
from unkg.extract.textnorm import match_text


def keys(text: str) -> list[str]:
    return [m.key for m in find_symbols(match_text(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("安全理事会第 2690(2023)号决议", ["S/RES/2690(2023)"]),
        ("第2690（2023）号决议", ["S/RES/2690(2023)"]),
        ("大会第 77/302 号决议", ["A/RES/77/302"]),
        ("大会第 [77/302](#) 号决议", ["A/RES/77/302"]),
        ("第 1325(2000)号决议", ["S/RES/1325(2000)"]),
        ("第 2320(2016)号和第 2378(2017)号决议", ["S/RES/2320(2016)", "S/RES/2378(2017)"]),
        ("第 2320(2016)、2378(2017)号决议", ["S/RES/2320(2016)", "S/RES/2378(2017)"]),
        ("S/2021/1042", ["S/2021/1042"]),
        ("(A/77/19)", ["A/77/19"]),
        ("S/PRST/2022/6", ["S/PRST/2022/6"]),
        ("ST/SGB/2019/8 和 ST/AI/2023/3", ["ST/SGB/2019/8", "ST/AI/2023/3"]),
        ("S/RES/1925 (2010)", ["S/RES/1925(2010)"]),
        ("人权理事会第 43/1 号决议", ["A/HRC/RES/43/1"]),
        ("大会第 77/555 号决定", ["A/DEC/77/555"]),
        ("Security Council resolution 2690 (2023)", ["S/RES/2690(2023)"]),
        ("resolutions 2320 (2016) and 2378 (2017)", ["S/RES/2320(2016)", "S/RES/2378(2017)"]),
        ("General Assembly resolution 77/302", ["A/RES/77/302"]),
        ("A/77/573/Add.1", ["A/77/573/Add.1"]),
    ],
)
def test_references_normalize_to_symbols(text, expected):
    assert sorted(keys(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text", ["COVID-19 大流行", "A/B 测试", "2023 年 6 月 30 日", "第 5 段", "8 000 名"]
)
def test_no_symbol_in_ordinary_text(text):
    assert keys(text) == []


def test_matched_text_is_the_written_reference():
    text = "根据第 2690（2023）号决议和 S/2023/282，"
    found = list(find_symbols(match_text(text)))
    assert sorted(m.key for m in found) == ["S/2023/282", "S/RES/2690(2023)"]
    for m in found:
        written = match_text(text[m.start : m.end]).replace(" ", "")
        assert m.key.endswith(written)


def own_keys(text: str, own: str | None) -> list[str]:
    return [m.key for m in find_symbols(match_text(text), own)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lists: run together, with dates between the members, with their parts
        ("回顾第301(1971)302(1971)号决议", ["S/RES/301(1971)", "S/RES/302(1971)"]),
        (
            "第301(1971)、302(1971)号和第310(1972)号决议",
            ["S/RES/301(1971)", "S/RES/302(1971)", "S/RES/310(1972)"],
        ),
        (
            "its resolutions 301 (1971) of 2 May, 302(1971) of 9 June 1971, "
            "and 310 (1972) of 1 July 1972",
            ["S/RES/301(1971)", "S/RES/302(1971)", "S/RES/310(1972)"],
        ),
        ("报告(S/2010/77和Corr.1)", ["S/2010/77", "S/2010/77/Corr.1"]),
        ("report (S/9001 and Corr. 1 and Add. 2)", ["S/9001", "S/9001/Corr.1", "S/9001/Add.2"]),
        # header forms
        ("安理会主席声明2011年第7号", ["S/PRST/2011/7"]),
        ("RESOLUTION 305 (1971)", ["S/RES/305(1971)"]),
        ("Press Release SC/7001", ["SC/7001"]),
        ("S/RES/0305 (1971)", ["S/RES/305(1971)"]),
        ("305 (1971). Resolution of 3 May 1971", ["S/RES/305(1971)"]),
        ("三〇五(一九七一).一九七一年五月三日决议案", ["S/RES/305(1971)"]),
        ("61/250. 某某特派团经费的筹措", ["A/RES/61/250"]),
        # Chinese numerals and General Assembly sessions
        ("决议案六十二(一九四九)", ["S/RES/62(1949)"]),
        ("决议案三〇五(一九七一)", ["S/RES/305(1971)"]),
        ("大会决议案一五一四(十五)", ["A/RES/1514(XV)"]),
        ("决议案一二三四(紧特二)", ["A/RES/1234(ES-II)"]),
        ("its resolution 1000 (ES-I) of 5 November 1956", ["A/RES/1000(ES-I)"]),
        ("大会第1800(S-IV)号决议", ["A/RES/1800(S-IV)"]),
        ("大会第1800(SIV)号决议", ["A/RES/1800(S-IV)"]),  # a copy that lost the hyphen
        ("2100(2013)号决议\n2013年4月25日安全理事会通过", ["S/RES/2100(2013)"]),
        ("第61/99 A号决议", ["A/RES/61/99A"]),
        # a year given apart from the number
        ("by its resolution 2100 of 25 April 2013", ["S/RES/2100(2013)"]),
        ("its Resolution 2100 (April 2013)", ["S/RES/2100(2013)"]),
        ("2013年4月25日第2100号决议", ["S/RES/2100(2013)"]),
    ],
)
def test_list_header_and_numeral_forms(text, expected):
    assert sorted(keys(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "非洲联盟和平与安全理事会第301(2011)号决定",  # a decision of another council
        "resolution 2100 of the Council",  # no year anywhere: no guess
        "S/RES/2100",  # a Security Council symbol without its year names nothing
        "第2100号决议",
    ],
)
def test_no_resolution_without_its_year_or_from_a_decision(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "联合国安理会第2100号决议",
        "Resolution 2100",
        "Resolution 2100Adopted",
        "决议案二一〇〇",
        "S/RES/2100",
    ],
)
def test_a_reference_without_year_to_the_reports_own_number_is_the_report(text):
    assert own_keys(text, "S/RES/2100(2013)") == ["S/RES/2100(2013)"]
    assert own_keys(text, "S/RES/2101(2013)") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Council extended it in Resolution 2100 (25 April 2013)", ["S/RES/2100(2013)"]),
        ("On 25 April 2013, Resolution 2100 extended the mandate", ["S/RES/2100(2013)"]),
        # web copies whose lines were run together
        (
            "resolutions 301 (1971) of 2 May1971, 302(1971) of9 June 1971",
            ["S/RES/301(1971)", "S/RES/302(1971)"],
        ),
    ],
)
def test_a_day_and_month_with_the_year(text, expected):
    assert keys(text) == expected


@pytest.mark.parametrize(
    ("symbol", "year"),
    [
        ("S/RES/186(1964)", "1964"),
        ("S/2001/1128", "2001"),  # a letter to or from the Security Council
        ("S/PRST/2002/37", "2002"),
        ("S/2019/485/Corr.1", "2019"),
        ("A/RES/53/228", None),  # a session, not a year
        ("SC/15341", None),
        ("A/75/1", None),
    ],
)
def test_the_year_a_symbol_carries(symbol, year):
    assert symbol_year(symbol) == year


@pytest.mark.parametrize(
    ("text", "own", "keys"),
    [
        # no digit beside a slash or a bracket: only the word tells that a reference is there
        ("recalling RESOLUTION 231 of the Council", "S/RES/231(1966)", ["S/RES/231(1966)"]),
        ("under resolution 1533, the Group", "S/RES/1533(2004)", ["S/RES/1533(2004)"]),
        ("under Resolutioon 1533, the Group", "S/RES/1533(2004)", ["S/RES/1533(2004)"]),
        ("under resolution 1533, the Group", None, []),
        # the session pattern keeps its word boundary, now checked after the word's letter
        (
            "General Assembly resolution 77/302 and decision 77/555",
            None,
            ["A/RES/77/302", "A/DEC/77/555"],
        ),
        ("its Resolutions 77/302, 77/303", None, ["A/RES/77/302", "A/RES/77/303"]),
        ("irresolution 77/302", None, []),
        ("Xdecision 77/555", None, []),
    ],
)
def test_english_words_of_a_reference_found_without_scanning_every_letter(text, own, keys):
    assert [m.key for m in find_symbols(match_text(text), own)] == keys


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("146 (1960). Resolution of 2 May", ["S/RES/146(1960)"]),
        ("Adopted.\n\t 146 (1960). Resolution of 2 May", ["S/RES/146(1960)"]),
        ("通过。\n一八六(一九六四).一九六四年三月四日决议案", ["S/RES/186(1964)"]),
        ("通过。\n  1312(2000)号决议", ["S/RES/1312(2000)"]),
        ("Adopted. 146 (1960). Resolution of 2 May", []),  # not at a line's start
    ],
)
def test_numbered_headings_found_at_the_start_of_any_line(text, keys):
    assert [m.key for m in find_symbols(match_text(text))] == keys


def test_resolution_lists_read_from_where_each_resolution_word_stands():
    text = "resolutions 2320 (2016) and 2378 (2017), resolution 997 (ES-I) and resolution 1533"
    found = [m.key for m in find_symbols(match_text(text), "S/RES/1533(2004)")]
    assert found == ["S/RES/2320(2016)", "S/RES/2378(2017)", "A/RES/997(ES-I)", "S/RES/1533(2004)"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="12 /(（)\n第决议案a", max_size=24))
def test_the_ascii_hint_pattern_agrees_with_the_full_one(text):
    """In an ASCII text `_has_hint` uses a pattern of ASCII classes: it finds a hint where
    the full pattern does."""
    if text.isascii():
        assert (_HINT_ASCII.search(text) is not None) == (_HINT.search(text) is not None)
        assert _has_hint(text) == (
            _HINT.search(text) is not None or _HINT_WORD.search(text) is not None
        )


# fmt: off
_SESSION_PIECES = [
    "resolution", "Resolution", "resolutions", "decision", "Decisions", "RESOLUTION", "esolution",
    "r", "d", "D", "x", " ", ", ", " and ", ", and ", "12", "/", "57", "S-", "A", "B", "\n",
    "ecision",
]
# fmt: on


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SESSION_PIECES), max_size=16))
def test_session_references_are_tried_only_where_their_words_start(pieces):
    """_EN_SESSION tried at the letter before each "esolution" and "ecision" finds what it finds
    scanning the whole text."""
    text = "".join(pieces)
    found = [m.span() for m in _matches_at(_EN_SESSION, text, _session_heads(text))]
    assert found == [m.span() for m in _EN_SESSION.finditer(text)]


# fmt: off
_RESOLUTION_PIECES = [
    "resolution", "Resolution", "RESOLUTION", "resolutioon", "resolutions", "rEsOlUtIoN", "R",
    "r", "e", "solutio", "Nations", " ", "\n", "12", "1545", "(2004)", "x", "reſolution", "é",
]
# fmt: on


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_RESOLUTION_PIECES), max_size=16))
def test_resolution_words_before_numbers_are_found_where_the_pattern_finds_them(pieces):
    """`_resolution_numbers` (tried only at each "esolutio" of an ASCII text) gives the starts
    that _RESOLUTION_NUMBER finds scanning the whole text."""
    text = "".join(pieces)
    assert _resolution_numbers(text) == [m.start() for m in _RESOLUTION_NUMBER.finditer(text)]
