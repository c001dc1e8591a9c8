"""``ddtapp foi``: the request's 13 questions per tool, its selection rule, and the drafted response."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from ddtapp.checker.engine import check_file
from ddtapp.force.foi import NOT_RECORDED, QUESTIONS, ToolAnswers, answer_tool, select_tools
from tests.conftest import TODAY, run_text
from tests.test_register import D, dossier, run, write_dossier


def answers_for(tmp_path: Path, pack, data: dict, name: str = "t.yaml") -> ToolAnswers:
    return answer_tool(check_file(write_dossier(tmp_path, name, data), pack, TODAY), pack)


def tool(
    name: str,
    deployed: bool,
    deployment: dt.date | None = None,
    start: dt.date | None = None,
    reference: str | None = None,
    file: str | None = None,
) -> ToolAnswers:
    """A tool as the selection rule sees it (no answers needed to rank it)."""
    return ToolAnswers(
        file=file or f"{name}.yaml",
        name=name,
        reference=reference,
        maturity="operational" if deployed else "in_development",
        purpose=f"Purpose of {name}.",
        deployed=deployed,
        deployment=deployment,
        development_or_pilot_start=start,
        answers=(),
    )


def names(tools) -> list[str]:
    return [getattr(t, "tool", t).name for t in tools]


# ---------------------------------------------------------------- the questions


def test_thirteen_questions_in_the_request_s_words():
    assert [q.number for q in QUESTIONS] == list(range(1, 14))
    assert [q.applies_to for q in QUESTIONS] == ["all"] * 8 + ["operational"] * 3 + ["development_or_pilot"] * 2
    assert "intended policy purpose(s)" in QUESTIONS[2].text
    assert "expected/planned launch date" in QUESTIONS[11].text


@pytest.mark.parametrize(
    "maturity, asked",
    [
        ("operational", {9, 10, 11}),
        ("retired", {9, 10, 11}),
        ("in_development", {12, 13}),
        ("pilot", {12, 13}),
        ("abandoned", {12, 13}),
        (None, set()),
    ],
)
def test_questions_9_to_11_and_12_to_13_asked_only_of_the_right_tools(tmp_path, pack, maturity, asked):
    t = answers_for(tmp_path, pack, dossier("Tool", maturity))
    assert {a.number for a in t.answers if a.applies} == set(range(1, 9)) | asked
    for a in t.answers:
        if not a.applies:
            assert a.why_not and a.text == () and a.gaps == ()
    if maturity is None:
        assert [g.path for g in t.answer(2).gaps] == ["tool.maturity"]
        assert t.answer(2).gaps[0].rule == "SCOPE-002"
        assert "maturity is not recorded, so it cannot be said" in (t.answer(9).why_not or "")


def test_operational_tool_answers(tmp_path, pack):
    t = answers_for(
        tmp_path,
        pack,
        dossier(
            "Dashboard",
            "operational",
            reference="DDT-1",
            deployment=D(2023, 3, 1),
            tool={
                "data_inputs": [
                    {"name": "Incidents", "source": "internal_police", "update": "live_feed"},
                    {
                        "name": "Council list",
                        "source": "other_public_sector",
                        "update": "manual",
                        "frequency": "weekly",
                    },
                    {"name": "Phone data", "source": "private_sector", "update": "manual"},
                ],
                "outputs": [{"name": "Counts", "signifies": "Demand by beat"}],
                "decisions": [{"decision": "Where to send patrols", "about": "Beats"}],
                "users": ["Duty inspectors"],
                "training": {
                    "provided": True,
                    "content": "A briefing",
                    "provider": "Control room",
                    "provider_type": "in_house",
                    "recipients": "Inspectors",
                },
            },
            extra={
                "governance": {
                    "documents": [
                        {
                            "type": "governance_schematic",
                            "title": "Schematic",
                            "status": "approved",
                            "location": "policy/s.pdf",
                        },
                        {"type": "governance_minutes", "status": "not_started"},
                    ]
                }
            },
        ),
    )
    assert t.answer(1).text == ("Dashboard",)
    assert t.answer(2).text == ("(i) currently in operational use",)
    assert t.answer(3).text == ("Reason: Demand is hard to see.", "Policy purpose: Purpose of Dashboard.")
    assert t.answer(4).table.rows == (
        ("Incidents", "internal police data", "real time, by an automated live data feed"),
        ("Council list", "external public-sector data", "manually, by a person (weekly)"),
        ("Phone data", "external private-sector data", f"manually, by a person ({NOT_RECORDED})"),
    )
    assert [(g.path, g.rule) for g in t.answer(4).gaps] == [("tool.data_inputs[2].frequency", None)]
    assert t.answer(5).table.rows == (("Counts", "Demand by beat"),)
    assert t.answer(6).table.rows == (("Where to send patrols", "Beats"),)
    assert t.answer(7).text == ("Duty inspectors",)
    # A document not yet started is not held, so it is not listed.
    # the response lists the document; where it is kept is internal (the officer's notes)
    assert t.answer(8).table.rows == (("governance schematic", "Schematic", "approved"),)
    assert t.locations == (("Schematic", "policy/s.pdf"),)
    assert t.answer(9).text[2] == "Who provides it: Control room (in-house)"
    assert t.answer(10).text == ("First deployed for operational use: 1 March 2023", "Still in operational use.")
    assert t.answer(11).gaps == () and "still in operational use" in t.answer(11).text[0]


def test_retired_tool_answers_with_end_and_reasons(tmp_path, pack):
    t = answers_for(
        tmp_path,
        pack,
        dossier(
            "Old map",
            "retired",
            deployment=D(2018, 5, 1),
            end=D(2021, 6, 30),
            tool={"ending": {"decided_on": D(2021, 4, 1), "reasons": "Evaluation found no effect on crime."}},
        ),
    )
    assert t.answer(2).text == ("(i) formerly deployed for operational use, no longer in use",)
    assert t.answer(10).text == (
        "First deployed for operational use: 1 May 2018",
        "Operational use ended: 30 June 2021",
    )
    assert t.answer(11).text == ("Reasons: Evaluation found no effect on crime.", "Decision made: 1 April 2021")


def test_abandoned_tool_answers_12_and_13(tmp_path, pack):
    t = answers_for(
        tmp_path,
        pack,
        dossier(
            "Pilot gone",
            "abandoned",
            development_start=D(2021, 1, 4),
            pilot_start=D(2022, 2, 1),
            pilot_end=D(2022, 8, 1),
            end=D(2022, 9, 1),
            tool={"ending": {"reasons": "Too many false alerts."}},
        ),
    )
    assert t.answer(2).text == ("(iii) piloted in the past, but never deployed",)
    assert t.answer(12).text == (
        "Development began: 4 January 2021",
        "Pilot began: 1 February 2022",
        "Pilot ended: 1 August 2022",
        "Development or pilot ended: 1 September 2022",
    )
    assert t.answer(13).text == ("Reasons: Too many false alerts.", f"Decision made: {NOT_RECORDED}")
    assert [g.path for g in t.answer(13).gaps] == ["tool.ending.decided_on"]
    never_piloted = answers_for(
        tmp_path, pack, dossier("Dev gone", "abandoned", development_start=D(2021, 1, 4)), "b.yaml"
    )
    assert never_piloted.answer(2).text == ("(ii) developed in the past, but never deployed",)


def test_tool_in_development_answers_planned_launch(tmp_path, pack):
    t = answers_for(
        tmp_path,
        pack,
        dossier(
            "New",
            "in_development",
            development_start=D(2026, 1, 5),
            tool={
                "dates": {
                    "development_start": D(2026, 1, 5),
                    "planned_launch": D(2027, 4, 1),
                    "planned_launch_type": "pilot",
                }
            },
        ),
    )
    assert t.answer(12).text == (
        "Development began: 5 January 2026",
        "Expected launch date: 1 April 2027",
        "Launch basis: on a pilot basis",
    )
    assert t.answer(12).gaps == ()
    assert "development is continuing" in t.answer(13).text[0]


def test_gaps_are_shown_not_invented(tmp_path, pack):
    t = answers_for(tmp_path, pack, dossier("Bare", "operational", purpose=None, tool={"problem": None}))
    assert t.answer(3).text == (f"Reason: {NOT_RECORDED}", f"Policy purpose: {NOT_RECORDED}")
    assert [(g.path, g.rule) for g in t.answer(3).gaps] == [
        ("tool.problem", "SCOPE-003"),
        ("tool.purpose", "SCOPE-003"),
    ]
    # No deployment date: nothing is assumed (not today, not another date in the dossier).
    assert t.answer(10).text == (f"First deployed for operational use: {NOT_RECORDED}", "Still in operational use.")
    assert [(g.path, g.rule) for g in t.answer(10).gaps] == [("tool.dates.deployment", None)]
    assert not re.search(r"\d{4}", " ".join(t.answer(10).text))
    assert {g.path for g in t.gaps} >= {
        "tool.data_inputs",
        "tool.outputs",
        "tool.decisions",
        "tool.users",
        "tool.training.provided",
        "*.documents",
    }
    for g in t.gaps:
        assert g.line >= 1 and g.column >= 1
    for a in t.answers:
        for line in a.text:
            if NOT_RECORDED in line:
                assert a.gaps, (a.number, line)  # every "not recorded" has a gap that names the field


def test_gap_points_at_the_nearest_recorded_line(pack):
    text = (
        "schema_version: 2\nstage: engage\ntool:\n  name: X\n  maturity: operational\n  dates:\n"
        "    development_start: 2024-01-01\n"
    )
    t = answer_tool(run_text(pack, text), pack)
    gap = t.answer(10).gaps[0]
    assert (gap.path, gap.line, gap.column) == ("tool.dates.deployment", 6, 3)


# ---------------------------------------------------------------- the selection rule


def test_ten_or_fewer_tools_all_get_detailed_answers():
    tools = [tool(f"T{i}", i < 4, D(2020, 1, i + 1) if i < 4 else None, D(2021, 1, i + 1)) for i in range(10)]
    s = select_tools(tools)
    assert s.rule == "all" and len(s.detailed) == 10 and s.listed == ()
    assert names(s.detailed)[:4] == ["T3", "T2", "T1", "T0"]  # deployed first, most recent first


def test_fewer_than_ten_deployed_topped_up_by_most_recent_development_or_pilot():
    deployed = [tool(f"D{i}", True, D(2022, i + 1, 1)) for i in range(3)]
    others = [tool(f"P{i:02}", False, start=D(2024, 1, i + 1)) for i in range(9)]
    s = select_tools(deployed + others)
    assert s.rule == "deployed_then_development_or_pilot"
    assert names(s.detailed) == ["D2", "D1", "D0", "P08", "P07", "P06", "P05", "P04", "P03", "P02"]
    assert names(s.listed) == ["P00", "P01"]
    assert s.detailed[3].basis == "put into development or piloted 9 January 2024"
    assert "3 tools have been deployed" in s.explanation and "the 7 tools most recently" in s.explanation


def test_none_deployed_means_ten_most_recent_others():
    s = select_tools([tool(f"P{i:02}", False, start=D(2024, 1, i + 1)) for i in range(12)])
    assert names(s.detailed) == [f"P{i:02}" for i in range(11, 1, -1)]


def test_exactly_ten_deployed_all_get_detailed_answers_and_no_top_up():
    tools = [tool(f"D{i}", True, D(2020, 1, i + 1)) for i in range(10)] + [tool("New", False, start=D(2026, 1, 1))]
    s = select_tools(tools)
    assert s.rule == "deployed_then_development_or_pilot"
    assert sorted(names(s.detailed)) == sorted(f"D{i}" for i in range(10)) and names(s.listed) == ["New"]


def test_more_than_ten_deployed_ten_most_recent_including_retired(tmp_path, pack):
    root = tmp_path / "repo"
    for i in range(11):
        write_dossier(root, f"op{i:02}.yaml", dossier(f"Op {i:02}", "operational", deployment=D(2015 + i, 6, 1)))
    write_dossier(root, "retired.yaml", dossier("Retired", "retired", deployment=D(2020, 1, 1), end=D(2026, 1, 1)))
    write_dossier(root, "dev.yaml", dossier("Newest in development", "in_development", development_start=D(2026, 9, 1)))
    tools = [answer_tool(check_file(p, pack, TODAY), pack) for p in sorted(root.glob("*.yaml"))]
    s = select_tools(tools)
    assert s.rule == "most_recently_deployed" and (s.total, s.deployed) == (13, 12)
    assert names(s.detailed) == [f"Op {i:02}" for i in range(10, 4, -1)] + ["Retired", "Op 04", "Op 03", "Op 02"]
    # The rest, deployed or not, by name: the two oldest deployments and the tool in development.
    assert names(s.listed) == ["Newest in development", "Op 00", "Op 01"]


def test_ties_on_dates_by_name_then_reference_then_file():
    day = D(2024, 5, 1)
    tools = [
        tool("beta", True, day, reference="R2", file="z.yaml"),
        tool("Beta", True, day, reference="R1"),
        tool("alpha", True, day),
        tool("beta", True, day, reference="R2", file="a.yaml"),
        tool("beta", True, day),
    ]
    s = select_tools(tools)
    assert [(t.tool.name, t.tool.reference, t.tool.file) for t in s.detailed] == [
        ("alpha", None, "alpha.yaml"),
        ("Beta", "R1", "Beta.yaml"),
        ("beta", None, "beta.yaml"),
        ("beta", "R2", "a.yaml"),
        ("beta", "R2", "z.yaml"),
    ]


def test_deployed_tool_without_a_deployment_date_ranks_last_among_deployed():
    undated = tool("Undated", True)
    tools = [tool(f"D{i:02}", True, D(2010 + i, 1, 1)) for i in range(10)] + [undated]
    s = select_tools(tools)
    assert s.rule == "most_recently_deployed"
    assert "Undated" not in names(s.detailed) and names(s.listed) == ["Undated"]
    small = select_tools([undated, tool("Dated", True, D(2001, 1, 1)), tool("Dev", False, start=D(2026, 1, 1))])
    assert names(small.detailed) == ["Dated", "Undated", "Dev"]
    assert "deployment date is not recorded" in small.detailed[1].basis


def test_tool_without_start_dates_ranks_last_among_the_others():
    tools = [tool("D", True, D(2020, 1, 1))] + [tool(f"P{i}", False, start=D(2024, 1, i + 1)) for i in range(9)]
    tools.append(tool("A no date", False))
    s = select_tools(tools)
    assert names(s.detailed)[-1] == "P0" and names(s.listed) == ["A no date"]


def test_most_recent_of_development_and_pilot_start_counts(tmp_path, pack):
    t = answers_for(
        tmp_path, pack, dossier("X", "abandoned", development_start=D(2019, 1, 1), pilot_start=D(2023, 7, 1))
    )
    assert t.development_or_pilot_start == D(2023, 7, 1)


def test_selection_does_not_depend_on_input_order():
    tools = [tool(f"D{i:02}", True, D(2020, 1 + i % 3, 1)) for i in range(14)] + [
        tool(f"P{i:02}", False, start=D(2024, 1, 1)) for i in range(5)
    ]
    expected = select_tools(tools)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = tools[:]
        rng.shuffle(shuffled)
        again = select_tools(shuffled)
        assert names(again.detailed) == names(expected.detailed) and names(again.listed) == names(expected.listed)


# ---------------------------------------------------------------- the command


@pytest.fixture
def force(tmp_path: Path) -> Path:
    """Twelve tools: 3 deployed (one retired, one undated), 9 in development, pilot or abandoned."""
    root = tmp_path / "policy"
    write_dossier(
        root,
        "lfr.yaml",
        dossier("Live Facial Recognition", "operational", reference="DDT-01", deployment=D(2025, 9, 1)),
    )
    write_dossier(
        root,
        "map.yaml",
        dossier("Hotspot Map", "retired", reference="DDT-02", deployment=D(2019, 1, 1), end=D(2022, 1, 1)),
    )
    write_dossier(root, "undated.yaml", dossier("Custody Dashboard", "operational", reference="DDT-03"))
    for i in range(9):
        write_dossier(
            root,
            f"dev/p{i}.yaml",
            dossier(
                f"Project {i}",
                ["in_development", "pilot", "abandoned"][i % 3],
                reference=f"DDT-1{i}",
                development_start=D(2024, i + 1, 1),
            ),
        )
    return root


def test_foi_response_cover_note_and_selection(force: Path, tmp_path: Path, capsys):
    out = tmp_path / "response.md"
    code, stdout, err = run(["foi", str(force), "--today", "2026-11-21", "--out", str(out)], capsys)
    assert code == 0 and stdout == ""
    assert re.match(r"ddtapp: read 12 dossiers and drafted the response \(12 tools\) in \d+\.\d\d seconds\.\n", err)
    notes = tmp_path / "response-officer-notes.md"
    assert f"the FOI officer's working notes are in {notes}" in err and notes.is_file()
    text = out.read_text(encoding="utf-8")
    # the response holds nothing internal: no note for the officer, no dossier path or file, no location
    for internal in ("officer", "delete before sending", "tool.dates", ".yaml", "`"):
        assert internal not in text, internal
    assert "21 November 2026" in text
    assert (
        "The force has 12 tools: 2 currently in operational use, 1 formerly in operational use, 3 being piloted, "
        "3 in development, 3 abandoned before deployment."
    ) in text
    assert "3 tools have been deployed for operational use" in text
    tools = re.findall(r"^## Tool (\d+): (.+)$", text, re.MULTILINE)
    assert [n for _, n in tools] == [
        "Live Facial Recognition (DDT-01)",
        "Hotspot Map (DDT-02)",
        "Custody Dashboard (DDT-03)",
        "Project 8 (DDT-18)",
        "Project 7 (DDT-17)",
        "Project 6 (DDT-16)",
        "Project 5 (DDT-15)",
        "Project 4 (DDT-14)",
        "Project 3 (DDT-13)",
        "Project 2 (DDT-12)",
    ]
    assert "3. Custody Dashboard: deployed for operational use, but the deployment date is not recorded" in text
    listed = text.split("## Other tools: name and policy purpose", 1)[1]
    assert "| Project 0 | DDT-10 | Purpose of Project 0. |" in listed
    assert "| Project 1 | DDT-11 | Purpose of Project 1. |" in listed
    assert "seconds" not in text  # timings go to stderr only


def test_foi_gaps_listed_for_the_officer(force: Path, tmp_path: Path, capsys):
    notes_file = tmp_path / "notes.md"
    _, out, _err = run(["foi", str(force), "--today", "2026-11-21", "--notes", str(notes_file)], capsys)
    section = out.split("## Tool 3: Custody Dashboard (DDT-03)", 1)[1].split("## Tool 4", 1)[0]
    assert f"- First deployed for operational use: {NOT_RECORDED}" in section
    assert "record `" not in out
    notes = notes_file.read_text(encoding="utf-8")
    assert notes.startswith("# FOI request on digital decision tools: working notes for the FOI officer\n")
    section = notes.split("## Tool 3: Custody Dashboard", 1)[1].split("## Tool 4", 1)[0]
    assert re.search(
        r"^- Question 10: when the tool was first deployed for operational use: record "
        r"`tool\.dates\.deployment` \(.*undated\.yaml:\d+:\d+; no rule asks for it\)\.$",
        section,
        re.MULTILINE,
    )


def test_foi_output_is_byte_identical_and_order_independent(force: Path, tmp_path: Path, capsys):
    files = sorted(str(p) for p in force.rglob("*.yaml"))
    outs = []
    for i, order in enumerate([files, list(reversed(files))]):
        target = tmp_path / f"r{i}.md"
        assert run(["foi", *order, "--today", "2026-11-21", "-o", str(target)], capsys)[0] == 0
        outs.append(target.read_bytes())
    assert outs[0] == outs[1]


def test_foi_broken_dossier_skipped_reported_and_exit_two(force: Path, tmp_path: Path, capsys):
    broken = force / "broken.yaml"
    broken.write_text("schema_version: 2\ntool:\n  name: Broken\n\tmaturity: pilot\n", encoding="utf-8")
    out = tmp_path / "r.md"
    code, _, err = run(["foi", str(force), "--today", "2026-11-21", "-o", str(out)], capsys)
    assert code == 2
    assert re.search(rf"^ddtapp: {re.escape(str(broken))}:4:1: ", err, re.MULTILINE), err
    assert "Traceback" not in err
    text = out.read_text(encoding="utf-8")
    assert "broken.yaml" not in text and "The force has 12 tools" in text
    notes = (tmp_path / "r-officer-notes.md").read_text(encoding="utf-8")
    assert "1 dossier could not be read" in notes and "broken.yaml" in notes


def test_foi_scope_by_type(force: Path, tmp_path: Path, capsys):
    write_dossier(
        force,
        "frt.yaml",
        dossier("Retrospective FR", "pilot", types=("retrospective_facial_recognition",), pilot_start=D(2026, 3, 1)),
    )
    notes = force.parent / "scope-notes.md"
    args = ["foi", str(force), "--today", "2026-11-21", "--type", "retrospective_facial_recognition"]
    _, out, _ = run([*args, "--notes", str(notes)], capsys)
    assert (
        "Within the scope of this request (technology type retrospective facial recognition), the force has 1 tool"
        in out
    )
    assert "12 other tools in the dossiers are outside the scope given" in notes.read_text(encoding="utf-8")
    assert re.findall(r"^## Tool \d+: (.+)$", out, re.MULTILINE) == ["Retrospective FR"]


def test_foi_escapes_user_text(tmp_path: Path, capsys):
    write_dossier(tmp_path, "x.yaml", dossier("# Big | <b>tool</b>", "pilot", purpose="- [x](http://evil)"))
    _, out, _ = run(["foi", str(tmp_path), "--today", "2026-11-21"], capsys)
    assert "## Tool 1: \\# Big \\| \\<b\\>tool\\</b\\>" in out
    assert "- Policy purpose: - \\[x\\](http://evil)" in out


def test_foi_response_passes_a_markdown_linter(tmp_path: Path, capsys):
    from tests.test_register import HOSTILE, lint_markdown

    for i, name in enumerate(HOSTILE[:4]):  # a linter is slow on long documents: four tools show every construct
        write_dossier(
            tmp_path,
            f"h{i:02}.yaml",
            dossier(
                name, ["retired", "pilot"][i % 2], purpose=name, deployment=D(2026, 1, i + 1), pilot_start=D(2025, 1, 1)
            ),
        )
    (tmp_path / "broken.yaml").write_text("schema_version: 2\ntool: {name: [\n", encoding="utf-8")
    _, out, _ = run(["foi", str(tmp_path), "--today", "2026-11-21"], capsys)
    assert lint_markdown(out) == []


def test_other_tools_table_holds_hostile_names_intact(tmp_path: Path, capsys):
    from tests.test_register import HOSTILE, _table_rows

    for i, name in enumerate(HOSTILE):
        write_dossier(
            tmp_path,
            f"h{i:02}.yaml",
            dossier(name, "in_development", purpose=name, development_start=D(2020, 1, i + 1)),
        )
    _, out, _ = run(["foi", str(tmp_path), "--today", "2026-11-21"], capsys)
    listed = out.split("## Other tools: name and policy purpose", 1)[1]
    rows = _table_rows(listed, 0)
    assert rows[0] == ["Tool", "Reference", "Policy purpose"]
    # The oldest start is left out of the ten: HOSTILE[0], by name and purpose, read back exactly.
    assert rows[1:] == [[HOSTILE[0], "", HOSTILE[0]]]


def test_question_8_lists_a_document_recorded_at_two_gates_once(tmp_path, pack):
    eia = {"type": "equality_impact_assessment", "title": "EIA", "status": "approved", "location": "intranet/eia"}
    data = dossier(
        "Dashboard",
        "operational",
        extra={"engage": {"stakeholder_engagement": {"documents": [eia]}, "legal_framework": {"documents": [eia]}}},
    )
    t = answers_for(tmp_path, pack, data)
    assert t.answer(8).table.rows == (("equality impact assessment (EIA)", "EIA", "approved"),)
    assert t.locations == (("EIA", "intranet/eia"),)
