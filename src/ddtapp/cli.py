"""The command line. Thin: each command gathers options and calls one function that returns an
exit code. One handler maps exceptions to exit codes (2 input, 3 internal, 130 Ctrl-C)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

from ddtapp import __version__
from ddtapp.commands.coercion import install as _plain_values_without_pydantic
from ddtapp.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, DdtappError, Terminated

_plain_values_without_pydantic()

app = typer.Typer(
    name="ddtapp",
    help="Check police data-driven technology dossiers against the College of Policing APP.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"traceback": False}


def _version(value: bool) -> None:
    if value:
        print(f"ddtapp {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
    show_traceback: Annotated[
        bool, typer.Option("--traceback", help="Show the full traceback of an internal error.")
    ] = False,
) -> None:
    _state["traceback"] = show_traceback


def _parse_today(value: str | None) -> dt.date:
    if value is None:
        env = os.environ.get("DDTAPP_TODAY")
        if env:
            value = env
        else:
            return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD", param_hint="--today") from None


FAIL_ON = ("error", "warning", "info", "never")


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Dossier files, folders (searched recursively) or globs. Default: 'paths' in the configuration.",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            envvar="DDTAPP_FAIL_ON",
            show_default=False,
            help="Lowest severity that fails the run: error (default), warning, info or never.",
        ),
    ] = None,
    output_format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="Output format, NAME or NAME:PATH, repeatable: "
            "text (default), json, sarif, junit, github, gitlab, markdown.",
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report to this file (with a single format).")
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="Date to check review dates against (YYYY-MM-DD); default today, or $DDTAPP_TODAY."
        ),
    ] = None,
    show_waived: Annotated[
        bool, typer.Option("--show-waived", help="Also list findings that a waiver accepts.")
    ] = False,
    explain_tier: Annotated[
        bool, typer.Option("--explain-tier", help="Show how the impact tier was derived, fact by fact.")
    ] = False,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="A folder of the force's own rules (repeatable; adds to the configuration's)."),
    ] = None,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color", help="Force colour on or off (default: on for a terminal, off with NO_COLOR)."
        ),
    ] = None,
    disable: Annotated[
        list[str] | None,
        typer.Option("--disable", help="Disable a rule by id (repeatable; adds to the configuration's)."),
    ] = None,
    severity: Annotated[
        list[str] | None,
        typer.Option(
            "--severity",
            help="Change a rule's severity: RULE-ID=error|warning|info (repeatable; wins over the configuration).",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", help="Leave out files and folders matching this pattern in a folder search (repeatable)."
        ),
    ] = None,
    dossiers_only: Annotated[
        bool,
        typer.Option(
            "--dossiers-only", help="Skip YAML files that are not dossiers, even when named (for pre-commit)."
        ),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            envvar="DDTAPP_CONFIG",
            help="Configuration file (.ddtapp.yaml or pyproject.toml). "
            "Default: the nearest one above the working directory.",
        ),
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore any configuration file.")] = False,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            show_default=False,
            help="Progress bar on stderr (default: for long runs in a terminal, never in CI).",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Processes to check with; 0 (default) uses every CPU once there are enough dossiers to pay for it.",
        ),
    ] = 0,
) -> None:
    """Check dossiers against the APP and report what is still missing at each project's stage."""
    from ddtapp.commands.check import CheckOptions, parse_destinations, run_check
    from ddtapp.commands.config import resolve

    cfg = resolve(str(config) if config else None, use_config=not no_config)
    fail_on = fail_on or cfg.fail_on or "error"
    if fail_on not in FAIL_ON:
        raise typer.BadParameter(f"use one of {', '.join(FAIL_ON)}", param_hint="--fail-on")
    try:
        destinations = parse_destinations(list(output_format or cfg.format), output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    severities = dict(cfg.severity)
    for item in severity or []:
        rule_id, _, level = item.partition("=")
        if level not in ("error", "warning", "info") or not rule_id:
            raise typer.BadParameter(f"'{item}': use RULE-ID=error, warning or info", param_hint="--severity")
        severities[rule_id.strip().upper()] = level
    targets = list(paths or cfg.paths)
    if not targets:
        raise typer.BadParameter(
            "give one or more dossiers, folders or globs, or set 'paths' in .ddtapp.yaml", param_hint="PATHS"
        )
    opts = CheckOptions(
        paths=targets,
        today=_parse_today(today),
        fail_on=fail_on,
        destinations=destinations,
        show_waived=show_waived,
        explain_tier=explain_tier,
        rules=[*cfg.rules, *(rules or [])],
        color=color,
        disable=[*cfg.disable, *(d.upper() for d in disable or [])],
        severity=severities,
        include=cfg.include,
        exclude=(*cfg.exclude, *(exclude or [])),
        dossiers_only=dossiers_only,
        progress=progress,
        jobs=jobs,
    )
    raise typer.Exit(run_check(opts))


@app.command("rules")
def rules_cmd(
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Print the traceability table: APP requirement -> rule ids.")
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text, json, or (with --coverage) markdown.")
    ] = "text",
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of the force's own rules (repeatable).")
    ] = None,
) -> None:
    """List the rules of the pack, or show which rules enforce each APP requirement."""
    from ddtapp.commands.rules import print_coverage, print_rules
    from ddtapp.pack.rulepack import load_pack

    allowed = ("text", "json", "markdown") if coverage else ("text", "json")
    if output_format not in allowed:
        raise typer.BadParameter(f"use one of {', '.join(allowed)}", param_hint="--format")
    pack = load_pack(rules or [])
    raise typer.Exit(
        print_coverage(pack, output_format, sys.stdout) if coverage else print_rules(pack, output_format, sys.stdout)
    )


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. FRT-004.", show_default=False)],
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of the force's own rules (repeatable).")
    ] = None,
) -> None:
    """Explain a rule: what it finds, why the APP asks it, how to fix it, and examples."""
    from ddtapp.commands.rules import explain as explain_rule
    from ddtapp.pack.rulepack import load_pack

    raise typer.Exit(explain_rule(load_pack(rules or []), rule_id, sys.stdout))


@app.command()
def schema(
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the schema to this file.")] = None,
) -> None:
    """Print the dossier's JSON Schema, for editors (yaml-language-server) and validators."""
    from ddtapp.commands.schema import print_schema

    raise typer.Exit(print_schema(output))


@app.command()
def migrate(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH...", help="Dossier files or folders to migrate.", show_default=False),
    ],
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", metavar="FILE", help="Write the migrated dossier here ('-' prints it) instead."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """Rewrite older dossiers in the current format (in place, keeping comments, order and quoting)."""
    from ddtapp.commands.migrate import MigrateOptions, run_migrate

    raise typer.Exit(run_migrate(MigrateOptions(paths=paths, out=out, dry_run=dry_run)))


@app.command()
def register(
    paths: Annotated[
        list[str],
        typer.Argument(help="Dossier files, folders (searched recursively) or glob patterns.", show_default=False),
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="Output format: markdown (a page), csv or xlsx (spreadsheets), or json (for tools)."
        ),
    ] = "markdown",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the register to this file.")] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="Date to judge review dates against (YYYY-MM-DD); default today, or $DDTAPP_TODAY."
        ),
    ] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of the force's own rules (repeatable).")
    ] = None,
    maturity: Annotated[
        list[str] | None,
        typer.Option(
            "--maturity",
            help="Only tools of this maturity: in_development, pilot, operational, retired or abandoned (repeatable).",
        ),
    ] = None,
    tier: Annotated[
        str | None,
        typer.Option("--tier", help="Only tools of this impact tier or higher: minimal, moderate, high or very_high."),
    ] = None,
    tech_type: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only tools of this technology type, e.g. live_facial_recognition (repeatable)."),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only tools with a document review date before --today.")
    ] = False,
) -> None:
    """List the force's data-driven technologies (the APP's internal list of DDTs) from its dossiers."""
    from ddtapp.commands.register import RegisterOptions, run_register
    from ddtapp.force.register import Filters

    filters = Filters.parse(maturity or [], tier, tech_type or [], overdue)
    raise typer.Exit(
        run_register(
            RegisterOptions(
                paths=paths,
                today=_parse_today(today),
                output_format=output_format,
                output=output,
                rules=rules or [],
                filters=filters,
            )
        )
    )


@app.command()
def foi(
    paths: Annotated[
        list[str],
        typer.Argument(help="Dossier files, folders (searched recursively) or glob patterns.", show_default=False),
    ],
    output: Annotated[
        str | None, typer.Option("--out", "--output", "-o", help="Write the draft response to this file.")
    ] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="The response's date (YYYY-MM-DD); default today, or $DDTAPP_TODAY."),
    ] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of the force's own rules (repeatable).")
    ] = None,
    maturity: Annotated[
        list[str] | None,
        typer.Option(
            "--maturity",
            help="Scope: only tools of this maturity, when the request asks about those only (repeatable).",
        ),
    ] = None,
    tech_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            help="Scope: only tools of this technology type, when the request asks about those only (repeatable).",
        ),
    ] = None,
    notes: Annotated[
        str | None,
        typer.Option(
            "--notes",
            metavar="FILE",
            help="Write the FOI officer's working notes (gaps with their dossier fields, document locations) "
            "to this file; default with -o FILE: FILE's name with -officer-notes added.",
        ),
    ] = None,
) -> None:
    """Draft an answer to the FOI request on digital decision tools (13 questions, up to ten tools)."""
    from ddtapp.commands.foi import FoiOptions, run_foi
    from ddtapp.force.register import Filters

    scope = Filters.parse(maturity or [], None, tech_type or [], False)
    raise typer.Exit(
        run_foi(
            FoiOptions(
                paths=paths, today=_parse_today(today), output=output, rules=rules or [], scope=scope, notes=notes
            )
        )
    )


@app.command()
def site(
    paths: Annotated[
        list[str],
        typer.Argument(help="Dossier files, folders (searched recursively) or glob patterns.", show_default=False),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the site to (replaced whole).")],
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="The date the site is generated on (YYYY-MM-DD); default today, or $DDTAPP_TODAY."
        ),
    ] = None,
    internal: Annotated[
        bool,
        typer.Option("--internal", help="The intranet copy: restricted fields too, each marked (never secret ones)."),
    ] = False,
    force_name: Annotated[
        str | None, typer.Option("--force-name", help="The force's name in the site's header (default: the dossiers').")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="The force's region, for the ATRS Tier 1 record.")
    ] = None,
    stylesheet: Annotated[
        Path | None, typer.Option("--stylesheet", help="The force's own CSS file, loaded after the site's.")
    ] = None,
    logo: Annotated[Path | None, typer.Option("--logo", help="The force's logo (PNG, SVG, JPEG, GIF or WebP).")] = None,
    logo_alt: Annotated[
        str | None, typer.Option("--logo-alt", help="The logo's text alternative (default: the force's name).")
    ] = None,
    publication_defaults: Annotated[
        Path | None,
        typer.Option(
            "--publication-defaults",
            help="The force's own publication defaults (default: ddtapp's rules/publication-defaults.yaml).",
        ),
    ] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of the force's own rules (repeatable).")
    ] = None,
) -> None:
    """Write the force's transparency site: an index and one ATRS record per tool, withheld fields redacted."""
    from ddtapp.commands.site import SiteOptions, run_site

    raise typer.Exit(
        run_site(
            SiteOptions(
                paths=paths,
                out=out,
                today=_parse_today(today),
                internal=internal,
                force_name=force_name or "",
                region=region or "",
                stylesheet=stylesheet,
                logo=logo,
                logo_alt=logo_alt or "",
                defaults=publication_defaults,
                rules=rules or [],
            )
        )
    )


@app.command()
def init(
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="Where to write the dossier; '-' prints it.")
    ] = "dossier.yaml",
    tech_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            metavar="TYPE",
            show_default=False,
            help="The tool's technology type, e.g. live_facial_recognition (repeatable; required).",
        ),
    ] = None,
    *,
    stage: Annotated[
        str,
        typer.Option(
            "--stage",
            "-s",
            metavar="STAGE",
            show_default=False,
            help="The APP stage the project has reached: engage, evolve or embed.",
        ),
    ],
    name: Annotated[str | None, typer.Option("--name", "-n", metavar="NAME", help="The tool's name.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            metavar="URL_OR_PATH",
            help="The JSON Schema the first line points editors at "
            "(a URL, or a path made with `ddtapp schema -o`). Default: the published schema.",
        ),
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            metavar="DIR",
            help="A folder of the force's own rules (repeatable), so the scaffold suits them too.",
        ),
    ] = None,
) -> None:
    """Write a new project dossier for a technology type and stage, every key commented with its APP requirement."""
    from ddtapp.commands.init import InitOptions, run_init

    raise typer.Exit(
        run_init(
            InitOptions(
                path=path, types=tech_type or [], stage=stage, name=name, force=force, schema=schema, rules=rules or []
            )
        )
    )


@app.command()
def render(
    dossier: Annotated[str, typer.Argument(help="The dossier to write documents from.", show_default=False)],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder to write the drafts into (one NAME.md per document).")
    ] = None,
    doc: Annotated[
        list[str] | None,
        typer.Option("--doc", "-d", help="A document to write, e.g. dpia (repeatable; default: all)."),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="The drafts' date, and the date review dates are judged against (YYYY-MM-DD); "
            "default today, or $DDTAPP_TODAY.",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder of the force's own templates (NAME.md.j2): "
            "they override built-in ones of the same name, or add documents.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite drafts even if they were edited since ddtapp wrote them.")
    ] = False,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print one document (name it with --doc) instead of writing files.")
    ] = False,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="md (Markdown), docx (Word), or xlsx or csv (the transparency record in the ATRS spreadsheet layout).",
        ),
    ] = "md",
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of the force's own rules (repeatable).")
    ] = None,
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc",
            metavar="FILE",
            help=(
                "The force's own Word template (.docx) for --to docx: its styles and page; "
                "default: the configuration's reference-doc, else A4 in ddtapp's house style."
            ),
        ),
    ] = None,
    marking: Annotated[
        str | None,
        typer.Option(
            "--marking",
            metavar="TEXT",
            help=(
                "The protective marking on each page of a Word draft; "
                "default: the configuration's protective-marking, else OFFICIAL."
            ),
        ),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Configuration file (default: the nearest .ddtapp.yaml).")
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore any configuration file.")] = False,
) -> None:
    """Write draft documents (DPIA, stage gate report, EIA, HRIA, CIA, transparency record, FOI answer)
    from a dossier."""
    from ddtapp.commands.render import RenderOptions, run_render

    raise typer.Exit(
        run_render(
            RenderOptions(
                dossier=dossier,
                out=out,
                docs=doc or [],
                today=_parse_today(today),
                templates=templates,
                force=force,
                stdout=stdout,
                to=to,
                rules=rules or [],
                reference_doc=reference_doc,
                marking=marking,
                config=str(config) if config else None,
                use_config=not no_config,
            )
        )
    )


@app.command()
def diff(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="OLD NEW | [PATHS]...",
            help="Two versions of a dossier (OLD NEW); with --since, the dossiers or folders to compare (default: .).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="GIT-REV",
            help="Compare each dossier with its version at this git revision (a branch, tag or commit).",
        ),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text, json or markdown.")] = "text",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="The change's date when no change log or git dates it (YYYY-MM-DD); default today, or $DDTAPP_TODAY.",
        ),
    ] = None,
    table: Annotated[
        Path | None,
        typer.Option(
            "--table", help="A change-control table to use instead of the built-in rules/change-control.yaml."
        ),
    ] = None,
) -> None:
    """Show what changed between versions of a dossier, which changes are significant, and the reviews they trigger."""
    from ddtapp.commands.diff import FORMATS, DiffOptions, run_diff

    if output_format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    raise typer.Exit(
        run_diff(
            DiffOptions(
                files=files or [],
                since=since,
                today=_parse_today(today),
                output_format=output_format,
                output=output,
                table=table,
            )
        )
    )


@app.command()
def sign(
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
    """Bind sign-offs (gate decisions, DPIA sign-off, waivers, transparency clearance) to the facts they approved.

    Without --at, --unbound or --all, lists each sign-off and whether it is unbound, current or stale."""
    from ddtapp.commands.sign import SignOptions, run_sign

    raise typer.Exit(run_sign(SignOptions(dossier=dossier, at=at or [], unbound=unbound, every=every, table=table)))


_MAIN_PID = [0]


def _stop(signum: int, _frame: object) -> None:
    """SIGTERM or SIGHUP: stop the way Ctrl-C does, so that temporary files are removed on the way out."""
    if os.getpid() != _MAIN_PID[0]:  # a forked worker: die of the signal, as it would have
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise Terminated(signum)


def _catch_stop_signals() -> None:
    _MAIN_PID[0] = os.getpid()
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _stop)


def _remove_leftovers() -> None:
    """Delete the temporary files an interrupted write left (only if anything was written at all)."""
    safe_write = sys.modules.get("ddtapp.output.safe_write")
    if safe_write is None:
        return
    block = getattr(signal, "pthread_sigmask", None)
    stops = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    old = block(signal.SIG_BLOCK, stops) if block else None
    try:
        safe_write.remove_leftovers()
    finally:
        if block and old is not None:
            block(signal.SIG_SETMASK, old)


def main() -> None:
    """Console-script entry point: run the app and map every exception to an exit code."""
    # ddtapp uses no Pydantic plugins; without this, building the first model scans the entry points of
    # every installed package (~17 ms of every cold start).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _catch_stop_signals()
    try:
        _run()
    finally:
        _remove_leftovers()


def _run() -> None:
    try:
        app(standalone_mode=True)
    except DdtappError as exc:
        from ddtapp.output.neutralise import neutralise_block

        problems = getattr(exc, "problems", None)
        text = "\n".join(p.shown() for p in problems) if problems else neutralise_block(exc)
        print(f"ddtapp: {text}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("ddtapp: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except Terminated as stop:
        print(f"ddtapp: stopped by {signal.Signals(stop.signum).name}", file=sys.stderr)
        sys.exit(128 + stop.signum)
    except SystemExit:
        raise
    except Exception:
        if _state["traceback"] or "--traceback" in sys.argv:
            traceback.print_exc()
        else:
            kind = sys.exc_info()[0].__name__  # type: ignore[union-attr]
            print(
                f"ddtapp: internal error ({kind}). This is a bug in ddtapp: please report it with the command "
                "you ran and, if you can, the dossier. Run again with --traceback for details.",
                file=sys.stderr,
            )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
