"""``ddtapp explain``: one rule in full (what it finds, its basis on the day, what to write to fix it)."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from ddtapp.commands.options import RulesOpt, parse_today, today_option
from ddtapp.errors import EXIT_OK, InputError

if TYPE_CHECKING:  # the pack loads when a command runs, not for `--help`
    from ddtapp.pack.rulepack import Rule, RuleExamples, RulePack


#: Words for the placeholders a rule's message fills in when it reports a finding (the gate rules name the
#: section, document, roles and question of the finding), for ``explain``, which has no finding to name.
PLACEHOLDERS = {
    "section": "In a stage section",
    "document": "document (for example the DPIA or the governance schematic)",
    "roles": "the roles the APP names for that decision",
    "question": "the question the APP asks before that stage goes ahead",
}


class _Words(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return key.replace("_", " ")


def _filled(text: str) -> str:
    """A rule's message with its placeholders put in words (``{section}`` -> "In a stage section")."""
    try:
        return text.format_map(_Words(PLACEHOLDERS))
    except (ValueError, IndexError, AttributeError, KeyError):  # braces that are not placeholders
        return text


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@dataclass(frozen=True)
class Fix:
    """What turns a rule's failing example into its passing one. ``write``: YAML lines from the passing
    example, each key written with its whole value (a list whole, a flow mapping whole), under the keys above
    it, which only say where it goes; keys of a mapping not written stay as they are. ``take_out``: the
    dotted paths of keys the failing example has and the passing one does not."""

    write: list[str]
    take_out: list[str]


def fix_for(failing: str, passing: str) -> Fix:
    """Compare the two examples as data (not as text) and pick the passing example's lines for what differs."""
    from ddtapp.loading.yaml_loader import load_text

    try:
        fail, good = load_text(failing, "fail.yaml"), load_text(passing, "pass.yaml")
    except InputError:  # a force's own rule with an example that is not YAML: explain shows it as it is
        return Fix([], [])
    lines = passing.rstrip().splitlines()
    keep: set[int] = set()
    take_out: list[str] = []

    def line_of(path: str) -> int:
        return good.locate(path)[0] - 1

    def write(path: str, parents: list[str]) -> None:
        # a key in a flow mapping shares its parent's line: write the parent whole
        while parents and line_of(parents[-1]) == line_of(path):
            path = parents.pop()
        first = line_of(path)
        keep.update(line_of(p) for p in parents)
        keep.add(first)
        indent = _indent_of(lines[first])
        nested_list = lines[first].rstrip().endswith(":")  # a block list may sit at its key's own indent
        for i in range(first + 1, len(lines)):
            text = lines[i]
            if text.strip() and _indent_of(text) < indent:
                break
            if text.strip() and _indent_of(text) == indent and not (nested_list and text.lstrip().startswith("- ")):
                break
            keep.add(i)

    def walk(have: Any, want: Any, path: str, parents: list[str]) -> None:
        for key, value in want.items():
            here = f"{path}.{key}" if path else str(key)
            if key not in have:
                write(here, list(parents))
            elif isinstance(value, dict) and isinstance(have[key], dict):
                walk(have[key], value, here, [*parents, here])
            elif value != have[key] or type(value) is not type(have[key]):
                write(here, list(parents))
        take_out.extend(f"{path}.{key}" if path else str(key) for key in have if key not in want)

    if isinstance(fail.data, dict) and isinstance(good.data, dict):
        walk(fail.data, good.data, "", [])
    return Fix([line for i, line in enumerate(lines) if i in keep and line.strip()], take_out)


def what_to_write(failing: str, passing: str) -> list[str]:
    """The YAML lines of :func:`fix_for`: what to write so that the failing example passes."""
    return fix_for(failing, passing).write


class _Page:
    """Explain's output: prose wrapped between words to ``width`` (None: each line whole, as for a pipe),
    continuation lines hanging under the first; YAML written as it is."""

    def __init__(self, out: IO[str], width: int | None) -> None:
        self.out = out
        self.width = width

    def text(self, text: str, indent: int = 0, hang: int = 2) -> None:
        from ddtapp.output.terminal import breaks

        if self.width is None:
            self.out.write(" " * indent + text + "\n")
            return
        starts = [0, *breaks(text, max(self.width - indent - hang, 20)), len(text)]
        for i in range(len(starts) - 1):
            part = text[starts[i] : starts[i + 1]].rstrip()
            self.out.write(" " * (indent + (hang if i else 0)) + part + "\n")

    def blank(self) -> None:
        self.out.write("\n")

    def yaml(self, lines: list[str]) -> None:
        # Never wrapped: a YAML line broken in two is other YAML (a plain scalar folds, a key or a flow
        # mapping breaks), so what is pasted from here would no longer be what the rule was checked
        # against. A line wider than the terminal is left for the terminal to fold.
        self.out.write("".join(f"    {line}\n" for line in lines))


def _law_day(day: str, since: str | None, until: str | None) -> str:
    """The day whose names of the law word a dated variant: ``day`` itself when the variant is in force on
    it, else the variant's last day (or its first, when it has no end)."""
    from ddtapp.pack.basis import in_force

    if in_force(since, until, day):
        return day
    return until or since or day


def explain(
    pack: RulePack, rule_id: str, out: IO[str] = sys.stdout, today: dt.date | None = None, width: int | None = None
) -> int:
    """Explain one rule as the law stood on ``today`` (default: today), wrapped to ``width`` columns."""
    from ddtapp.pack.records import phase_words

    rule = pack.rule(rule_id.upper())
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), [r.id for r in pack.rules], n=1)
        hint = f" Did you mean {close[0]}?" if close else " See `ddtapp rules`."
        raise InputError(f"no rule '{rule_id}'.{hint}")
    day = (today or dt.date.today()).isoformat()
    on = rule.on(day)  # the message and remediation in that day's words, as `check` reports them
    s = rule.spec
    page = _Page(out, width)
    page.text(f"{s.id}: {s.title}")
    page.blank()
    page.text(
        f"Severity: {rule.severity_on(day)}   Stage: {rule.section.stage} › {rule.section.name}   "
        f"Applies from impact tier: {s.min_tier}   Kind: {s.kind}"
    )
    page.text(f"Applies while the tool is: {phase_words(rule.phases)}")
    page.blank()
    page.text(f"What it finds (the law on {day})")
    if not on.applies:
        page.text("Does not apply on this day: the law it enforces was not in force.", indent=2)
    page.text(_filled(on.message), indent=2, hang=0)
    page.blank()
    _explain_why(rule, pack, page, day)
    if s.judgement:
        page.blank()
        page.text("What it cannot judge")
        page.text(s.judgement, indent=2, hang=0)
    page.blank()
    page.text("How to fix")
    page.text(_filled(on.remediation), indent=2, hang=0)
    if s.examples:
        _explain_examples(s.examples, page)
    return EXIT_OK


def _explain_why(rule: Rule, pack: RulePack, page: _Page, day: str) -> None:
    """The APP requirements, the legislation, the basis in law and the dates a rule applies on."""
    from ddtapp.pack.basis import binding_sources, describe, law_words
    from ddtapp.pack.rulepack import why_app

    s = rule.spec
    page.text("Why (APP)")
    if s.app_refs:
        page.text(f"{', '.join(s.app_refs)} — {s.app_section}", indent=2)
        page.text(f'"{s.quote}"', indent=2, hang=0)
    else:
        page.text(why_app(s), indent=2, hang=0)
    for ref in s.app_refs:
        entry = pack.catalogue.get(ref)
        if entry:
            page.text(f"{ref} [{entry.modality}]: {entry.summary}", indent=2)
    if s.legislation:
        page.text(f"Legislation: {'; '.join(s.legislation)}", indent=2)
    binding = "binding" if binding_sources(rule.basis, rule.modality) else "not binding: a warning at most"
    page.blank()
    page.text(f"Basis ({binding})")
    for line in describe(rule.basis):
        page.text(line, indent=2)
    for d in s.dated:
        days = f"{d.from_ or 'any day'} to {d.until or 'today'}"
        if not d.applies:
            page.text(f"Does not apply {days}: {d.note or 'the law it enforces was not in force'}", indent=2)
        elif d.message:
            worded = law_words(d.message, rule.law, _law_day(day, d.from_, d.until))
            page.text(f"Worded for {days}: {_filled(worded)}", indent=2)


def _explain_examples(examples: RuleExamples, page: _Page) -> None:
    """What to write, then the rule's passing and failing examples."""
    fix = fix_for(examples.failing, examples.passing)
    if fix.write:
        page.blank()
        page.text(
            "What to write (makes the failing example pass; each key with its whole value, under the keys above it)"
        )
        page.yaml(fix.write)
    if fix.take_out:
        page.blank()
        page.text("What to take out (the keys that make it fail)")
        page.yaml(fix.take_out)
    page.blank()
    page.text("Passes")
    page.yaml(examples.passing.rstrip().splitlines())
    when = f", judged at {examples.today}" if examples.today else ""
    page.blank()
    page.text(f"Fails (finding at line {examples.fail_line}{when})")
    page.yaml(examples.failing.rstrip().splitlines())


def explain_command(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id, e.g. FRT-004.", show_default=False)],
    rules: RulesOpt = None,
    today: Annotated[str | None, today_option("Word the rule for the law in force on this date")] = None,
) -> None:
    """``ddtapp explain`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    import io

    from ddtapp.output.neutralise import neutralise_block
    from ddtapp.output.terminal import terminal_width
    from ddtapp.pack.rulepack import load_pack

    day = parse_today(today)
    text = io.StringIO()
    code = explain(load_pack(rules or []), rule_id, text, day, terminal_width(sys.stdout))
    sys.stdout.write(neutralise_block(text.getvalue()))  # a force pack's words are shown, never obeyed
    raise typer.Exit(code)
