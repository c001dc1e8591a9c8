"""Dossier format migrations: a chain of small steps, one per schema version (``STEPS[1]`` turns version 1
into version 2). A future version 3 adds ``STEPS[2]``.

Each step edits the mapping in place, through the few helpers below, so that the same step serves both
callers: ``check`` (plain dicts, migrated in memory) and ``ddtapp migrate`` (ruamel round-trip maps, whose
comments, key order and quoting are kept). A step returns what it moved (old path -> new path), so that
a finding on a migrated dossier still points at the line the user wrote, and the notes on what it could
not map structurally (e.g. free-text watchlist criteria, kept as an ``other`` category with the text).
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ddtapp.dossier.version import SCHEMA_VERSION
from ddtapp.loading.yaml_loader import Loaded, Positions

Mapping = MutableMapping[str, Any]


@dataclass
class Migration:
    """What a chain of steps did to one dossier."""

    from_version: int
    moves: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path in the migrated dossier, what to do)

    def move(self, old: str, new: str) -> None:
        self.moves.append((old, new))

    def note(self, path: str, text: str) -> None:
        self.notes.append((path, text))


# ---------------------------------------------------------------- editing helpers (dict or ruamel map)


def _new_map(like: Any) -> Mapping:
    return type(like)() if isinstance(like, MutableMapping) else {}


def _new_list(like: Any, flow: bool = False) -> list[Any]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(like, CommentedMap):
        return []
    seq = CommentedSeq()
    if flow:
        seq.fa.set_flow_style()
    return seq


def _rename(mapping: Mapping, old: str, new: str, value: Any = None, replace: bool = False) -> None:
    """Put ``new`` where ``old`` stood (keeping the key order and, in a ruamel map, old's comment)."""
    keys = list(mapping)
    position = keys.index(old)
    current = mapping[old]
    insert = getattr(mapping, "insert", None)
    comments = getattr(getattr(mapping, "ca", None), "items", None)
    del mapping[old]
    target = value if replace else current
    if insert is not None:
        insert(position, new, target)
        if comments is not None and old in comments:
            comments[new] = comments.pop(old)
        return
    tail = {k: mapping.pop(k) for k in keys[position + 1 :]}
    mapping[new] = target
    mapping.update(tail)


def _put_before(mapping: Mapping, key: str, value: Any, before: tuple[str, ...]) -> None:
    """Add ``key`` before the first of ``before`` present (or at the end)."""
    keys = list(mapping)
    for anchor in before:
        if anchor in keys:
            position = keys.index(anchor)
            insert = getattr(mapping, "insert", None)
            if insert is not None:
                insert(position, key, value)
            else:
                tail = {k: mapping.pop(k) for k in keys[position:]}
                mapping[key] = value
                mapping.update(tail)
            return
    mapping[key] = value


def _map_at(data: Mapping, *keys: str) -> Mapping | None:
    node: Any = data
    for key in keys:
        if not isinstance(node, MutableMapping):
            return None
        node = node.get(key)
    return node if isinstance(node, MutableMapping) else None


# ---------------------------------------------------------------- version 1 -> 2


def _v1_watchlists(data: Mapping, m: Migration) -> None:
    policy = _map_at(data, "governance", "privacy_policy")
    lists = policy.get("person_of_interest_databases") if policy else None
    for i, db in enumerate(lists if isinstance(lists, list) else []):
        if not isinstance(db, MutableMapping) or "inclusion_criteria" not in db:
            continue
        base = f"governance.privacy_policy.person_of_interest_databases[{i}]"
        text = db["inclusion_criteria"]
        if text is None or (isinstance(text, str) and not text.strip()):
            del db["inclusion_criteria"]
            continue
        category = _new_map(db)
        category["category"] = "other"
        category["description"] = text
        categories = _new_list(db)
        categories.append(category)
        _rename(db, "inclusion_criteria", "categories", categories, replace=True)
        m.move(f"{base}.inclusion_criteria", f"{base}.categories[0].description")
        m.move(f"{base}.inclusion_criteria", f"{base}.categories")
        m.note(
            f"{base}.categories[0]",
            "free-text watchlist criteria kept as category 'other': split them into categories from the "
            "vocabulary (wanted_on_warrant, suspected_of_offence, ...), or give a justification",
        )


def _v1_test(test: Mapping, old: str, new: str, m: Migration, purpose: str) -> None:
    """One v1 demographic or force-data test, edited in place into a v2 validation test."""
    renames = {"similarity_threshold": "threshold", "results": "summary"}
    for key, to in renames.items():
        if key in test:
            _rename(test, key, to)
            m.move(f"{old}.{key}", f"{new}.{to}")
    if "independent" in test:
        independent = test["independent"]
        if independent is True:
            _rename(test, "independent", "conducted_by", "independent", replace=True)
            m.move(f"{old}.independent", f"{new}.conducted_by")
        else:
            del test["independent"]
            m.note(new, "who ran the test (force or supplier) is not recorded: set conducted_by")
    found = test.pop("disparity_found", None) if "disparity_found" in test else None
    action = test.get("actions")
    if found is True:
        disparity = _new_map(test)
        if action is not None:
            disparity["action"] = action
        disparities = _new_list(test)
        disparities.append(disparity)
        if "actions" in test:
            _rename(test, "actions", "disparities", disparities, replace=True)
        else:
            test["disparities"] = disparities
        m.move(f"{old}.actions", f"{new}.disparities[0].action")
        m.move(f"{old}.actions", f"{new}.disparities")
        m.note(
            f"{new}.disparities[0]",
            "a disparity was found: record its characteristic, metric, decision and who decided (decided_by)",
        )
    elif "actions" in test:
        test["summary"] = f"{test.get('summary') or ''} Actions: {action}".strip()
        del test["actions"]
    if "purpose" not in test:
        purposes = _new_list(test, flow=True)
        purposes.append(purpose)
        insert = getattr(test, "insert", None)
        if insert is not None:
            insert(0, "purpose", purposes)
        else:
            test["purpose"] = purposes
    m.note(new, "record the version, configuration and threshold tested, and results per metric and group")


def _v1_tests(data: Mapping, m: Migration) -> None:
    """``engage.legal_framework.psed.demographic_testing`` and ``evolve.design.force_data_testing`` become
    ``validation.tests`` (version 1 had no ``validation``)."""
    psed = _map_at(data, "engage", "legal_framework", "psed")
    design = _map_at(data, "evolve", "design")
    demographic = psed.get("demographic_testing") if psed else None
    force_test = design.get("force_data_testing") if design else None
    if "validation" in data or (not isinstance(demographic, list) and not isinstance(force_test, MutableMapping)):
        return
    validation = _new_map(data)
    tests = demographic if isinstance(demographic, list) else _new_list(data)
    validation["tests"] = tests
    _put_before(data, "validation", validation, ("risk_register", "sign_off", "waivers"))
    if psed is not None and isinstance(demographic, list):
        old_list = "engage.legal_framework.psed.demographic_testing"
        m.move(old_list, "validation.tests")
        m.move(old_list, "validation")
        for i, test in enumerate(tests):
            if isinstance(test, MutableMapping):
                _v1_test(test, f"{old_list}[{i}]", f"validation.tests[{i}]", m, "demographic")
        del psed["demographic_testing"]
    if design is not None and isinstance(force_test, MutableMapping):
        j, old = len(tests), "evolve.design.force_data_testing"
        force_test.setdefault("on_force_data", True)
        tests.append(force_test)
        _v1_test(force_test, old, f"validation.tests[{j}]", m, "accuracy")
        m.move(old, f"validation.tests[{j}]")
        if len(tests) == 1:
            m.move(old, "validation")
        del design["force_data_testing"]


def _v1_supplier(data: Mapping, m: Migration) -> None:
    """The supplier's access to force data was words only: the words stay, and the structured facts the rules
    read (``personal_data_access``, ``processor``) are for the force to give, not for ddtapp to guess."""
    supplier = _map_at(data, "tool", "supplier")
    text = supplier.get("data_access") if supplier else None
    if supplier is not None and isinstance(text, str) and text.strip() and "personal_data_access" not in supplier:
        m.note(
            "tool.supplier",
            "the supplier's access to force data is described in words only: record personal_data_access "
            "(none, aggregate_only or personal_data) and whether it is a processor",
        )


def v1_to_v2(data: Mapping, m: Migration) -> None:
    """Version 1 -> 2: watchlist criteria become categories; tests move to ``validation.tests``."""
    _v1_watchlists(data, m)
    _v1_tests(data, m)
    _v1_supplier(data, m)
    data["schema_version"] = 2


#: ``STEPS[n]`` migrates version n to n + 1.
STEPS: dict[int, Callable[[Mapping, Migration], None]] = {1: v1_to_v2}


def version_of(data: Any) -> int | None:
    version = data.get("schema_version") if isinstance(data, MutableMapping) else None
    return version if type(version) is int else None


def migrate_data(data: Mapping) -> Migration | None:
    """Migrate ``data`` in place to the current version; None when there was nothing to do (the version is
    current, or not one ddtapp can migrate: validation then reports it)."""
    version = version_of(data)
    if version is None or version >= SCHEMA_VERSION or version not in STEPS:
        return None
    migration = Migration(version)
    while version < SCHEMA_VERSION and version in STEPS:
        STEPS[version](data, migration)
        version += 1
    return migration


def remap_positions(positions: dict[str, tuple[int, int]], moves: list[tuple[str, str]]) -> None:
    """Give each moved path (and everything under it) the position its old path had; keep the old ones."""
    for old, new in moves:
        for path, pos in list(positions.items()):
            if path == old:
                positions.setdefault(new, pos)
            elif path.startswith(old) and path[len(old)] in ".[":
                positions.setdefault(new + path[len(old) :], pos)


def migrate_loaded(loaded: Loaded) -> Migration | None:
    """Migrate a loaded dossier in memory (for ``check``), keeping findings on the lines the user wrote."""
    data = loaded.data
    if not isinstance(data, dict):
        return None
    migration = migrate_data(data)
    if migration is not None:
        positions = loaded.positions
        if isinstance(positions, Positions):
            positions.move(migration.moves)
        elif isinstance(positions, dict):
            remap_positions(positions, migration.moves)
    return migration
