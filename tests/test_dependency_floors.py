"""The dependency floors in pyproject.toml are the versions CI tests (.ci/lowest.txt), so they stay true."""

from __future__ import annotations

import re
import tomllib

from packaging.version import Version

from tests.conftest import ROOT


def _floors() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in project["dependencies"]:
        m = re.match(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement)
        assert m, f"{requirement}: every dependency has a floor"
        floors[m.group(1).lower()] = m.group(2)
    return floors


def _lowest() -> dict[str, str]:
    pins = {}
    for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_ci_tests_exactly_the_floors():
    lowest = _lowest()
    floors = _floors()
    assert {name: Version(lowest.get(name, "0")) for name in floors} == {n: Version(v) for n, v in floors.items()}
    assert set(lowest) - set(floors) == {"click"}  # Typer's, pinned to the one of its day
