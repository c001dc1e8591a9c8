"""`ddtapp site`: the static transparency site. Nothing withheld reaches it (canary tests), it is
deterministic, and it is written whole or not at all."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import stat
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
    data["schema_version"] = 2
    data["stage"] = "embed"
    # markings of every kind, on blocks and on fields, as a force would write them
    data["publication"] = {
        "tool.description": {"marking": "secret", "exemption": "s31", "reason": "Tactics."},
        "tool.supplier": {"marking": "restricted", "exemption": "s43", "reason": "Contract terms."},
        "governance.working_group": {"marking": "restricted", "exemption": "s40", "reason": "Members."},
        "risk_register[*]": {"marking": "secret", "exemption": "s31", "reason": "Would show how to defeat controls."},
        "validation.tests[1]": {"marking": "secret", "exemption": "s24", "reason": "r"},
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
        if level == "public" or isinstance(value, bool) or path.endswith(".role"):
            continue  # a person's role decides how their name is marked: keep it
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


def _enum_at(path: str) -> list[Any]:
    """The values the schema allows at a dossier path (empty: not an enumeration)."""
    from ddtapp.force.publication import split_path

    def deref(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        return node

    node: dict[str, Any] | None = SCHEMA
    for seg in split_path(path):
        if node is None:
            return []
        node = deref(node)
        options = [deref(o) for o in node.get("anyOf", [node]) if o.get("type") != "null"]
        key = "items" if seg.startswith("[") else "properties"
        node = next((o["items"] if key == "items" else o["properties"].get(seg) for o in options if key in o), None)
    if node is None:
        return []
    node = deref(node)
    for option in [node, *(deref(o) for o in node.get("anyOf", []))]:
        if "enum" in option:
            return list(option["enum"])
    return []


def _flipped(data: dict[str, Any], mode: str) -> tuple[dict[str, Any], list[str]]:
    """The dossier with every withheld yes/no answer turned round and every withheld choice from a list
    changed to another choice: values a text canary cannot stand in for, and the kind a derived value (the
    impact tier, a document's kind, a phase) could give away."""
    from ddtapp.force.publication import shown

    marker = Marker(data, TODAY)
    out = copy.deepcopy(data)
    changed = []
    for path, value in leaves(data):
        if shown(marker.of(path), mode) or path.endswith(".role"):  # a role decides how a name is marked
            continue
        if isinstance(value, bool):
            _set(out, path, not value)
        elif isinstance(value, str) and len(choices := _enum_at(path)) > 1 and value in choices:
            _set(out, path, choices[(choices.index(value) + 1) % len(choices)])
        else:
            continue
        changed.append(path)
    assert Marker(out, TODAY).all() == marker.all(), "the changes changed how fields are marked"
    return out, changed


def _withholding_tier_facts(data: dict[str, Any]) -> dict[str, Any]:
    """A dossier whose answers about children and vulnerable people are withheld: the impact tier rests on them."""
    out = copy.deepcopy(data)
    out.setdefault("publication", {})["processing.children"] = {
        "marking": "secret",
        "exemption": "s31",
        "reason": "Would show which investigations it supports.",
    }
    out["publication"]["processing.vulnerable_people"] = {"marking": "restricted", "exemption": "s38", "reason": "r"}
    return out


def _withholding_kinds(data: dict[str, Any]) -> dict[str, Any]:
    """A dossier whose maturity (the phase shown) and the kind of its first governance document are secret."""
    out = copy.deepcopy(data)
    out.setdefault("publication", {})["tool.maturity"] = {"marking": "secret", "exemption": "s31", "reason": "r"}
    out["publication"]["governance.documents[0].type"] = {"marking": "secret", "exemption": "s31", "reason": "r"}
    return out


@pytest.mark.parametrize("mode", ["public", "internal"])
def test_no_withheld_answer_or_choice_changes_a_byte(mode):
    """Yes/no answers and choices from a list cannot carry a canary; changing every withheld one must leave
    the site byte for byte the same, or something derived from them (the impact tier, a document's kind, the
    phase) gives them away."""
    lfr = load_file(ROOT / "examples" / "live-facial-recognition.yaml").data
    corpus = [
        *_corpus(),
        ("kinds-withheld", _withholding_kinds(lfr)),
        ("tier-facts-withheld", _withholding_tier_facts(load_file(EXAMPLES[0]).data)),
    ]
    originals, flipped, changed = [], [], 0
    for name, data in corpus:
        other, paths = _flipped(data, mode)
        changed += len(paths)
        originals.append(check_loaded(Loaded(name, copy.deepcopy(data)), PACK, TODAY))
        flipped.append(check_loaded(Loaded(name, other), PACK, TODAY))
    assert changed > (45 if mode == "public" else 35)  # plenty changed: something to give away
    # the test can fail: the tier of the last dossier changes with its withheld answers
    assert originals[-1].assessment.tier != flipped[-1].assessment.tier or mode == "internal"
    before, after = _site(originals, mode), _site(flipped, mode)
    assert sorted(before) == sorted(after)
    assert [n for n in before if before[n] != after[n]] == []


def test_the_tier_is_withheld_when_a_fact_it_rests_on_is():
    data = _withholding_tier_facts(load_file(EXAMPLES[0]).data)
    result = check_loaded(Loaded("x", data), PACK, TODAY)
    tier = result.assessment.tier.replace("_", " ")
    files = _site([result])
    page = next(body.decode() for name, body in files.items() if name.startswith("tools/"))
    facts = page.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "Impact tier (APP)" in facts and tier not in facts.lower()
    assert "Withheld under section 31 (law enforcement) and section 38 (health and safety)" in facts
    index = files["index.html"].decode()
    assert '<td data-label="Impact"><span class="withheld">Withheld under section 31' in index
    # internal: the restricted answer is shown; the secret one still withholds the tier
    internal = _site([result], "internal")
    page = next(body.decode() for name, body in internal.items() if name.startswith("tools/"))
    facts = page.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "Withheld under section 31 (law enforcement) of" in facts and "section 38" not in facts
    # the examples publish what their tiers rest on: their tiers are shown
    shown = _site(_examples())["index.html"].decode()
    assert shown.count('<td data-label="Impact">') == len(EXAMPLES) and 'data-label="Impact"><span' not in shown


def test_every_fact_a_tier_factor_can_read_is_traced_to_the_fields_it_comes_from():
    """The tier is withheld by the fields it rests on: a fact ``assess`` adds must say which those are."""
    import dataclasses

    from ddtapp.assess import FACT_SOURCES, UnknownFact, assess, tier_basis

    facts = assess(load_file(EXAMPLES[0]).data, PACK, TODAY).facts
    derived_from_the_tier = {"computed_tier", "declared_tier", "tier", "declared_below_computed", "lower_tier_accepted"}
    assert set(facts) - derived_from_the_tier == set(FACT_SOURCES)
    assert {"processing.children", "tool.technology_types", "impact.declared_tier"} <= set(tier_basis(PACK))
    factor = dataclasses.replace(PACK.tier_factors[0].spec, when={"is_true": "facts.made_up"})
    odd = dataclasses.replace(PACK, tier_factors=[type(PACK.tier_factors[0])(factor, PACK.tier_factors[0].when)])
    with pytest.raises(UnknownFact, match=r"facts\.made_up"):
        tier_basis(odd)


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
    assert "Withheld under section 31 (law enforcement) of the Freedom of Information Act 2000." in page
    assert "Penetration tested" not in page and "ISO 27001" not in page  # the security controls it withholds
    assert "under section 40 (personal information)" in page  # the summary of what is withheld
    assert "Supt Priya Raman" not in page and "ACC Daniel Okafor" in page  # a superintendent is s40; an ACC is named
    assert "0.64" in page  # forces publish LFR thresholds
    assert "policy/lfr" not in page  # internal locations are not
    assert "Data protection impact assessment" in page or "DPIA" in page
    assert "21 November 2026" in page and "https://" not in page.split("<body>")[0].replace("'self'", "")
    index = files["index.html"].decode()
    assert index.count('href="tools/') == len(EXAMPLES) and "filter.js" in index


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
    assert code == 0 and "public site: 4 tools, 5 pages" in out
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


# ----------------------------------------------------------------------------- the sandbox


@pytest.mark.parametrize(
    "payload",
    [
        "{{ tool.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ tool.tier1.rows.__class__.__base__ }}",
        "{{ tool.tier1.__init__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{% set x = [] %}{{ x.append(1) }}",
    ],
)
def test_site_templates_run_in_renders_sandbox(tmp_path, payload):
    """The site's pages go through the same sandbox as ``render``'s documents, and a template reaching
    past it fails the same way: one located error, never the attribute or the call."""
    from ddtapp.force.site import make_site_environment, render_page, tool_record

    (tmp_path / "tool.html.j2").write_text("<p>\n" + payload + "\n</p>\n", encoding="utf-8")
    tool = tool_record(check_file(EXAMPLES[0], PACK, TODAY), SiteSettings(today=TODAY), set(), 1)
    with pytest.raises(InputError) as caught:
        render_page(make_site_environment(tmp_path), "tool.html.j2", {"tool": tool})
    (problem,) = caught.value.problems
    assert problem.file.endswith("tool.html.j2") and problem.line == 2
    assert "template error: access to attribute" in problem.message
    assert problem.message.endswith("is unsafe (templates run sandboxed: they read data, they cannot run code)")


def test_site_templates_have_renders_limits(tmp_path):
    from ddtapp.force.site import make_site_environment, render_page

    (tmp_path / "index.html.j2").write_text("{{ 'a' * 10**10 }}\n", encoding="utf-8")
    with pytest.raises(InputError, match="over the 1,000,000 limit"):
        render_page(make_site_environment(tmp_path), "index.html.j2", {})
    # the shipped templates render there: the site's own pages pass the same checks
    assert b"<!DOCTYPE html>" in _site(_examples())["index.html"]


# ----------------------------------------------------------------------------- settings: the shared configuration


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A force's repository: dossiers, house style, and a configuration naming them."""
    for var in ("DDTAPP_CONFIG", "DDTAPP_TODAY"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "dossiers").mkdir()
    for p in EXAMPLES[:2]:
        (root / "dossiers" / p.name).write_bytes(p.read_bytes())
    (root / "house").mkdir()
    (root / "house" / "site.css").write_text("body { color: #0b0c0c; }\n", encoding="utf-8")
    (root / "house" / "crest.svg").write_bytes((ROOT / "tests" / "data" / "site" / "logo.svg").read_bytes())
    (root / ".ddtapp.yaml").write_text(
        "paths: [dossiers]\nsite-out: public-site\nforce-name: Northshire Police\nregion: North West\n"
        "site-stylesheet: house/site.css\nsite-logo: house/crest.svg\nsite-logo-alt: Northshire Police crest\n",
        encoding="utf-8",
    )
    (root / "sub").mkdir()
    monkeypatch.chdir(root / "sub")  # paths in the file are relative to the file's folder, not the working one
    return root


def test_the_site_takes_paths_style_and_logo_from_the_configuration(repo, capsys):
    code, out, err = run(["site", "--today", "2026-11-21"], capsys)
    assert code == 0, err
    site = repo / "public-site"
    assert "wrote" in out and "2 tools" in out
    assert (site / "assets" / "force.css").read_bytes() == (repo / "house" / "site.css").read_bytes()
    assert (site / "assets" / "logo.svg").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'alt="Northshire Police crest"' in index and "used by Northshire Police" in index
    assert 'href="assets/force.css"' in index
    # a flag wins over the configuration; -q says nothing
    code, out, err = run(["site", "--today", "2026-11-21", "--logo-alt", "Crest", "-q", "--out", "../other"], capsys)
    assert code == 0 and out == "" and err == ""
    assert 'alt="Crest"' in (repo / "other" / "index.html").read_text(encoding="utf-8")


def test_show_settings_says_where_each_site_setting_came_from(repo, capsys):
    code, out, _ = run(["site", "--show-settings", "--region", "Wales"], capsys)
    assert code == 0 and not (repo / "public-site").exists()  # it writes nothing
    rows = {line.split("  ", 1)[0]: line for line in out.splitlines()}
    config = str(repo / ".ddtapp.yaml")
    assert rows["site-stylesheet"].endswith(f"{Path('..') / 'house' / 'site.css'}   (from {config})")
    assert rows["site-logo"].endswith(f"(from {config})") and "crest.svg" in rows["site-logo"]
    assert rows["region"].endswith("Wales   (from --region)")
    assert rows["publication-defaults"].endswith("(built-in)   (from default)")
    assert "paths" in rows and "fail-on" not in rows  # only what the site uses


@pytest.mark.parametrize(
    ("key", "value"),
    [("site-stylesheet", "../outside.css"), ("site-logo", "/etc/hostname"), ("site-out", "../../published")],
)
def test_a_configuration_names_no_site_file_outside_its_repository(repo, capsys, key, value):
    (repo.parent / "outside.css").write_text("body {}\n", encoding="utf-8")
    config = repo / ".ddtapp.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith(key + ":")]
    config.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n", encoding="utf-8")
    code, out, err = run(["site", "--today", "2026-11-21"], capsys)
    assert code == 2 and out == "" and "Traceback" not in err
    assert f".ddtapp.yaml:{len(lines) + 1}:" in err and f"'{value}' is outside" in err
    assert not (repo / "public-site").exists() and not (repo.parent / "published").exists()


def test_a_link_out_of_the_repository_is_outside_it(repo, capsys):
    (repo.parent / "secret.css").write_text("body {}\n", encoding="utf-8")
    os.symlink(repo.parent / "secret.css", repo / "house" / "linked.css")
    config = repo / ".ddtapp.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "site-stylesheet: house/linked.css\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace("site-stylesheet: house/site.css\n", ""), "utf-8")
    code, _, err = run(["site", "--today", "2026-11-21"], capsys)
    assert code == 2 and "'house/linked.css' is outside" in err
    # on the command line the user asks for it: allowed
    config.write_text(config.read_text(encoding="utf-8").replace("site-stylesheet: house/linked.css\n", ""), "utf-8")
    code, _, err = run(["site", "--today", "2026-11-21", "--stylesheet", str(repo.parent / "secret.css")], capsys)
    assert code == 0, err


def test_without_an_out_folder_anywhere_it_asks_for_one(repo, capsys):
    code, out, err = run(["site", "--no-config", "--today", "2026-11-21", str(repo / "dossiers")], capsys)
    assert code == 2 and "--out DIR" in err and "site-out" in err and out == ""


def test_a_stylesheet_that_is_not_a_file_is_refused_unread(repo, capsys, tmp_path):
    fifo = tmp_path / "style.fifo"
    os.mkfifo(fifo)
    code, _, err = run(["site", "--today", "2026-11-21", "--stylesheet", str(fifo)], capsys)
    assert code == 2 and "a FIFO (named pipe), not a regular file" in err


def test_an_out_that_is_a_fifo_is_left_as_it_is(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = run(["site", str(EXAMPLES[0]), "--today", "2026-11-21", "--out", str(fifo)], capsys)
    assert code == 2 and out == "" and "--out must be a folder, and this is a FIFO (named pipe)" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
