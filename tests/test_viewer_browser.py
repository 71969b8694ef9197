"""The viewer in headless Chromium with every network request blocked.

Each page is opened from a file:// URL; any request to anything else is aborted and counted,
and every test ends by asserting there were none, and no console or page errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from viewer_samples import PAYLOADS, hostile_corpus, sample_corpus

from graph.records import Corpus
from graph.viewer import render_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is missing (apt-get install chromium, or .ci/run)",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@dataclass
class Viewer:
    """An open viewer page and everything it tried to do that it should not."""

    page: object
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: object = None):
        return self.page.evaluate(expression, arg)

    def assert_clean(self) -> None:
        assert self.blocked == [], "requests left the page"
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []

    def visible_claims(self) -> set[str]:
        return set(self.js("window.geokg.visibleClaims()"))

    def visible_actors(self) -> set[str]:
        return set(self.js("window.geokg.visibleActors()"))

    def claim_id(self, subject: str, relation: str, obj: str) -> str:
        return self.js(
            "([s, r, o]) => window.geokg.data.claims.find("
            "c => c.s === s && c.r === r && c.o === o).id",
            [subject, relation, obj],
        )

    def node_point(self, node: str) -> tuple[float, float]:
        """Page coordinates of a node's centre."""
        point = self.js(
            """(id) => {
            const net = window.geokg.network;
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById('graph').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
            node,
        )
        return point[0], point[1]

    def edge_point(self, edge: str) -> tuple[float, float]:
        """Page coordinates of a point on the edge where no node or other edge is hit."""
        point = self.js(
            """(id) => {
            const net = window.geokg.network;
            const edge = window.geokg.edges.get(id);
            const pos = net.getPositions([edge.from, edge.to]);
            const a = net.canvasToDOM(pos[edge.from]);
            const b = net.canvasToDOM(pos[edge.to]);
            const box = document.getElementById('graph').getBoundingClientRect();
            for (let step = 0; step <= 40; step += 1) {
              const t = 0.5 + (step % 2 ? 1 : -1) * Math.ceil(step / 2) * 0.01;
              for (let off = -40; off <= 40; off += 2) {
                // walk across the line as well: curved edges leave the straight chord
                const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
                const p = {x: a.x + dx * t - dy / len * off, y: a.y + dy * t + dx / len * off};
                if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === id) {
                  return [box.left + p.x, box.top + p.y];
                }
              }
            }
            return null;
        }""",
            edge,
        )
        assert point, f"no clickable point on edge {edge}"
        return point[0], point[1]

    def click_node(self, node: str) -> None:
        self.page.mouse.click(*self.node_point(node))

    def click_edge(self, edge: str) -> None:
        self.page.mouse.click(*self.edge_point(edge))

    def panel_text(self) -> str:
        return self.page.locator("#panel").inner_text()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_viewer(browser, tmp_path: Path):
    contexts = []

    def open_(corpus_or_path: Corpus | Path, title: str = "geokg") -> Viewer:
        if isinstance(corpus_or_path, Path):
            path = corpus_or_path
        else:
            path = tmp_path / f"viewer-{len(contexts)}.html"
            path.write_text(render_html(corpus_or_path, title=title), encoding="utf-8")
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        viewer = Viewer(page)

        def route(route):
            url = route.request.url
            if url.startswith(("file://", "data:")):
                route.continue_()
            else:
                viewer.blocked.append(url)
                route.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and viewer.console_errors.append(m.text))
        page.on("pageerror", lambda e: viewer.page_errors.append(str(e)))

        def dialog(d):
            viewer.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(path.resolve().as_uri())
        # The page's CSP forbids eval, which wait_for_function's polling needs: wait on the
        # attribute the viewer sets once its layout has settled.
        page.wait_for_selector("body[data-state='ready']", state="attached", timeout=60_000)
        return viewer

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def sample(open_viewer) -> Viewer:
    return open_viewer(sample_corpus(), title="Korea–Russia")


# ---------------------------------------------------------------- loading and counts


def test_page_loads_offline_and_draws_the_actors(sample: Viewer) -> None:
    corpus = sample_corpus()
    assert sample.js("window.geokg.nodes.length") == len(corpus.entities)
    assert sample.js("window.geokg.edges.length") == len(corpus.claims)
    hidden = {c.id for c in corpus.claims if not c.truthy}
    assert len(hidden) == 3
    assert sample.visible_claims() == {c.id for c in corpus.claims} - hidden
    assert sample.page.locator("#counts").inner_text() == "14 of 14 actors · 12 of 15 claims shown"
    assert sample.page.locator("#title").inner_text() == "Korea–Russia"
    assert sample.js("document.querySelectorAll('script[src], link, img, iframe').length") == 0
    # physics ran a bounded number of iterations and was then switched off
    assert sample.js("window.geokg.network.physics.physicsEnabled") is False
    assert sample.page.locator("#legend").inner_text().count("cooperation") == 2
    sample.assert_clean()


# ---------------------------------------------------------------- the panel


def test_clicking_a_node_shows_names_offices_wikidata_and_claims(sample: Viewer) -> None:
    sample.click_node("kim-jong-un")
    assert sample.page.locator("#panel-title").inner_text() == "Kim Jong Un"
    text = sample.panel_text()
    for expected in (
        "the North Korean leader",
        "North Korea (PRK)",
        "GOV (government)",
        "Q56226",
        "meets",
        "Vladimir Putin",
        "provides military aid to",
    ):
        assert expected in text
    link = sample.page.locator("#panel a", has_text="Q56226")
    assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q56226"
    assert "noopener" in link.get_attribute("rel")

    sample.click_node("sergei-shoigu")
    text = sample.panel_text()
    assert "Sergueï Choïgou" in text and "defence minister" in text and "OFFICES" in text
    assert sample.page.locator("#panel a").count() == 0  # no Wikidata id: no link
    sample.page.mouse.move(*sample.node_point("vladimir-putin"))
    tooltip = sample.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert "Vladimir Putin" in tooltip.inner_text()
    sample.assert_clean()


def test_clicking_an_edge_shows_the_evidence(sample: Viewer) -> None:
    met = sample.claim_id("kim-jong-un", "meets", "vladimir-putin")
    sample.click_edge(met)
    assert sample.page.locator("#panel-title").inner_text() == "Kim Jong Un meets Vladimir Putin"
    marks = sample.page.locator("#panel blockquote").first
    assert marks.locator("mark.mark-subject").inner_text() == "Kim"
    assert marks.locator("mark.mark-object").inner_text() == "Vladimir Putin"
    assert "to discuss military matters" in marks.inner_text()
    text = sample.panel_text()
    for expected in (
        "040",
        "CONSULT",
        "verbal cooperation",
        "KCNA",
        "2023-09-13",
        "0.90",
        "The New American",
        "Angeline Tan",
        "Kim tours Russian fleet",
        "2 articles, 2 sentences",
        "affirmed",
        "actual",
    ):
        assert expected in text, expected
    link = sample.page.locator("#panel a", has_text="North Korea Deepens Ties")
    assert link.get_attribute("href").startswith("https://thenewamerican.com/")
    assert sample.page.locator("#panel .evidence").count() == 2
    # the actor buttons in the panel lead on to the actors
    sample.page.locator("#panel button[data-actor='vladimir-putin']").first.click()
    assert sample.page.locator("#panel-title").inner_text() == "Vladimir Putin"
    sample.assert_clean()


def test_keyboard_closes_the_panel_and_walks_search_results(sample: Viewer) -> None:
    page = sample.page
    page.locator("#search").fill("korea")
    page.locator("#search").press("ArrowDown")
    first = page.evaluate("document.activeElement.dataset.actor")
    assert first == "kcna"  # "Korean Central News Agency" starts with the query
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#panel").is_visible()
    assert page.evaluate("document.activeElement.id") == "panel-title"
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    assert page.locator("#panel-close").get_attribute("aria-label") == "Close details"
    sample.assert_clean()


# ---------------------------------------------------------------- finding things


def test_search_finds_actors_by_alias_without_accents(sample: Viewer) -> None:
    page = sample.page
    page.locator("#search").fill("dprk")
    first = page.locator("#search-results button").first
    assert first.get_attribute("data-actor") == "north-korea"
    assert "DPRK" in first.inner_text()
    page.locator("#search").press("Enter")
    assert page.locator("#panel-title").inner_text() == "North Korea"
    assert sample.js("window.geokg.network.getSelectedNodes()") == ["north-korea"]

    page.locator("#search").fill("CHOIGOU")
    assert page.locator("#search-results button").first.get_attribute("data-actor") == (
        "sergei-shoigu"
    )
    page.locator("#search").fill("Kremlin")
    assert page.locator("#search-results button").first.get_attribute("data-actor") == "russia"
    page.locator("#search").fill("zzz nobody")
    assert page.locator("#search-results").inner_text() == "No actor has that name."
    sample.assert_clean()


def test_quad_class_and_relation_filters_hide_edges(sample: Viewer) -> None:
    page = sample.page
    conflict = {
        sample.claim_id("south-korea", "criticizes", "russia"),
        sample.claim_id("ukraine", "accuses", "kim-jong-un"),
    }
    before = sample.visible_claims()
    assert conflict <= before
    page.locator("#quad-list input[data-quad='3']").uncheck()
    assert sample.visible_claims() == before - conflict - {
        sample.claim_id("south-korea", "criticizes", "north-korea")
    }
    assert sample.js("(id) => window.geokg.edges.get(id).hidden", next(iter(conflict))) is True
    assert "9 of 15 claims" in page.locator("#counts").inner_text()
    page.locator("#quad-list input[data-quad='3']").check()
    assert sample.visible_claims() == before

    page.locator("#relation-list input[data-relation='meets']").uncheck()
    assert sample.claim_id("kim-jong-un", "meets", "vladimir-putin") not in sample.visible_claims()
    page.locator("#relations-none").click()
    assert sample.visible_claims() == set()
    page.locator("#relations-all").click()
    assert sample.visible_claims() == before
    sample.assert_clean()


def test_toggle_shows_negated_and_hypothetical_claims_drawn_apart(sample: Viewer) -> None:
    visit = sample.claim_id("vladimir-putin", "visits", "north-korea")
    aid = sample.claim_id("north-korea", "providesMilitaryAid", "russia")
    assert not {visit, aid} & sample.visible_claims()
    sample.page.locator("#show-hidden").check()
    assert {visit, aid} <= sample.visible_claims()
    edge = sample.js("(id) => window.geokg.edges.get(id)", visit)
    assert edge["label"] == "not · future" and edge["color"]["opacity"] < 0.5
    assert edge["arrows"]["middle"]["type"] == "bar"
    assert sample.js("(id) => window.geokg.edges.get(id).label", aid) == "would"
    sample.click_edge(visit)
    text = sample.panel_text()
    assert "negated" in text and "future" in text and "Dmitry Peskov" in text
    assert "no tangible plans" in text
    sample.page.locator("#show-hidden").uncheck()
    assert not {visit, aid} & sample.visible_claims()
    sample.assert_clean()


def test_date_range_narrows_claims_and_undated_can_be_excluded(sample: Viewer) -> None:
    page = sample.page
    dated = sample.js("window.geokg.data.claims.filter(c => c.date).map(c => [c.id, c.date])")
    undated = sample.visible_claims() - {cid for cid, _ in dated}
    assert undated  # structural claims and the Ukrainian accusation carry no date
    date_from = page.locator("#date-from")
    date_from.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.locator("#date-from-out").inner_text() == "2023-09-15"
    visible = sample.visible_claims()
    assert all(date >= "2023-09-15" for cid, date in dated if cid in visible)
    assert sample.claim_id("kim-jong-un", "meets", "vladimir-putin") not in visible
    assert sample.claim_id("oleg-kozhemyako", "providesMilitaryAid", "kim-jong-un") in visible
    assert undated <= visible
    page.locator("#date-to").focus()
    page.keyboard.press("ArrowLeft")
    assert page.locator("#date-to-out").inner_text() == "2023-09-17"
    page.locator("#undated").uncheck()
    assert sample.visible_claims() and not undated & sample.visible_claims()
    sample.assert_clean()


def test_country_filter(sample: Viewer) -> None:
    sample.page.locator("#country").select_option("UKR")
    assert sample.visible_claims() == {
        sample.claim_id("ukraine", "accuses", "kim-jong-un"),
        sample.claim_id("ukrainian-partisans", "attacks", "russian-ministry-of-defence"),
    }
    assert sample.visible_actors() == {
        "ukraine",
        "kim-jong-un",
        "ukrainian-partisans",
        "russian-ministry-of-defence",
    }
    sample.assert_clean()


def test_focus_mode_and_reset(sample: Viewer) -> None:
    page = sample.page
    assert page.locator("#focus").is_disabled()
    sample.click_node("vladimir-putin")
    page.locator("#focus").click()
    assert page.locator("#focus").get_attribute("aria-pressed") == "true"
    assert sample.visible_actors() == {"vladimir-putin", "kim-jong-un"}
    assert "Vladimir Putin and its neighbours" in page.locator("#focus-note").inner_text()
    page.locator("#show-hidden").check()  # the negated visit to North Korea joins the focus
    assert sample.visible_actors() == {"vladimir-putin", "kim-jong-un", "north-korea"}
    page.locator("#focus").click()
    assert len(sample.visible_actors()) == 14
    sample.js("window.geokg.focus('kcna')")  # a source with no edges of its own
    assert sample.visible_actors() == {"kcna"}

    page.locator("#country").select_option("RUS")
    page.locator("#reset").click()
    assert sample.js("window.geokg.state().focus") is None
    assert page.locator("#country").input_value() == ""
    assert not page.locator("#show-hidden").is_checked()
    assert page.locator("#counts").inner_text() == "14 of 14 actors · 12 of 15 claims shown"
    assert page.locator("#panel").is_hidden()
    sample.assert_clean()


def test_every_claim_is_reachable_from_an_actor_panel(sample: Viewer) -> None:
    listed = sample.js("""() => {
        const ids = new Set();
        for (const actor of window.geokg.data.actors) {
          window.geokg.selectNode(actor.id);
          document.querySelectorAll('#panel [data-claim]').forEach(b => ids.add(b.dataset.claim));
        }
        return [...ids];
    }""")
    assert set(listed) == {c.id for c in sample_corpus().claims}
    sample.assert_clean()


# ---------------------------------------------------------------- hostile text


def _poke_everything(viewer: Viewer) -> None:
    """Hover and click every node and edge, open every panel, press every control."""
    page = viewer.page
    page.locator("#show-hidden").check()
    for node in viewer.js("window.geokg.data.actors.map(a => a.id)"):
        page.mouse.move(*viewer.node_point(node))
        page.wait_for_timeout(250)  # let the tooltip appear
        viewer.click_node(node)
        for button in page.locator("#panel-body button").all():
            if button.is_visible():
                button.click()
    for claim in viewer.js("window.geokg.visibleClaims()"):
        page.mouse.move(*viewer.edge_point(claim))
        page.wait_for_timeout(250)
        viewer.click_edge(claim)
    for claim in viewer.js("window.geokg.data.claims.map(c => c.id)"):
        viewer.js("(id) => window.geokg.selectEdge(id)", claim)
        for mark in page.locator("#panel mark, #panel code, #panel .doc-title").all():
            mark.hover()
    controls = page.locator("#controls input[type=checkbox], #controls button:not([disabled])")
    for control in controls.all():
        if not control.is_visible():
            continue
        control.click()
        if control.get_attribute("type") == "checkbox":
            control.click()  # and back, so the next controls still have something to show
    page.locator("#search").fill("alias")
    for result in page.locator("#search-results button").all():
        result.click()
    page.locator("#country").select_option(index=1)
    page.locator("#date-from").focus()
    page.keyboard.press("ArrowRight")
    page.locator("#reset").click()


def _assert_nothing_ran(viewer: Viewer) -> None:
    assert viewer.js("window.__pwned") is None
    assert viewer.js("document.querySelectorAll('script').length") == 3
    assert viewer.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert viewer.js("""[...document.querySelectorAll('a')].every(a =>
        a.protocol === 'https:' || a.protocol === 'http:')""")
    assert viewer.js("""[...document.querySelectorAll('*')].every(el =>
        [...el.attributes].every(at => !at.name.startsWith('on')))""")
    viewer.assert_clean()


def test_hostile_text_stays_text(open_viewer) -> None:
    viewer = open_viewer(hostile_corpus(), title=PAYLOADS[0])
    page = viewer.page
    assert page.title() == PAYLOADS[0]
    assert page.locator("#title").inner_text() == PAYLOADS[0]
    page.mouse.move(*viewer.node_point("bravo"))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert f"bravo {PAYLOADS[1]}" in tooltip.inner_text()
    _poke_everything(viewer)
    _assert_nothing_ran(viewer)

    viewer.js("window.geokg.selectNode('alpha')")
    assert page.locator("#panel-title").inner_text() == f"alpha {PAYLOADS[0]}"
    assert f"alias {PAYLOADS[0]}" in viewer.panel_text()
    assert "<b>GOV</b>" in viewer.panel_text()
    claim = viewer.claim_id("alpha", "meets", "bravo")
    viewer.js("(id) => window.geokg.selectEdge(id)", claim)
    text = viewer.panel_text()
    for payload in PAYLOADS[:4]:
        assert payload in text
    assert f"Address (not a web link): {PAYLOADS[4]}" in text
    assert page.locator("#panel mark.mark-subject").inner_text() == f"alpha {PAYLOADS[0]}"
    assert page.locator("#panel mark.mark-object").inner_text() == f"bravo {PAYLOADS[1]}"
    assert "role <script>" in text
    _assert_nothing_ran(viewer)


def _built(tmp_path: Path, article: Path) -> Path:
    """The graph.html of a real build, or skip while the pipeline's stages are unfinished."""
    pipeline = pytest.importorskip("graph.pipeline")
    from graph.settings import Settings

    out = tmp_path / "out"
    try:
        pipeline.build([article], out, Settings(quiet=True))
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(("graph.", "en_core")):
            raise
        pytest.skip(f"the pipeline is not complete yet: {exc}")
    return out / "graph.html"


def test_hostile_article_built_end_to_end(open_viewer, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"Title {PAYLOADS[0]} {PAYLOADS[1]}\n\n"
        f"Written by Evil {PAYLOADS[2]} on September 18, 2023\n\n"
        f"North Korea's leader Kim Jong Un met Russian President Vladimir Putin {PAYLOADS[3]} "
        "on September 13.\n\n"
        f'"We will stand together {PAYLOADS[1]}," Kim said. South Korea condemned Russia '
        f"{PAYLOADS[2]} for its ties with North Korea.\n",
        encoding="utf-8",
    )
    viewer = open_viewer(_built(tmp_path, article))
    assert viewer.js("window.geokg.nodes.length") > 0
    _poke_everything(viewer)
    _assert_nothing_ran(viewer)


def test_seed_article_page(open_viewer, request: pytest.FixtureRequest) -> None:
    pytest.importorskip("graph.pipeline")
    viewer = open_viewer(request.getfixturevalue("seed_output") / "graph.html")
    labels = set(viewer.js("window.geokg.data.actors.map(a => a.label)"))
    assert {"Kim Jong Un", "Vladimir Putin", "North Korea", "Russia"} <= labels
    claim = viewer.js("window.geokg.visibleClaims()[0]")
    viewer.click_edge(claim)
    assert viewer.page.locator("#panel blockquote").count() >= 1
    viewer.page.locator("#search").fill("DPRK")
    assert viewer.page.locator("#search-results button").count() >= 1
    viewer.assert_clean()


def test_empty_corpus_opens_cleanly(open_viewer) -> None:
    viewer = open_viewer(Corpus(documents=(), claims=()), title="empty")
    assert viewer.page.locator("#counts").inner_text() == "0 of 0 actors · 0 of 0 claims shown"
    assert viewer.page.locator("#date-from").is_disabled()
    viewer.page.locator("#reset").click()
    viewer.assert_clean()
