"""HTML pages: every character of the page's text ends up in the text, in linear time."""

from __future__ import annotations

import sys
import time
from html import escape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.extract.html_text import MAX_DEPTH, flatten_deep, html_text
from unkg.extract.read import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
try:
    import hostile
finally:
    sys.path.pop(0)


def chars(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(
    ("markup", "blocks"),
    [
        ("<body>直接在正文中<p>段落</p></body>", ["直接在正文中", "段落"]),
        ("<div>div 的文字<p>段落</p>之后</div>", ["div 的文字", "段落", "之后"]),
        ("<section>节</section><span>行内</span>", ["节", "行内"]),
        ("<p>第一行<br>第二行<br/>第三行</p>", ["第一行\n第二行\n第三行"]),
        ("一<br>二", ["一\n二"]),
        ("<ul><li>自己的<ul><li>嵌套</li></ul>尾</li></ul>", ["自己的", "嵌套", "尾"]),
        ("<blockquote>引用<p>段</p></blockquote>", ["引用", "段"]),
        ("<table><tr><td>格<p>段</p></td><td>二</td></tr></table>", ["格", "段", "二"]),
        ("<div>只有</div><div>div<div>的页面</div></div>", ["只有", "div", "的页面"]),
        ("<p>a <b>bold</b> word\n across lines</p>", ["a bold word across lines"]),
    ],
)
def test_text_outside_and_around_blocks_is_kept(markup, blocks):
    assert html_text(markup).split("\n\n") == blocks


def test_scripts_styles_comments_and_head_are_not_text():
    markup = (
        "<html><head><title>题</title><style>p{}</style></head><body><script>var a='x'"
        "</script><!-- 注释 --><noscript>无</noscript><template>模</template>正文</body></html>"
    )
    assert html_text(markup) == "正文"


def test_a_page_made_only_of_divs_is_read(tmp_path):
    doc = read_bytes("<div><div>联合国马里稳定团在马里。</div></div>".encode(), "divs.html")
    assert doc.text == "联合国马里稳定团在马里。"


# -- every character: generated pages ----------------------------------------------------------

WORDS = st.text(alphabet="联合国马里稳定团abcXYZ0123.,;:()", min_size=1, max_size=12)
INLINE = ("span", "b", "i", "em")
BLOCK = ("div", "p", "section", "blockquote", "article")


def nodes(depth: int = 0) -> st.SearchStrategy[str]:
    """A fragment of HTML: text, inline and block elements, lists, tables and breaks."""
    text = WORDS.map(escape)
    if depth >= 4:
        return text
    child = st.deferred(lambda: nodes(depth + 1))
    body = st.lists(child, max_size=4).map("".join)
    return st.one_of(
        text,
        st.just("<br>"),
        st.tuples(st.sampled_from(INLINE), body).map(lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),
        st.tuples(st.sampled_from(BLOCK), body).map(lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),
        st.lists(body, min_size=1, max_size=3).map(
            lambda items: "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        ),
        st.lists(body, min_size=1, max_size=3).map(
            lambda cells: "<table><tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr></table>"
        ),
    )


def visible(markup: str) -> str:
    """The characters of the text nodes of a generated fragment, in order (no markup)."""
    import re
    from html import unescape

    return chars(unescape(re.sub(r"<[^>]*>", "", markup)))


@settings(max_examples=150, deadline=None)
@given(st.lists(nodes(), min_size=1, max_size=6).map("".join))
def test_every_character_of_a_generated_page_is_in_the_text(fragment):
    assert chars(html_text(f"<html><body>{fragment}</body></html>")) == visible(fragment)


# -- linear time ------------------------------------------------------------------------------


def test_deep_nesting_is_flattened_not_lost():
    markup = "<div>" * 2000 + "底" + "</div>" * 2000
    flat = flatten_deep(markup)
    assert flat.count("<div>") == MAX_DEPTH and flat.count("</div>") == MAX_DEPTH
    assert html_text(markup) == "底"


@pytest.mark.parametrize(
    ("page", "size"),
    [
        (lambda n: hostile.nested_html("blockquote", n), 100_000),
        (lambda n: hostile.nested_html("ul", n), 20_000),
        (lambda n: hostile.nested_html("div", n), 100_000),
        (lambda n: hostile.many_paragraphs_html(n), 50_000),
    ],
    ids=["blockquote", "li", "div", "p"],
)
def test_hostile_pages_are_read_in_linear_time(page, size):
    """n and 4n in the same test: a quadratic reader takes 16 times as long, a linear one 4;
    the bound (8) leaves room for noise. Nesting 100,000 deep took over 60 s before. CPU time,
    the best of three reads: on a loaded machine wall time counts other processes' turns."""

    def timed(n: int) -> float:
        markup = page(n).decode()
        best = float("inf")
        for _ in range(3):
            t = time.process_time()
            text = html_text(markup)
            best = min(best, time.process_time() - t)
        assert "深" in text or "联合国" in text
        return best

    small, large = timed(size // 4), timed(size)
    assert large < 10, large
    assert large < 8 * small + 0.5, (small, large)
