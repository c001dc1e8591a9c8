"""``ddtapp sign``: bind sign-offs to the facts they approved, by writing each one's fingerprint into the
dossier (ruamel round-trip: comments, order and layout kept), or list them with their state."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ddtapp.errors import EXIT_OK, InputError, Problem
from ddtapp.output.neutralise import neutralise

if TYPE_CHECKING:  # the loader and the change table load when the command runs, not for `--help`
    from ddtapp.changes.signoffs import SignOff
    from ddtapp.changes.table import Table


@dataclass
class SignOptions:
    dossier: str
    at: list[str] = field(default_factory=list)
    unbound: bool = False
    every: bool = False
    table: Path | None = None


def state_of(table: Table, sign_off: SignOff, data: Any) -> str:
    from ddtapp.changes.fingerprint import changed_facts
    from ddtapp.changes.signoffs import FIELD

    if not isinstance(sign_off.node.get(FIELD), dict):
        return "unbound"
    changed = changed_facts(table, sign_off, data)
    return "current" if changed is None else "stale: " + ", ".join(changed)


def _chosen(table: Table, found: list[SignOff], opts: SignOptions, data: Any, file: str) -> list[SignOff]:
    by_path = {s.where: s for s in found}
    unknown = [a for a in opts.at if a not in by_path]
    if unknown:
        names = ", ".join(by_path) or "none"
        raise InputError(
            [Problem(file, 1, 1, f"--at {unknown[0]}: no sign-off there", hint=f"Sign-offs in this dossier: {names}.")]
        )
    chosen = [by_path[a] for a in dict.fromkeys(opts.at)]
    for s in found:
        if s in chosen:
            continue
        if opts.every or (opts.unbound and state_of(table, s, data) == "unbound"):
            chosen.append(s)
    return chosen


#: Indentation styles tried in turn (mapping, sequence, offset): the first that gives the file back byte for
#: byte is used, so that only the fingerprints change. ddtapp init and the examples use the first.
STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))


def _round_trip(text: str) -> tuple[Any, Any]:
    from ruamel.yaml import YAML

    for mapping, sequence, offset in STYLES:
        editor = YAML(typ="rt")  # round-trip; the text has passed the checked loader
        editor.preserve_quotes = True
        editor.width = 4096
        editor.indent(mapping=mapping, sequence=sequence, offset=offset)
        doc = editor.load(text)
        buf = io.StringIO()
        editor.dump(doc, buf)
        if buf.getvalue() == text:
            return editor, doc
    print("ddtapp: the dossier's layout is not one ddtapp writes back exactly; check the diff.", file=sys.stderr)
    return editor, editor.load(text)


def _node(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def write_fingerprints(table: Table, file: str, chosen: list[SignOff], data: Any) -> str:
    """The dossier's text with a fresh fingerprint on each chosen sign-off; the rest of the text kept."""
    from ruamel.yaml.comments import CommentedMap

    from ddtapp.changes.diff import canonical
    from ddtapp.changes.fingerprint import changed_facts, facts_of, fingerprint
    from ddtapp.changes.signoffs import FIELD, SignOff
    from ddtapp.loading.yaml_loader import load_text

    text = Path(file).read_text(encoding="utf-8")
    load_text(text, file)  # the checked loader's limits (size, depth, aliases, core tags) on exactly this text
    yaml, doc = _round_trip(text)  # then ruamel's round-trip loader, which builds only data (typ="rt")
    facts = facts_of(table, data)
    for sign_off in chosen:
        fp = fingerprint(table, data, sign_off.spec, facts)
        value = CommentedMap([("sha256", fp["sha256"]), ("facts", _flow_lists(fp["facts"]))])
        if fp.get("values"):
            value["values"] = _flow_lists(fp["values"])
        node = _node(doc, sign_off.path)
        if node.fa.flow_style():
            node.fa.set_block_style()  # a fingerprint does not fit on the line: the mapping opens out
        node[FIELD] = value
    buf = io.StringIO()
    yaml.dump(doc, buf)
    out = buf.getvalue()
    # what will be on disk must read back as the same facts, each sign-off current
    again = load_text(out, file).data
    if canonical(_without_prints(again)) != canonical(_without_prints(data)) or any(
        changed_facts(table, SignOff(s.spec, s.path, _node(again, s.path)), again) is not None for s in chosen
    ):
        raise RuntimeError("the dossier written back does not hold the same facts")  # a bug: nothing written
    return out


def _flow_lists(mapping: dict[str, Any]) -> Any:
    """A mapping whose list values are written on one line each (``[a, b]``)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    out = CommentedMap()
    for key, value in mapping.items():
        if isinstance(value, list):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            value = seq
        out[key] = value
    return out


def _without_prints(value: Any) -> Any:
    from ddtapp.changes.signoffs import FIELD

    if isinstance(value, dict):
        return {k: _without_prints(v) for k, v in value.items() if k != FIELD}
    if isinstance(value, list):
        return [_without_prints(v) for v in value]
    return value


def run_sign(opts: SignOptions) -> int:
    """Exit code 0; 2 for an unreadable dossier or a sign-off that is not there (nothing written)."""
    from ddtapp.changes.signoffs import sign_offs
    from ddtapp.changes.table import load_table
    from ddtapp.checker.engine import validate_dossier
    from ddtapp.dossier.migrate import version_of
    from ddtapp.dossier.version import SCHEMA_VERSION
    from ddtapp.loading.yaml_loader import load_file

    loaded = load_file(opts.dossier)
    version = version_of(loaded.data)
    if version is not None and version < SCHEMA_VERSION:
        raise InputError(
            f"{opts.dossier} is in schema version {version}: run `ddtapp migrate {opts.dossier}` first, so that the "
            "fingerprint covers the facts as the current format records them."
        )
    validate_dossier(loaded)
    table = load_table(opts.table)
    found = list(sign_offs(loaded.data, table.sign_offs))
    if not (opts.at or opts.unbound or opts.every):
        for s in found:
            print(neutralise(f"{s.where}: {s.spec.name}: {state_of(table, s, loaded.data)}"))
        if not found:
            print(f"{neutralise(opts.dossier)}: no sign-offs recorded.")
        return EXIT_OK
    chosen = _chosen(table, found, opts, loaded.data, loaded.file)
    if not chosen:
        print(f"{neutralise(opts.dossier)}: nothing to sign.", file=sys.stderr)
        return EXIT_OK
    text = write_fingerprints(table, opts.dossier, chosen, loaded.data)
    from ddtapp.output.safe_write import write_atomic

    write_atomic(Path(opts.dossier), text)
    for s in chosen:
        print(neutralise(f"{s.where}: {s.spec.name}: fingerprint written."))
    return EXIT_OK


def sign_command(
    dossier: Annotated[str, typer.Argument(help="The dossier whose sign-offs to bind.", show_default=False)],
    at: Annotated[
        list[str] | None,
        typer.Option(
            "--at",
            metavar="PATH",
            help="Bind (or re-approve) the sign-off at this path, e.g. engage.legal_framework.gate (repeatable).",
        ),
    ] = None,
    unbound: Annotated[
        bool, typer.Option("--unbound", help="Bind every sign-off that has no fingerprint yet.")
    ] = False,
    every: Annotated[
        bool, typer.Option("--all", help="Re-approve every sign-off: fingerprint all of them anew.")
    ] = False,
    table: Annotated[
        Path | None,
        typer.Option("--table", help="A change-control table to use instead of rules/change-control.yaml."),
    ] = None,
) -> None:
    """``ddtapp sign`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    raise typer.Exit(run_sign(SignOptions(dossier=dossier, at=at or [], unbound=unbound, every=every, table=table)))
