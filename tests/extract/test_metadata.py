"""The report's own identity from its header: symbol, kind, date, title, session.

Every text here is written for the test (header forms as UN copies print them, bodies of
our own), never copied from a real document."""

import pytest
from support import DEV_CORPUS

from unkg.extract.lines import is_navigation
from unkg.extract.metadata import (
    english_ordinal,
    from_name,
    from_text,
    missing,
    session_years,
    settle,
)
from unkg.extract.model import ReportMeta
from unkg.extract.read import read_document
from unkg.extract.structure import Structure, is_resolution_text

BODY_ZH = "安全理事会，\n\n回顾其以往各项决议，\n\n1. 决定延长某特派团的任务期限；\n"
BODY_EN = "The Security Council,\n\nRecalling its earlier resolutions,\n\n1. Decides to extend;\n"

HEADERS = [
    # (header text, symbol, kind, date)
    (
        "S/RES/2999 (2031)\n\n2031年5月4日安全理事会第9999次会议通过\n\n" + BODY_ZH,
        "S/RES/2999(2031)",
        "resolution",
        "2031-05-04",
    ),
    (
        "第2998(2031)号决议\n\n安全理事会2031年5月3日第9998次会议通过\n\n" + BODY_ZH,
        "S/RES/2998(2031)",
        "resolution",
        "2031-05-03",
    ),
    (
        "联合国安理会第2997号决议\n2031年5月2日安全理事会第9997次会议通过\n" + BODY_ZH,
        "S/RES/2997(2031)",
        "resolution",
        "2031-05-02",
    ),
    (
        "聯合國安理會決議案九九六\n\n九九六(一九七一).一九七一年五月一日決議案\n\n" + BODY_ZH,
        "S/RES/996(1971)",
        "resolution",
        "1971-05-01",
    ),
    (
        "Resolution 2995 (2031)\n\nAdopted by the Security Council at its 9995th meeting, "
        "on 30 April 2031\n\n" + BODY_EN,
        "S/RES/2995(2031)",
        "resolution",
        "2031-04-30",
    ),
    (
        "RESOLUTION 994 (1971)\n\nAdopted by the Security Council on 29 April (1971)\n\n" + BODY_EN,
        "S/RES/994(1971)",
        "resolution",
        "1971-04-29",
    ),
    (
        "United Nations Security Council Resolution 993\n\nof 28 April 1971\n\n" + BODY_EN,
        "S/RES/993(1971)",
        "resolution",
        "1971-04-28",
    ),
    (
        "联合国安理会主席声明2031年第7号\nS/PRST/2031/7\n\n安全理事会主席在2031年4月27日安全理事会"
        "第9993次会议上，代表安理会发表声明如下：\n“安全理事会欢迎某项进展。”\n",
        "S/PRST/2031/7",
        "presidential statement",
        "2031-04-27",
    ),
    (
        "25-Apr-31\n\nSC/99999\n\nCouncil Extends Mission\n\nThe Council today decided.\n",
        "SC/99999",
        "press release",
        "2031-04-25",
    ),
    (
        "Letter dated 24 April 2031 from the Secretary-General addressed to the President of "
        "the Security Council (S/2031/400)\n\nI have the honour to refer to resolution 2990 "
        "(2031) of 1 January 2031.\n",
        "S/2031/400",
        "letter",
        "2031-04-24",
    ),
    (
        "United Nations\nS/2031/300\n\nSecurity Council\nDistr.: General\n23 April 2031\n\n"
        "Report of the Secretary-General on the situation somewhere\n\n1. Since 2 January 2031 "
        "the mission has worked.\n",
        "S/2031/300",
        "Secretary-General report",
        "2031-04-23",
    ),
    (
        "United Nations\nS/PRST/2031/8\n\nSecurity Council\nDistr.: General\n2 May 2031\n\n"
        "Statement by the President of the Security Council\n\nAt its meeting the Council "
        "recalled its statement of 1 January 2031.\n",
        "S/PRST/2031/8",
        "presidential statement",
        "2031-05-02",
    ),
    (
        "联合国\nS/2031/401\n\n安全理事会\nDistr.: General\n3 May 2031\n\n"
        "2031年5月3日秘书长给安全理事会主席的信\n\n谨提及2031年1月1日第2990(2031)号决议。\n",
        "S/2031/401",
        "letter",
        "2031-05-03",
    ),
    (
        "第八十六届会议\n议程项目 99\n大会决议\n\n86/301. 某特派团经费的筹措\n\n"
        "大会，\n\n审议了报告，\n",
        "A/RES/86/301",
        "resolution",
        None,
    ),
    (
        "联合国\nA/86/1\n\n大会\n正式记录\n第八十六届会议\n\n秘书长关于本组织工作的报告\n\n"
        "[2031年4月22日]\n\n1. 2031年1月3日，本组织继续工作。\n",
        "A/86/1",
        "Secretary-General report",
        "2031-04-22",
    ),
]


@pytest.mark.parametrize(("text", "symbol", "kind", "date"), HEADERS)
def test_header_forms(text, symbol, kind, date):
    meta = from_text(text)
    assert (meta.symbol, meta.kind, meta.date) == (symbol, kind, date)


def test_web_navigation_names_neighbours_not_the_document():
    text = (
        "联合国安理会第2996号决议\n← | 联合国安理会第2995(2031)号决议 | "
        "联合国安理会第2996(2031)号决议 2031年4月21日 |\n"
        "联合国安理会第2997(2031)号决议 |\n|\n" + BODY_ZH
    )
    meta = from_text(text)
    assert (meta.symbol, meta.date, meta.kind) == ("S/RES/2996(2031)", "2031-04-21", "resolution")
    structure = Structure(is_resolution_text(text))
    units = structure.units(text)
    skipped = structure.take_skipped()
    assert {b.reason for b in skipped} == {"web navigation"}
    assert all("2995" not in u.text(text) and "2997" not in u.text(text) for u in units)
    assert "2995" in text[skipped[0].start : skipped[0].end]


def test_a_line_listing_previous_and_current_titles_gives_the_middle_one():
    text = (
        "联合国安理会第2994(2031)号决议 联合国安理会第2995(2031)号决议\n"
        "2031年4月20日安全理事会第9990次会议通过\n联合国安理会第2996(2031)号决议\n" + BODY_ZH
    )
    assert from_text(text).symbol == "S/RES/2995(2031)"


def test_a_markdown_table_row_is_not_navigation():
    assert not is_navigation("| 第2990(2031)号决议 | 2031年 |")
    assert is_navigation("第2990(2031)号决议 |")
    assert is_navigation("← | Resolution 2989 (2031) | Resolution 2990 (2031) |")


def test_a_body_paragraph_never_dates_the_report():
    text = (
        "第八十六届会议\n议程项目 99\n某议程项目的标题\n某报告的标题\n秘书长的报告\n\n"
        "一. 导言\n\n1. 本报告所述期间始于2031年3月17日。\n\n2. Since 17 March 2031 work went on.\n"
    )
    meta = from_text(text)
    assert meta.date is None
    assert (meta.session, meta.agenda_item, meta.years) == ("86", "99", "2031/2032")
    assert meta.kind == "Secretary-General report"
    assert meta.title == "某报告的标题"
    assert "2031/2032" in missing(meta)["date"]
    assert "--symbol" in missing(meta)["symbol"]


def test_english_session_and_agenda_item():
    text = (
        "United Nations\nA/86/300\n\nGeneral Assembly\nDistr.: General\n1 May 2031\n"
        "Eighty-sixth session\nItem 99 of the provisional agenda\nSome agenda title\n"
        "Some report title\nReport of the Secretary-General\n\n1. Body.\n"
    )
    meta = from_text(text)
    assert (meta.symbol, meta.date, meta.session, meta.agenda_item) == (
        "A/86/300",
        "2031-05-01",
        "86",
        "99",
    )
    assert meta.title == "Some report title"


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("A_75_1.pdf", "A/75/1"),
        ("S-2023-282-ZH.docx", "S/2023/282"),
        ("UNMIT_S_2008_501.pdf", "S/2008/501"),
        ("S_2001_983_Corr.1.txt", "S/2001/983/Corr.1"),
        ("en_S_RES_425_1978.txt", "S/RES/425(1978)"),
        ("zh_S_PRST_2015_26.txt", "S/PRST/2015/26"),
        ("en_SC_6742.txt", "SC/6742"),
        ("notes.txt", None),
        ("report_2023.txt", None),
    ],
)
def test_symbol_from_the_file_name(name, symbol):
    assert from_name(name).symbol == symbol


def test_the_text_wins_over_the_file_name_and_the_caller_over_both():
    text = "S/2031/300\n\nReport of the Secretary-General on something\n\n1. Body.\n"
    assert settle(text, "S_2031_111.txt", None).symbol == "S/2031/300"
    assert settle("Some notes.\n", "S_2031_111.txt", None).symbol == "S/2031/111"
    given = settle(text, "S_2031_111.txt", ReportMeta(symbol="S/RES/2999(2031)"))
    assert (given.symbol, given.kind) == ("S/RES/2999(2031)", "resolution")


def test_english_ordinals():
    assert [english_ordinal(w) for w in ("first", "seventy-eighth", "eightieth", "x")] == [
        1,
        78,
        80,
        None,
    ]
    assert session_years(78) == "2023/2024"


REAL = [
    # dev-corpus text (read at run time), symbol, kind, date
    ("zh/zh_S_RES_1246_1999.txt", "S/RES/1246(1999)", "resolution", "1999-06-11"),
    ("zh/zh_S_RES_443_1978.txt", "S/RES/443(1978)", "resolution", "1978-12-14"),
    ("en/en_S_RES_231_1966.txt", "S/RES/231(1966)", "resolution", "1966-12-15"),
    ("zh/zh_S_PRST_2015_26.txt", "S/PRST/2015/26", "presidential statement", "2015-12-31"),
    ("en/en_S_1997_90.txt", "S/1997/90", "Secretary-General report", "1997-01-29"),
    ("en/en_S_2019_485.txt", "S/2019/485", "letter", "2019-06-10"),
    ("en/en_SC_6742.txt", "SC/6742", "press release", "1999-10-22"),
]


@pytest.mark.parametrize(("name", "symbol", "kind", "date"), REAL, ids=[r[0] for r in REAL])
def test_real_documents_of_each_kind(name, symbol, kind, date):
    path = DEV_CORPUS / "raw" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (CI and developers have ../shared beside the repo)")
    document = read_document(path)
    meta = settle(document.text, document.name, None)
    assert (meta.symbol, meta.kind, meta.date) == (symbol, kind, date)


def test_the_seeds_get_their_symbol_and_no_false_date(seed_2020, seed_2023):
    a75 = settle(seed_2020.read_text(encoding="utf-8"), seed_2020.name, None)
    assert (a75.symbol, a75.date, a75.session) == ("A/75/1", "2020-07-24", "75")
    special = settle(seed_2023.read_text(encoding="utf-8"), seed_2023.name, None)
    assert (special.symbol, special.date) == (None, None)  # its paragraph 6 dates nothing
    assert (special.session, special.years, special.agenda_item) == ("78", "2023/2024", "51")
    assert special.kind == "Secretary-General report"
