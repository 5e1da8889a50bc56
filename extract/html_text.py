"""The text of an HTML report: every piece of visible text, in blocks as the page shows them.

One walk over the parsed page, with an explicit stack (no recursion, so nesting depth does
not matter, and each node is visited once, so time is linear in the page). A block element
starts and ends a block; text directly inside `body`, a `div` or a `section`, the own text
of an `li` or `td` around a nested list, and text between `<br>`s is kept like any other.
Scripts, styles, templates and comments are not text of the report. Block elements nested
deeper than `MAX_DEPTH` are flattened first, because the parser is quadratic in depth.
"""

from __future__ import annotations

import re

# Elements that start a new block where they open and where they close (HTML's block-level
# and table elements); everything else is inline and joins the text around it.
_NESTING = (  # block elements that nest (their end tag is required)
    "address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset|figcaption|"
    "figure|footer|header|hgroup|main|menu|nav|ol|section|summary|table|ul"
)
_BLOCKS = frozenset(
    {
        *_NESTING.split("|"),
        *("body", "caption", "dd", "dt", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr"),
        *("html", "li", "p", "pre", "tbody", "td", "tfoot", "th", "thead", "tr"),
    }
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "-comment", "!doctype"})
_SPACES = re.compile(r"\s+")
# The HTML parsing algorithm looks through every open element for each block start tag, so
# 100,000 nested divs take minutes. Like Blink (which caps the tree at 512 levels), tags
# deeper than this are flattened before parsing: each becomes a line break, its text stays.
MAX_DEPTH = 512
_NESTING_TAG = re.compile(rf"<(/?)(?:{_NESTING})\b[^>]*>", re.IGNORECASE)
_LINE = "\n"  # a <br>; source line breaks are spaces like any other white space


class _Blocks:
    """The blocks found so far and the inline text of the one being read."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.inline: list[str] = []

    def end(self) -> None:
        if not self.inline:
            return
        lines = (" ".join(line.split()) for line in "".join(self.inline).split(_LINE))
        if value := "\n".join(line for line in lines if line):
            self.blocks.append(value)
        self.inline.clear()


def flatten_deep(markup: str, limit: int = MAX_DEPTH) -> str:
    """`markup` with the nesting block tags deeper than `limit` replaced by `<br>` (one
    linear pass over the tags; an unmatched end tag is left to the parser)."""
    depth = 0

    def tag(match: re.Match[str]) -> str:
        nonlocal depth
        if not match.group(1):
            depth += 1
            return match.group(0) if depth <= limit else "<br>"
        if depth == 0:
            return match.group(0)
        depth -= 1
        return match.group(0) if depth < limit else "<br>"

    return _NESTING_TAG.sub(tag, markup)


def html_text(markup: str) -> str:
    """The page's blocks joined by blank lines; a `<br>` inside a block is a line break."""
    from selectolax.lexbor import LexborHTMLParser

    root = LexborHTMLParser(flatten_deep(markup)).root
    out = _Blocks()
    stack = [(root, False)] if root is not None else []
    while stack:
        node, closing = stack.pop()
        if closing:  # the end of a block element
            out.end()
            continue
        tag = node.tag
        if tag == "-text":
            out.inline.append(_SPACES.sub(" ", node.text_content or ""))
        elif tag == "br":
            out.inline.append(_LINE)
        elif tag in _SKIP or tag is None:
            continue
        else:
            if tag in _BLOCKS:
                out.end()
                stack.append((node, True))
            children = list(node.iter(include_text=True))
            stack.extend((child, False) for child in reversed(children))
    out.end()
    return "\n\n".join(out.blocks)
