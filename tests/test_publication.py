"""Publication marking: who decides a field's marking, redaction, and what `check` reports (PUB-001/002)."""

from __future__ import annotations

import datetime as dt

import pytest

from ddtapp.checker.engine import check_file
from ddtapp.errors import InputError
from ddtapp.force.publication import (
    Marker,
    Withheld,
    builtin_defaults,
    parse_defaults,
    secret_repeats,
    split_path,
    undecided_paths,
    valid_pattern,
)
from ddtapp.force.redaction import redact
from ddtapp.pack.rulepack import load_pack

TODAY = dt.date(2026, 11, 21)


def _dossier(**extra):
    data = {
        "schema_version": 1,
        "stage": "embed",
        "tool": {
            "name": "Northshire LFR",
            "owner": {"name": "Insp Jo Price", "role": "project_lead"},
            "senior_responsible_owner": {"name": "ACC Dan Okafor", "role": "senior_leader"},
            "supplier": {"name": "Example Vision Ltd", "role": "Supplies the software."},
            "description": "Cameras on a marked van.",
        },
        "governance": {
            "documents": [{"type": "dpia", "status": "approved", "location": "intranet/policy/dpia.pdf"}],
            "privacy_policy": {"data_protection": {"cybersecurity": "Pen tested annually.", "retention": "31 days"}},
        },
        "risk_register": [{"id": "R1", "description": "Wrongful stop.", "measures": "Two-stage review."}],
    }
    data.update(extra)
    return data


def test_paths_split_and_patterns_are_checked():
    assert split_path("a.b[2].c") == ("a", "b", "[2]", "c")
    assert valid_pattern("risk_register[*].measures") and valid_pattern("**.name") and valid_pattern("tool")
    assert not valid_pattern("tool..name") and not valid_pattern("tool.name\n") and not valid_pattern("a[x]")


def test_defaults_decide_by_role_location_and_security():
    m = Marker(_dossier(), TODAY)
    assert m.of("tool.senior_responsible_owner.name").marking == "public"  # senior leaders are named
    owner = m.of("tool.owner.name")
    assert (owner.marking, owner.exemption, owner.source) == ("restricted", "s40", "default")
    assert m.of("tool.owner.role").marking == "public"  # the role is published, the name is not
    assert m.of("tool.supplier.name").marking == "public"  # a company, not a person with a role
    assert m.of("governance.documents[0].location").exemption == "s31"
    assert m.of("governance.privacy_policy.data_protection.cybersecurity").marking == "restricted"
    assert m.of("governance.privacy_policy.data_protection.retention").marking == "public"
    assert m.of("risk_register[0].measures").marking == "undecided"  # the default says the force decides


def test_deployments_are_public_after_the_event_and_secret_before():
    data = _dossier(
        deployments=[
            {"date": dt.date(2026, 11, 1), "location": "Market Square", "watchlist_size": 812},
            {"date": dt.date(2026, 12, 5), "location": "Northshire Arena", "watchlist_size": 900},
        ]
    )
    m = Marker(data, TODAY)
    assert m.of("deployments[0].watchlist_size").marking == "public"
    assert m.of("deployments[1].watchlist_size").marking == "secret"
    assert m.of("deployments[1].location").exemption == "s31"
    # the day after the event it is published
    assert Marker(data, dt.date(2026, 12, 5)).of("deployments[1].watchlist_size").marking == "public"


def test_the_dossiers_most_specific_marking_wins_over_defaults_and_broader_markings():
    pub = {
        "tool": {"marking": "restricted", "exemption": "s31", "reason": "Covert tool."},
        "tool.name": {"marking": "public"},
        "**.name": {"marking": "secret", "exemption": "s24", "reason": "Security."},
        "risk_register[*].measures": {"marking": "public"},
    }
    m = Marker(_dossier(publication=pub), TODAY)
    assert m.of("tool.name").marking == "public"  # 2 literal segments beats '**.name' (1)
    assert m.of("tool.description").marking == "restricted"  # the block marking covers it
    assert m.of("tool.owner.name").marking == "secret"  # "**.name" (1 literal, 2 segments) beats "tool" (1, 1)
    assert m.of("risk_register[0].measures").marking == "public"
    assert m.of("tool.owner.name").source == "dossier"


def test_redaction_drops_values_and_collapses_withheld_blocks():
    pub = {"tool.supplier": {"marking": "secret", "exemption": "s43", "reason": "Contract terms."}}
    data = _dossier(publication=pub)
    public = redact(data, "public", TODAY)
    name = public.data["tool"]["owner"]["name"]
    assert name == Withheld("restricted", ("s40",), name.reasons) and name.reasons
    assert isinstance(public.data["tool"]["supplier"], Withheld)  # one note for the whole block
    assert public.data["tool"]["supplier"].exemptions == ("s43",)
    assert "publication" not in public.data
    assert "Example Vision" not in repr(public.data) and "Insp Jo Price" not in repr(public.data)
    internal = redact(data, "internal", TODAY)
    assert internal.data["tool"]["owner"]["name"] == "Insp Jo Price"
    assert internal.data["risk_register"][0]["measures"] == "Two-stage review."  # undecided: intranet only
    assert isinstance(internal.data["tool"]["supplier"], Withheld)  # secret: on no site
    assert "Example Vision" not in repr(internal.data)
    assert internal.markings["tool.owner.name"].marking == "restricted"


def test_undecided_fields_nothing_decides_and_default_decide_are_both_reported():
    data = _dossier()
    assert undecided_paths(data, TODAY) == ["risk_register[0].measures"]
    own = parse_defaults([{"path": "tool", "marking": "public"}])
    found = undecided_paths(data, TODAY, own)  # nothing decides governance or risk_register
    assert "governance.documents[0].location" in found and "tool.name" not in found


def test_a_secret_repeated_in_a_public_field_is_found_whatever_its_case_and_spacing():
    data = _dossier(publication={"tool.name": {"marking": "secret", "exemption": "s31", "reason": "r"}})
    assert secret_repeats(data, TODAY) == []
    data["tool"]["description"] = "Cameras on a marked van for NORTHSHIRE   lfr."
    assert secret_repeats(data, TODAY) == ["tool.description"]
    # the reasons the site prints beside a withheld field are public text too
    data["tool"]["description"] = "Cameras on a marked van."
    data["publication"]["tool.name"]["reason"] = "Northshire LFR names the operation."
    assert secret_repeats(data, TODAY) == ["publication.tool.name.reason"]
    # a short secret (a number, 'Yes') recurs by chance and is not looked for
    data["tool"]["name"] = "LFR"
    assert secret_repeats(data, TODAY) == []


def test_bad_defaults_are_input_errors():
    with pytest.raises(InputError, match="marking"):
        parse_defaults([{"path": "tool", "marking": "open"}])
    with pytest.raises(InputError, match="exemption"):
        parse_defaults([{"path": "tool", "marking": "restricted", "exemption": "s99"}])
    with pytest.raises(InputError, match="path"):
        parse_defaults([{"path": "tool..x", "marking": "public"}])
    with pytest.raises(InputError, match="when"):
        parse_defaults([{"path": "tool", "marking": "public", "when": {"in": ["a"]}}])


def test_builtin_defaults_load_and_every_marking_names_a_real_exemption():
    defaults = builtin_defaults()
    assert defaults
    for d in defaults:
        assert d.marking in ("public", "decide") or d.exemption or d.pattern == "waivers", d.pattern


def test_check_reports_a_secret_repeated_and_an_undecided_field(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "schema_version: 1\nstage: embed\nimpact: {declared_tier: high}\ntool:\n  name: Operation Nightjar\n"
        "  description: LFR for Operation Nightjar.\nrisk_register:\n  - {id: R1, description: x, measures: y}\n"
        "publication:\n  tool.name: {marking: secret, exemption: s31, reason: Names the target.}\n",
        encoding="utf-8",
    )
    result = check_file(path, load_pack([]), TODAY)
    got = {(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id.startswith("PUB")}
    assert got == {("PUB-002", "tool.description", 6), ("PUB-001", "risk_register[0].measures", 8)}


def test_a_withheld_marking_needs_an_exemption_and_a_reason(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "schema_version: 1\nstage: engage\ntool: {name: X}\npublication:\n  tool.name: {marking: restricted}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        check_file(path, load_pack([]), TODAY)
    assert "d.yaml:5:3" in exc.value.text and "exemption" in exc.value.text
