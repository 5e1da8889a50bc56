"""The graph page at the size users have: preparation, page size and load time in Chromium.

    python bench/viz.py STORE [STORE …]

For each store: the time to prepare the view (`unkg.graph.view.view_data`, what the server
computes once per store version), the size of the served page (sentences fetched on click) and of
the written page (`unkg viz`, a few sentences per node and edge), and the time from navigation
to a laid-out graph (`unkgViz.ready`) for each page in headless Chromium (/usr/bin/chromium,
Playwright), the served page opened on one year too (``#year=``, the map of that year), plus
one /graph/evidence-sized page of sentences for the most-mentioned node; and the timeline chart
(`unkg.graph.chart`): time to prepare it, its size and the time until its year cursor is set.
Target (issues 19 and 21): each page ready in < 2 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import unkg
from unkg.graph.chart import render_chart
from unkg.graph.sentences import mention_page
from unkg.graph.view import view_data
from unkg.graph.viz import render_html

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
READY = "() => !!(window.unkgViz && window.unkgViz.ready)"
CHART_READY = "() => !!document.querySelector('#active-count[data-active]')"


def ready_seconds(browser, path: Path, hash: str = "", ready: str = READY) -> float:
    """Navigation start to `ready` (by default the end of the layout: unkgViz.ready)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    start = time.perf_counter()
    page.goto(path.as_uri() + hash)
    while not page.evaluate(ready):
        time.sleep(0.02)
    took = time.perf_counter() - start
    page.close()
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stores", nargs="+")
    ap.add_argument("--year", type=int, default=1995, help="the year the pages open on")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for folder in args.stores:
            store = unkg.open_store(folder, read_only=True)
            t = time.perf_counter()
            view = view_data(store)
            prepared = time.perf_counter() - t
            g = view[0]
            served = render_html(store, view=view, evidence_url="graph/evidence")
            t = time.perf_counter()
            written = render_html(store, view=view)
            sampled = time.perf_counter() - t
            top = max(g.nodes, key=lambda n: g.nodes[n].get("mentions", 0), default=None)
            t = time.perf_counter()
            if top:
                mention_page(store, top, limit=10)
            one_page = time.perf_counter() - t
            print(
                f"{folder}: {len(store)} quads, {len(store.report_slugs())} reports; "
                f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
            )
            print(f"  view prepared in {prepared:.1f} s; written-page samples {sampled:.1f} s")
            print(f"  10 sentences of the most-mentioned node: {one_page:.2f} s")
            for name, html in (("served", served), ("written", written)):
                path = Path(tmp) / f"{name}.html"
                path.write_text(html, "utf-8")
                size = len(html.encode()) / 1e6
                ready = ready_seconds(browser, path)
                print(f"  {name} page: {size:.2f} MB, ready in {ready:.2f} s")
            year = ready_seconds(browser, Path(tmp) / "served.html", f"#year={args.year}")
            print(f"  served page opened on #year={args.year}: ready in {year:.2f} s")
            t = time.perf_counter()
            chart = render_chart(store)
            drawn = time.perf_counter() - t
            path = Path(tmp) / "chart.html"
            path.write_text(chart, "utf-8")
            ready = ready_seconds(browser, path, f"#year={args.year}", CHART_READY)
            print(
                f"  timeline chart: prepared in {drawn:.1f} s, {len(chart.encode()) / 1e6:.2f} MB,"
                f" ready in {ready:.2f} s"
            )
        browser.close()


if __name__ == "__main__":
    main()
