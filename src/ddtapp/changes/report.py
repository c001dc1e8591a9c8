"""The changes between dossier versions, in words: text for a terminal, JSON for tools, Markdown for a
pull-request comment or a CI job summary. Same input, same bytes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass
from typing import Any

from ddtapp.changes.classify import Assessment, Change, ReviewStatus
from ddtapp.output.markdown_text import code, inline
from ddtapp.output.neutralise import neutralise
from ddtapp.output.words import plural

#: Longest text value quoted in a sentence before it is cut.
QUOTE_LIMIT = 80
#: Keys that name a mapping when it is quoted whole, in order of preference.
NAME_KEYS = ("name", "title", "id", "type", "option", "alternative", "body", "role", "rule", "date")


@dataclass(frozen=True)
class DossierDiff:
    """One dossier's comparison: ``old_label`` says where the old version came from."""

    file: str
    old_label: str
    status: str  # "changed", "unchanged", "new", "removed"
    assessment: Assessment | None


def value_words(value: Any) -> str:
    """A value as a sentence quotes it: text in quotes (cut at QUOTE_LIMIT), a mapping by its name."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = " ".join(value.split())
        return repr(text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…")
    if isinstance(value, dict):
        for key in NAME_KEYS:
            if isinstance(value.get(key), str | int | float | dt.date) and not isinstance(value.get(key), bool):
                return f"{key} {value_words(value[key])}"
        return plural(len(value), "field")
    if isinstance(value, list):
        return (
            ", ".join(value_words(v) for v in value)
            if all(not isinstance(v, dict | list) for v in value)
            else plural(len(value), "item")
        )
    return "null" if value is None else str(value)


def sentence(change: Change) -> str:
    raw = change.raw
    if raw.kind == "changed":
        return f"{change.label} changed from {value_words(raw.old)} to {value_words(raw.new)}"
    if raw.kind == "added":
        return f"{change.label} added: {value_words(raw.new)}"
    return f"{change.label} removed: {value_words(raw.old)}"


def _counts(diffs: list[DossierDiff]) -> tuple[int, int, int, int]:
    sig = minor = outstanding = changed = 0
    for d in diffs:
        if d.assessment is None or not d.assessment.changes:
            continue
        changed += 1
        sig += sum(c.significance == "significant" for c in d.assessment.changes)
        minor += sum(c.significance == "minor" for c in d.assessment.changes)
        outstanding += len(d.assessment.outstanding)
    return changed, sig, minor, outstanding


def summary_line(diffs: list[DossierDiff]) -> str:
    changed, sig, minor, outstanding = _counts(diffs)
    new = sum(d.status == "new" for d in diffs)
    gone = sum(d.status == "removed" for d in diffs)
    parts = [
        f"{plural(changed, 'dossier', grouped=True)} changed",
        plural(sig, "significant change", grouped=True),
        f"{minor:,} minor",
    ]
    if new:
        parts.append(f"{plural(new, 'new dossier', grouped=True)}")
    if gone:
        parts.append(f"{plural(gone, 'dossier', grouped=True)} removed")
    tail = "every triggered review recorded"
    if outstanding:
        tail = f"{plural(outstanding, 'review', grouped=True)} not yet recorded"
    return f"{', '.join(parts)}; {tail}."


def _review_words(review: ReviewStatus, change_date: dt.date) -> str:
    if review.recorded:
        return f"{review.name}: recorded ({review.latest.isoformat() if review.latest else 'date not given'})"
    last = f"; last recorded {review.latest.isoformat()}" if review.latest else "; none recorded"
    return f"{review.name}: NOT recorded on or after {change_date.isoformat()}{last}. {review.how}"


#: Where a change's sentence starts on its line (after the class column), and where its lines go on.
CLASS_WIDTH = 11


def render_text(diffs: list[DossierDiff], width: int | None = None) -> str:
    """The report for a person: each line whole (a pipe, a file, a CI log), or at a terminal ``width``
    columns wide wrapped between words, never inside one, each continuation hanging under its text. What
    a dossier says (file names, keys, values) is shown, never obeyed: control characters are escaped and a
    line a CI runner would read as a command is defused (:mod:`ddtapp.output.neutralise`)."""
    lines: list[tuple[int, int, str]] = []  # (indent, hang, text)

    def line(text: str = "", indent: int = 0, hang: int = 4) -> None:
        lines.append((indent, hang, text))

    for d in diffs:
        if d.status == "new":
            line(f"{d.file}: new dossier (not in {d.old_label}); `ddtapp check` judges it whole.")
            continue
        if d.status == "removed":
            line(f"{d.file}: dossier removed since {d.old_label}; update the register and published records.")
            continue
        a = d.assessment
        if a is None:
            continue
        if not a.changes:
            line(f"{d.file}: no changes from {d.old_label}.")
            line()
            continue
        line(f"{d.file} (against {d.old_label}), changed {a.change_date.isoformat()} ({a.change_date_source})")
        for c in a.changes:
            line(f"{c.significance:<{CLASS_WIDTH}}  {sentence(c)}  [{c.path}]", 2, CLASS_WIDTH + 2)
            if c.triggers:
                names = [r.name for r in a.reviews if r.id in c.triggers]
                line(f"triggers: {', '.join(names)}", 2 + CLASS_WIDTH + 2, 4)
        if a.reviews:
            line("Reviews:", 2)
            for r in a.reviews:
                line(_review_words(r, a.change_date), 4, 4)
        line()
    line(summary_line(diffs))
    return "".join(_wrapped(neutralise(text), indent, hang, width) for indent, hang, text in lines)


def _wrapped(text: str, indent: int, hang: int, width: int | None) -> str:
    """One line of the report, wrapped between words to ``width`` (the terminal's own rule: a word longer
    than the line, such as a long dossier path, is kept whole)."""
    if not text:
        return "\n"
    if width is None:
        return " " * indent + text + "\n"
    from ddtapp.output.terminal import breaks

    cuts = [0, *breaks(text, max(width - indent - hang, 20)), len(text)]
    parts = [text[a:b].rstrip() for a, b in itertools.pairwise(cuts)]
    return "".join(" " * (indent + (hang if i else 0)) + part + "\n" for i, part in enumerate(parts))


def _json_value(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def render_json(diffs: list[DossierDiff], version: str) -> str:
    changed, sig, minor, outstanding = _counts(diffs)
    doc: dict[str, Any] = {
        "ddtapp_version": version,
        "summary": {
            "dossiers_changed": changed,
            "significant": sig,
            "minor": minor,
            "reviews_outstanding": outstanding,
        },
        "dossiers": [],
    }
    for d in diffs:
        entry: dict[str, Any] = {"file": d.file, "against": d.old_label, "status": d.status}
        a = d.assessment
        if a is not None:
            entry["change_date"] = a.change_date.isoformat()
            entry["change_date_source"] = a.change_date_source
            entry["changes"] = [
                {
                    "path": c.path,
                    "kind": c.raw.kind,
                    "class": c.significance,
                    "change": c.row_id or None,
                    "label": c.label,
                    "description": sentence(c),
                    "old": _json_value(c.raw.old),
                    "new": _json_value(c.raw.new),
                    "triggers": list(c.triggers),
                    "app_refs": list(c.app_refs),
                }
                for c in a.changes
            ]
            entry["reviews"] = [
                {
                    "review": r.id,
                    "name": r.name,
                    "triggered_by": list(r.triggered_by),
                    "recorded": r.recorded,
                    "latest": r.latest.isoformat() if r.latest else None,
                    "how": r.how,
                    "app_refs": list(r.app_refs),
                    "basis": list(r.basis),
                }
                for r in a.reviews
            ]
        doc["dossiers"].append(entry)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _md(value: object) -> str:
    """Literal text in a Markdown line or table cell (addresses stay text: the report is published as is)."""
    return str(inline(value, links=False))


def render_markdown(diffs: list[DossierDiff]) -> str:
    lines = ["## ddtapp: changes to dossiers", "", summary_line(diffs), ""]
    for d in diffs:
        if d.status == "new":
            lines += [
                f"### {code(d.file)} (new)",
                "",
                f"Not in {_md(d.old_label)}; `ddtapp check` judges it whole.",
                "",
            ]
            continue
        if d.status == "removed":
            lines += [
                f"### {code(d.file)} (removed)",
                "",
                f"Removed since {_md(d.old_label)}; update the register and published records.",
                "",
            ]
            continue
        a = d.assessment
        if a is None:
            continue
        if not a.changes:
            lines += [f"### {code(d.file)}", "", f"No changes from {_md(d.old_label)}.", ""]
            continue
        lines += [
            f"### {code(d.file)}",
            "",
            f"Against {_md(d.old_label)}; changed {a.change_date.isoformat()} ({_md('from ' + a.change_date_source)}).",
            "",
            "| Class | Change | Path | Reviews triggered |",
            "|---|---|---|---|",
        ]
        names = {r.id: r.name for r in a.reviews}
        for c in sorted(a.changes, key=lambda c: c.significance != "significant"):
            triggered = ", ".join(names[t] for t in c.triggers if t in names) or "-"
            label = "**significant**" if c.significance == "significant" else "minor"
            lines.append(f"| {label} | {_md(sentence(c))} | {code(c.path)} | {_md(triggered)} |")
        if a.reviews:
            lines += ["", "| Review | Status | APP |", "|---|---|---|"]
            for r in a.reviews:
                status = (
                    f"recorded {r.latest.isoformat() if r.latest else ''}".strip()
                    if r.recorded
                    else f"**not recorded** on or after {a.change_date.isoformat()}: {_md(r.how)}"
                )
                lines.append(f"| {_md(r.name)} | {status} | {', '.join(r.app_refs)} |")
        lines.append("")
    return "\n".join(lines)
