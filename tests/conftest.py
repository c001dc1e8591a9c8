from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ddtapp.engine import Result, check_loaded
from ddtapp.rulepack import RulePack, load_pack
from ddtapp.validate import validate
from ddtapp.dossier import Dossier
from ddtapp.yaml_loader import load_text

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
