"""Compare two versions of a dossier: the changes, classified, with the date of the change and the
reviews it triggers. Works on plain data, so it compares across schema versions too."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ddtapp.changes import paths
from ddtapp.changes.classify import Assessment, assess_reviews, change_log_date, classify
from ddtapp.changes.diff import diff
from ddtapp.changes.table import Table
from ddtapp.errors import InputError, Problem
from ddtapp.loading.yaml_loader import Loaded


def require_mapping(loaded: Loaded) -> dict[str, Any]:
    if not isinstance(loaded.data, dict):
        raise InputError(
            [Problem(loaded.file, 1, 1, "a dossier must be a mapping of keys", hint="Compare two dossier files.")]
        )
    return loaded.data


def applicable_reviews(table: Table, data: dict[str, Any]) -> set[str]:
    """The reviews that apply to the dossier as it now stands: no DPIA review for a tool that processes
    no personal data, no demographic re-test for one that neither learns nor identifies."""
    out = set()
    for review_id, conditions in table.review_conditions.items():
        if not conditions or any(v is True for c in conditions for _p, v in paths.select(data, c)):
            out.add(review_id)
    return out


def compare(
    table: Table,
    old: Loaded,
    new: Loaded,
    today: dt.date,
    new_commit_date: dt.date | None = None,
    old_commit_date: dt.date | None = None,
) -> Assessment:
    """The date of the change is the newest change-log entry NEW adds, else NEW's commit date, else today."""
    old_data, new_data = require_mapping(old), require_mapping(new)
    applicable = applicable_reviews(table, new_data)
    changes = []
    for raw in diff(old_data, new_data):
        change = classify(table, raw, old_data, new_data)
        if any(t not in applicable for t in change.triggers):
            change = dataclasses.replace(change, triggers=tuple(t for t in change.triggers if t in applicable))
        changes.append(change)
    logged = change_log_date(table, old_data, new_data)
    if logged is not None:
        date, source = logged, "the dossier's change log"
    elif new_commit_date is not None:
        date, source = new_commit_date, "git commit date"
    else:
        date, source = today, "--today"
    reviews = assess_reviews(table, changes, old_data, new_data, date, old_commit_date)
    return Assessment(changes, date, source, reviews)
