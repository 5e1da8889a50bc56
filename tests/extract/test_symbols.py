import pytest

from unkg.extract.symbols import find_symbols
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
