"""The transparency site in a real browser: Debian's Chromium, driven by Playwright (no browser download),
serving the site from 127.0.0.1. Every page is checked with axe-core (vendored by axe-playwright-python) for
WCAG 2.2 AA, at desktop width and at 320 px, with and without JavaScript, and in print.

Skipped, saying why, when Chromium or Playwright is missing on a developer's machine; in CI (CI=true) they
must be there, and the test fails if not (.ci/run installs them)."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ddtapp.checker.engine import check_file
from ddtapp.force.site import SiteSettings, build_site, write_site
from ddtapp.pack.rulepack import load_pack
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 21)
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = os.environ.get("DDTAPP_SITE_SCREENSHOTS")  # a folder: save screenshots there to look at


def _need(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}; CI must run the browser tests (.ci/run installs it)")
    pytest.skip(f"{what}; install Debian's chromium and `pip install -e '.[browser]'` to run the browser tests")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        _need("no chromium on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The examples' public site (``/public/``) and intranet site (``/internal/``), served on a free port of
    127.0.0.1 while the tests run."""
    out = tmp_path_factory.mktemp("sites")
    pack = load_pack([])
    results = [check_file(p, pack, TODAY) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    logo = ROOT / "tests" / "data" / "site" / "logo.svg"
    for mode in ("public", "internal"):
        settings = SiteSettings(mode=mode, today=TODAY, logo=logo, logo_alt="Northshire")  # type: ignore[arg-type]
        write_site(out / mode, build_site(results, settings))
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/public/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def _page(browser: Any, base: str, width: int, javascript: bool = True) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.outside = outside
    return page


def _axe(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]]


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _shot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_every_page_from_the_index_is_accessible_and_fits(browser, site, width):
    page = _page(browser, site, width)
    page.goto(site + "index.html")
    assert page.title().startswith("Data-driven technologies")
    assert _axe(page) == []
    assert _fits(page), "the index scrolls sideways"
    _shot(page, f"index-{width}")
    links = page.locator("table.tools tbody a")
    assert links.count() == len(list(EXAMPLES.glob("*.yaml")))  # one link per example dossier
    names = [links.nth(i).inner_text() for i in range(links.count())]
    for name in names:
        page.goto(site + "index.html")
        page.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == name
        assert page.get_by_role("heading", name="Tier 1: summary information").count() == 1
        assert _axe(page) == [], name
        assert _fits(page), f"{name} scrolls sideways at {width} px"
        if name == "Northshire LFR":
            _shot(page, f"tool-{width}")
        page.get_by_role("link", name="All data-driven technologies").click()
        page.wait_for_load_state()
    assert page.outside == []  # no request left 127.0.0.1
    page.context.close()


def test_the_filter_works_with_javascript_and_the_list_is_whole_without(browser, site):
    page = _page(browser, site, 1280)
    page.goto(site + "index.html")
    rows = page.locator("table.tools tbody tr")
    total = len(list(EXAMPLES.glob("*.yaml")))
    assert rows.count() == total
    page.get_by_label("Search the list").fill("reoffending")
    assert [rows.nth(i).is_visible() for i in range(total)].count(True) == 1
    assert page.locator("#filter-count").inner_text() == f"1 of {total} shown"
    page.get_by_label("Search the list").fill("")
    page.get_by_label("Phase").select_option("Development")
    assert [rows.nth(i).is_visible() for i in range(total)].count(True) == 1
    assert _axe(page) == []
    page.context.close()
    plain = _page(browser, site, 1280, javascript=False)
    plain.goto(site + "index.html")
    assert not plain.locator("#filter").is_visible()
    assert plain.locator("table.tools tbody tr:visible").count() == len(list(EXAMPLES.glob("*.yaml")))
    plain.context.close()


def test_pages_print(browser, site):
    page = _page(browser, site, 1280)
    page.goto(site + "tools/northshire-lfr.html")
    page.emulate_media(media="print")
    assert not page.locator("nav.contents").is_visible()
    assert page.locator("h2", has_text="Tier 1: summary information").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.context.close()


def test_the_intranet_copy_is_accessible_too(browser, site):
    page = _page(browser, site, 1280)
    internal = site.replace("/public/", "/internal/")
    page.goto(internal + "tools/northshire-lfr.html")
    assert page.get_by_text("Internal.", exact=True).count() == 1
    assert page.locator(".marking-restricted").count() > 0
    assert _axe(page) == []
    _shot(page, "internal-tool-1280")
    page.context.close()


def test_axe_reports_a_violation_when_there_is_one(browser, site):
    """The accessibility check is not blind: an image without a text alternative is reported."""
    page = _page(browser, site, 1280)
    page.goto(site + "index.html")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=assets/x.png>')")
    assert any(v.startswith("image-alt") for v in _axe(page))
    page.context.close()


def test_a_withheld_tier_reads_well_and_passes_axe(browser, tmp_path):
    """A tool whose impact tier is withheld (a fact it rests on is secret): the note in the index's table and
    on the page passes the same checks, at both widths."""
    import copy

    from ddtapp.checker.engine import check_loaded
    from ddtapp.loading.yaml_loader import Loaded, load_file

    data = copy.deepcopy(load_file(ROOT / "examples" / "demand-dashboard.yaml").data)
    data.setdefault("publication", {})["processing.children"] = {"marking": "secret", "exemption": "s31", "reason": "r"}
    result = check_loaded(Loaded("d.yaml", data), load_pack([]), TODAY)
    write_site(tmp_path / "site", build_site([result], SiteSettings(today=TODAY)))
    base = (tmp_path / "site").as_uri() + "/"
    for width in (1280, 320):
        page = _page(browser, base, width)
        page.goto(base + "index.html")
        assert page.locator('td[data-label="Impact"]').inner_text().startswith("Withheld under section 31")
        assert _axe(page) == [] and _fits(page)
        page.locator("table.tools tbody a").first.click()
        page.wait_for_load_state()
        assert "it is derived from fields that are withheld" in page.locator("dl.facts").inner_text()
        assert _axe(page) == [] and _fits(page)
        assert page.outside == []
        page.context.close()
