from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from ddtapp.checker.engine import Result, check_loaded, prepare_dossier
from ddtapp.loading.yaml_loader import load_text
from ddtapp.pack.rulepack import RulePack, load_pack

# Hypothesis: a quick profile for every run, and a long one for the fuzz run documented in README.md.
settings.register_profile("default", max_examples=40, derandomize=True)
settings.register_profile("fuzz", max_examples=5000, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The rule-pack cache of the tests (and of the ddtapp processes they start) lives in a fresh folder,
# never in the user's ~/.cache.
os.environ["DDTAPP_CACHE_DIR"] = tempfile.mkdtemp(prefix="ddtapp-test-cache-")
atexit.register(shutil.rmtree, os.environ["DDTAPP_CACHE_DIR"], ignore_errors=True)
os.environ.pop("DDTAPP_NO_CACHE", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: The date every test checks against, so that review dates and expiries are deterministic.
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="session")
def pack() -> RulePack:
    return load_pack()


def _composers() -> dict[str, object]:
    """Every composer the loader can run on here: PyYAML's C composer (ddtapp's first choice) and the fallback,
    ruamel.yaml.clib's (the same libyaml composer, forked)."""
    from ddtapp.loading.compose import _pyyaml_backend
    from ddtapp.loading.compose_ruamel import ruamel_backend

    found = {"pyyaml": _pyyaml_backend(), "ruamel": ruamel_backend()}
    return {name: backend for name, backend in found.items() if backend is not None}


COMPOSERS = _composers()


@pytest.fixture(params=sorted(COMPOSERS))
def composer(request, monkeypatch):
    """Runs the test once with each composer in use (``ddtapp.loading.compose.BACKEND``); yields its name."""
    from ddtapp.loading import compose

    monkeypatch.setattr(compose, "BACKEND", COMPOSERS[request.param])
    return request.param


def run_text(pack: RulePack, text: str, name: str = "dossier.yaml", today: dt.date = TODAY) -> Result:
    loaded = load_text(text, name)
    prepare_dossier(loaded)
    return check_loaded(loaded, pack, today)


#: Tests marked ``slow`` (``pytest -m "not slow"`` leaves them out): whole modules that build wheels or start
#: processes for every test, and single tests over a few seconds. Listed here, in one place, by node id prefix.
SLOW = (
    "tests/test_precommit.py",
    "tests/test_packaging.py",
    "tests/test_cli_outputs.py",
    "tests/test_schema.py",
    "tests/test_ci_configs.py",
    "tests/test_hostile.py::test_hostile_text_in_every_format_is_data_and_deterministic",
    "tests/test_hostile.py::test_any_shape_of_data_is_a_finding_or_a_located_error",
    "tests/test_hostile.py::test_mutated_dossiers_never_crash",
    "tests/test_rules_docs.py::test_generated_and_report_docs_pass_the_markdown_linter",
    "tests/test_init.py::test_scaffolds_validate_with_check_jsonschema",
    "tests/test_init.py::test_any_one_line_name_is_kept_exactly",
    "tests/test_init.py::test_check_on_the_scaffold_reports_exactly_the_hand_written_gaps",
    "tests/test_render.py::test_markdown_in_dossier_text_cannot_break_tables_headings_or_make_html",
    "tests/test_stage_gate_length.py::test_stage_gate_report_body_fits_two_pages_in_libreoffice",
    "tests/test_render.py::test_a_hand_edited_draft_is_not_overwritten_without_force",
    "tests/test_cli.py::test_installed_console_script_runs_from_any_directory",
    "tests/test_cli_coercion.py::test_a_cold_check_imports_neither_pydantic_nor_jinja",
    "tests/test_reporters_streaming.py",
    "tests/test_foi.py::test_foi_response_passes_a_markdown_linter",
)
#: Tests that compare a committed generated file with what the installed Pydantic generates.
GENERATED = (
    "tests/test_rules_docs.py::test_dossier_json_schema_is_up_to_date",
    "tests/test_schema.py::test_schema_prints_the_published_schema",
    # the plain text writer is held to what the installed Rich prints; older Rich releases differ in detail
    "tests/test_reporters.py::test_plain_text_is_what_rich_prints_to_a_pipe_byte_for_byte",
)


#: Tests that drive a real browser (Chromium through Playwright, from the `browser` extra).
BROWSER = ("tests/test_site_browser.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(BROWSER):
            item.add_marker(pytest.mark.browser)
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
        if item.nodeid.startswith(GENERATED):
            item.add_marker(pytest.mark.generated)
