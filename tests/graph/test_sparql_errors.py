"""SPARQL syntax errors: position, the line with a caret, and the likely mistake named."""

import pyoxigraph as ox
import pytest

from unkg.graph.sparql_errors import explain
from unkg.ontology.namespace import PREFIXES


def message(query: str, **kw) -> str:
    with pytest.raises(SyntaxError) as info:
        ox.Store().query(query, prefixes=PREFIXES)
    return explain(query, str(info.value), PREFIXES, **kw)


def caret_column(text: str) -> int:
    """The terminal column of the caret on the last line."""
    return text.splitlines()[-1].index("^")


def test_misspelt_query_form():
    text = message("SELEC ?x WHERE { ?x ?p ?o }")
    assert text.startswith("`SELEC` is not a SPARQL keyword; did you mean SELECT?")
    assert "line 1, column 1:" in text and "  SELEC ?x WHERE { ?x ?p ?o }" in text
    assert caret_column(text) == 2  # under the misspelt word, not where the parser gave up
    text = message("PREFIX ex: <http://e/>\n# a comment\nCONSTRCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert "did you mean CONSTRUCT?" in text and "line 3, column 1:" in text


def test_unknown_prefix_names_it_and_the_declared_ones():
    query = "PREFIX ex: <http://e/>\nSELECT ?x WHERE {\n  ?x foo:bar ?o .\n}"
    text = message(query)
    assert text.startswith("unknown prefix `foo:`; declared: ")
    assert "declared: ex, " in text and "mission" in text and "unkg" in text
    assert "line 3" in text
    line, caret = text.splitlines()[-2:]
    assert line == "    ?x foo:bar ?o ." and caret.index("^") == line.index("foo:")
    assert "line 3, column 6:" in text


def test_prefix_inside_strings_iris_and_comments_is_not_a_prefix():
    query = 'SELECT * WHERE { # x:y\n ?s rdfs:label "a:b 联合国" ; <http://e/c:d> ?o ; bad:x ?o }'
    text = message(query)
    assert text.startswith("unknown prefix `bad:`")


def test_column_counts_characters_not_bytes():
    query = 'SELECT * WHERE { ?s rdfs:label "联合国" ; bad:x ?o }'
    text = message(query)
    column = int(text.split("column ", 1)[1].split(":", 1)[0])
    assert column <= len(query) + 1
    # the caret is under the line as a terminal draws it (a CJK character is two columns wide)
    assert caret_column(text) == 2 + query.index("bad:x") + 3


def test_an_update_sent_as_a_query():
    for update in ("INSERT DATA { <http://a> <http://b> <http://c> }", "WITH <http://g> DELETE {}"):
        text = message(update)
        assert text.startswith("this is an update, not a query: POST it to /sparql as `update=`")
        assert "Bearer" in text
    assert "unkg query" in message("DELETE WHERE { ?s ?p ?o }", update_hint="use unkg query")


def test_other_errors_keep_the_parser_words_without_unicode_ranges():
    text = message("PREFIX ex: <http://x#>\nSELECT * WHERE { ?s a ex:X . ?s ?p }")
    assert text.startswith("expected one of") and "line 2, column" in text
    assert "\\u{" not in text and len(text.splitlines()[0]) < 260
