"""The text of an HTML report: the readable blocks of its page, one paragraph each."""

from __future__ import annotations

_BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, td, th, caption, figcaption, blockquote, pre, dt, dd"


def html_text(markup: str) -> str:
    """The page's blocks joined by blank lines (scripts, styles and templates left out)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    blocks = []
    for node in tree.css(_BLOCKS):
        if len(node.css(_BLOCKS)) > 1:  # the node itself and more: its children speak for it
            continue
        value = " ".join(node.text(separator=" ").split())
        if value:
            blocks.append(value)
    return "\n\n".join(blocks)
