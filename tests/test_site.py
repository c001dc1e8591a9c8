"""`ddtapp site`: the static transparency site. Nothing withheld reaches it (canary tests), it is
deterministic, and it is written whole or not at all."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from ddtapp.checker.engine import Result, check_file, check_loaded
from ddtapp.commands.site import SiteOptions, run_site
from ddtapp.errors import InputError
from ddtapp.force.publication import Marker, leaves
from ddtapp.force.site import SiteSettings, build_site, write_site
from ddtapp.loading.yaml_loader import Loaded, load_file
from ddtapp.pack.rulepack import load_pack
from tests.helpers import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMA = json.loads((ROOT / "src" / "ddtapp" / "dossier" / "dossier.schema.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 21)
PACK = load_pack([])


def _site(results: list[Result], mode: str = "public", **kw: Any) -> dict[str, bytes]:
    return build_site(results, SiteSettings(mode=mode, today=TODAY, **kw))  # type: ignore[arg-type]


def _examples() -> list[Result]:
    return [check_file(p, PACK, TODAY) for p in EXAMPLES]


# ----------------------------------------------------------------------------- a fully populated dossier


def _fill(schema: dict[str, Any], path: str, counter: list[int]) -> Any:
    """A value for every field the schema has (two items in every list), each text unique."""
    while "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        return _fill(options[0], path, counter)
    counter[0] += 1
    n = counter[0]
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][n % len(schema["enum"])]  # cycles, so roles are senior in some places, not others
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return {k: _fill(v, f"{path}.{k}", counter) for k, v in schema["properties"].items() if k != "publication"}
    if kind == "array":
        return [_fill(schema.get("items", {}), f"{path}[{i}]", counter) for i in range(2)]
    if kind == "string":
        if schema.get("format") == "date":
            return dt.date(2020, 1, 1) + dt.timedelta(days=n)
        return f"Value {n} of {path}"
    if kind == "integer":
        return 1000 + n
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return n % 2 == 0
    return f"Value {n}"


def fully_populated() -> dict[str, Any]:
    data = _fill(SCHEMA, "", [0])
    data["schema_version"] = 1
    data["stage"] = "embed"
    # markings of every kind, on blocks and on fields, as a force would write them
    data["publication"] = {
        "tool.description": {"marking": "secret", "exemption": "s31", "reason": "Tactics."},
        "tool.supplier": {"marking": "restricted", "exemption": "s43", "reason": "Contract terms."},
        "governance.working_group": {"marking": "restricted", "exemption": "s40", "reason": "Members."},
        "risk_register[*]": {"marking": "secret", "exemption": "s31", "reason": "Would show how to defeat controls."},
        "engage.legal_framework.psed.demographic_testing[1]": {"marking": "secret", "exemption": "s24", "reason": "r"},
        "**.summary": {"marking": "restricted", "exemption": "s30", "reason": "Investigations."},
    }
    return data


# ----------------------------------------------------------------------------- canaries


def _canaried(data: dict[str, Any], mode: str, tag: str) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """The dossier with a unique canary in every field the mode may not show (``withheld``), and in every
    restricted field (``restricted``, for the internal site, where they must appear). Text fields get a
    text canary; numbers and dates get a unique number or date of the same kind, so that markings which
    turn on a value's kind or date (a planned deployment) still decide the same way."""
    marker = Marker(data, TODAY)
    out = copy.deepcopy(data)
    withheld: dict[str, str] = {}
    restricted: dict[str, str] = {}
    for i, (path, value) in enumerate(leaves(data)):
        level = marker.of(path).marking
        if level == "public" or isinstance(value, bool):
            continue
        if isinstance(value, str):
            new: Any = f"cz{tag}{i:05d}qx"
            shows = [new]
        elif isinstance(value, int):
            new = 7_310_000 + i
            shows = [str(new), f"{new:,}"]
        elif isinstance(value, float):
            new = 0.731 + i / 1_000_000
            shows = [f"{new:g}"]
        elif isinstance(value, dt.date):
            new = dt.date(2700 + i, 1, 1) if value > TODAY else dt.date(1200 + i, 1, 1)
            shows = [new.isoformat(), f"January {new.year}"]
        else:
            continue
        _set(out, path, new)
        for s in shows:
            (restricted if level in ("restricted", "undecided") else withheld)[s] = path
    assert Marker(out, TODAY).all() == marker.all(), "the canaries changed how fields are marked"
    if mode == "public":
        withheld.update(restricted)
    return out, withheld, restricted


def _set(data: Any, path: str, value: Any) -> None:
    from ddtapp.force.publication import split_path

    parts = split_path(path)
    node = data
    for p in parts[:-1]:
        node = node[int(p[1:-1])] if p.startswith("[") else node[p]
    last = parts[-1]
    if last.startswith("["):
        node[int(last[1:-1])] = value
    else:
        node[last] = value


def _corpus() -> list[tuple[str, dict[str, Any]]]:
    out = [(p.stem, load_file(p).data) for p in EXAMPLES]
    out.append(("fully-populated", fully_populated()))
    return out


def _leaks(files: dict[str, bytes], canaries: dict[str, str]) -> list[str]:
    found = []
    for name, body in files.items():
        for canary, path in canaries.items():
            token = canary.encode("utf-8")
            if token in body or token in name.encode("utf-8"):
                found.append(f"{path} ({canary}) in {name}")
    return found


@pytest.mark.parametrize("mode", ["public", "internal"])
def test_no_withheld_canary_reaches_any_file_or_file_name(mode):
    results, withheld, restricted = [], {}, {}
    for i, (name, data) in enumerate(_corpus()):
        canaried, w, r = _canaried(data, mode, f"{i}{mode[0]}")
        withheld.update(w)
        restricted.update(r)
        results.append(check_loaded(Loaded(name, canaried), PACK, TODAY))
    assert len(withheld) > (100 if mode == "public" else 20)  # the corpus withholds plenty: something to find
    files = _site(results, mode)
    assert _leaks(files, withheld) == []
    if mode == "internal":
        # the intranet shows restricted fields: the canaries can be found when they are there to find
        shown = {c for c in restricted if any(c.encode() in body for body in files.values())}
        assert any(restricted[c].endswith("owner.name") for c in shown)
        assert len(shown) >= 5


def test_the_canary_test_can_fail():
    """A public field holding a canary is found: the search above is not blind."""
    data = load_file(EXAMPLES[0]).data
    data = copy.deepcopy(data)
    data["tool"]["purpose"] = "czPUBLIC00001qx"
    files = _site([check_loaded(Loaded("x", data), PACK, TODAY)])
    assert _leaks(files, {"czPUBLIC00001qx": "tool.purpose"})


def test_a_withheld_name_gives_no_file_name_and_no_title():
    data = copy.deepcopy(load_file(ROOT / "examples" / "live-facial-recognition.yaml").data)
    data["publication"]["tool.name"] = {"marking": "secret", "exemption": "s31", "reason": "Operation name."}
    data["publication"]["tool.reference"] = {"marking": "secret", "exemption": "s31", "reason": "Operation name."}
    files = _site([check_loaded(Loaded("x", data), PACK, TODAY)])
    assert "tools/tool-1.html" in files
    assert not any(b"Northshire LFR" in body for body in files.values())
    assert b"Tool 1 (name withheld)" in files["index.html"]


# ----------------------------------------------------------------------------- the pages


def test_pages_follow_the_atrs_and_say_what_is_withheld_and_why():
    files = _site(_examples())
    page = files["tools/northshire-lfr.html"].decode()
    for heading in ("Tier 1: summary information", "1. Owner and responsibility", "8. Risks, mitigations and impact"):
        assert heading in page
    assert "Withheld under section 40 (personal information)" not in page or "s40" not in page
    assert "under section 40 (personal information)" in page  # the summary of what is withheld
    assert "Supt Priya Raman" not in page and "ACC Daniel Okafor" in page  # a superintendent is s40; an ACC is named
    assert "0.64" in page  # forces publish LFR thresholds
    assert "policy/lfr" not in page  # internal locations are not
    assert "Data protection impact assessment" in page or "DPIA" in page
    assert "21 November 2026" in page and "https://" not in page.split("<body>")[0].replace("'self'", "")
    index = files["index.html"].decode()
    assert index.count('href="tools/') == 3 and "filter.js" in index


def test_the_internal_site_marks_each_field():
    files = _site(_examples(), "internal")
    page = files["tools/northshire-lfr.html"].decode()
    assert "Supt Priya Raman" in page  # restricted: on the intranet
    assert "Internal." in page and 'class="marking marking-restricted"' in page
    assert 'class="marking marking-public"' in page


def test_no_page_asks_for_anything_from_another_site():
    files = _site(_examples(), logo=ROOT / "tests" / "data" / "site" / "logo.svg", stylesheet=None)
    for name, body in files.items():
        if name.endswith(".html"):
            text = body.decode()
            assert "Content-Security-Policy" in text and "default-src 'none'" in text
            for attr in ("src=", "href="):
                for part in text.split(attr)[1:]:
                    target = part[1:].split(part[0], 1)[0]
                    assert not target.startswith(("http:", "https:", "//")) or attr == "href=", (name, target)


def test_the_site_is_deterministic(tmp_path):
    first = _site(_examples())
    second = _site(_examples())
    assert first == second
    out = tmp_path / "site"
    for _ in range(2):
        with open(os.devnull, "w", encoding="utf-8") as sink:
            assert run_site(SiteOptions(paths=[str(ROOT / "examples")], out=out, today=TODAY), stdout=sink) == 0
    written = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {k: v for k, v in written.items() if not k.startswith(".")} == first


def test_a_rerun_replaces_the_old_site_whole(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"index.html": b"old", "tools/gone.html": b"old"})
    write_site(out, {"index.html": b"new"})
    assert (out / "index.html").read_bytes() == b"new" and not (out / "tools").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folders left behind


def test_a_folder_it_did_not_write_is_left_alone(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "precious.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(InputError, match="did not write"):
        write_site(out, {"index.html": b"x"})
    assert (out / "precious.txt").read_text(encoding="utf-8") == "keep"


def test_an_unreadable_dossier_writes_no_site(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ntool: {name: [\n", encoding="utf-8")
    out = tmp_path / "site"
    code = run_site(SiteOptions(paths=[str(EXAMPLES[0]), str(bad)], out=out, today=TODAY))
    assert code == 2 and not out.exists()
    assert "bad.yaml:" in capsys.readouterr().err


def test_force_stylesheet_and_logo_are_copied_in(tmp_path):
    css = tmp_path / "force.css"
    css.write_text("body { color: #111; }\n", encoding="utf-8")
    files = _site(_examples(), stylesheet=css, logo=ROOT / "tests" / "data" / "site" / "logo.svg", logo_alt="Crest")
    assert files["assets/force.css"] == css.read_bytes()
    assert "assets/logo.svg" in files
    assert b'href="../assets/force.css"' in files["tools/northshire-lfr.html"]
    assert b'alt="Crest"' in files["index.html"]
    with pytest.raises(InputError, match="logo"):
        _site(_examples(), logo=css)


def test_the_command_line_writes_both_sites_and_refuses_a_file(tmp_path, capsys):
    base = ["site", str(ROOT / "examples"), "--today", "2026-11-21"]
    code, out, _ = run([*base, "--out", str(tmp_path / "public")], capsys)
    assert code == 0 and "public site: 3 tools, 4 pages" in out
    code, out, _ = run([*base, "--internal", "--out", str(tmp_path / "intranet")], capsys)
    assert code == 0 and "internal site" in out
    lfr = (tmp_path / "intranet" / "tools" / "northshire-lfr.html").read_text(encoding="utf-8")
    assert "Supt Priya Raman" in lfr and "Supt Priya Raman" not in (
        tmp_path / "public" / "tools" / "northshire-lfr.html"
    ).read_text(encoding="utf-8")
    target = tmp_path / "file.html"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run([*base, "--out", str(target)], capsys)
    assert code == 2 and "must be a folder" in err and target.read_text(encoding="utf-8") == "mine"
