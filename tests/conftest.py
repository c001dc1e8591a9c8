from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from ddtapp.checker.engine import Result, check_loaded
from ddtapp.dossier.models import Dossier
from ddtapp.dossier.validate import validate
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


def run_text(pack: RulePack, text: str, name: str = "dossier.yaml", today: dt.date = TODAY) -> Result:
    loaded = load_text(text, name)
    validate(Dossier, loaded)
    return check_loaded(loaded, pack, today)
