"""How long the viewer takes to open at 200, 2,000 and 10,000 claims (edges), in headless Chromium.

Not a test: prints a table and each size's ratio to the 200-edge case measured in the same run.

    .venv/bin/python benchmarks/bench_viewer.py [--sizes 200,2000,10000] [--repeat 3]

Columns (milliseconds, medians over the repeats; browser times from performance.now()):
    render    Python: render_html(corpus) → str
    parsed    page: navigation start → the JSON data parsed
    network   page: data parsed → vis.Network built (datasets, tooltips, controls)
    stabilise page: network built → physics stabilised and switched off
    draw      page: navigation start → first frame drawn
    ready     wall clock from page.goto() to window.geokg.ready
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from viewer_samples import synthetic_corpus  # noqa: E402

from graph.viewer import render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COLUMNS = ("render", "parsed", "network", "stabilise", "draw", "ready")


def measure(browser, path: Path) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
    )
    started = time.perf_counter()
    page.goto(path.as_uri())
    # The page's CSP forbids eval, so wait on a selector rather than wait_for_function.
    page.wait_for_selector("body[data-state='ready']", state="attached", timeout=600_000)
    ready = (time.perf_counter() - started) * 1000
    t = page.evaluate("window.geokg.timings")
    while "firstDraw" not in t:
        time.sleep(0.01)
        t = page.evaluate("window.geokg.timings")
    context.close()
    return {
        "parsed": t["parsed"],
        "network": t["created"] - t["parsed"],
        "stabilise": t["stabilized"] - t["created"],
        "draw": t["firstDraw"],
        "ready": ready,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]

    from playwright.sync_api import sync_playwright

    render_html(synthetic_corpus(10))  # read the assets once, outside the timings
    rows: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in sizes:
            corpus = synthetic_corpus(size)
            started = time.perf_counter()
            page = render_html(corpus, title=f"bench {size}")
            render_ms = (time.perf_counter() - started) * 1000
            path = Path(tmp) / f"bench-{size}.html"
            path.write_text(page, encoding="utf-8")
            runs = [measure(browser, path) for _ in range(options.repeat)]
            rows[size] = {"render": render_ms} | {
                key: statistics.median(run[key] for run in runs) for key in runs[0]
            }
            print(
                f"{size:>6} claims, {len(corpus.entities):>5} actors, "
                f"{len(page) / 1e6:.1f} MB page: ready in {rows[size]['ready']:.0f} ms",
                file=sys.stderr,
            )
        browser.close()

    base = rows[sizes[0]]
    print(f"{'edges':>6} {'actors':>6} " + " ".join(f"{c:>10}" for c in COLUMNS) + "   ratio")
    for size in sizes:
        row = rows[size]
        actors = len(synthetic_corpus(size).entities)
        ratio = row["ready"] / base["ready"] if base["ready"] else float("nan")
        print(
            f"{size:>6} {actors:>6} "
            + " ".join(f"{row[c]:>10.0f}" for c in COLUMNS)
            + f"   {ratio:5.1f}x"
        )


if __name__ == "__main__":
    main()
