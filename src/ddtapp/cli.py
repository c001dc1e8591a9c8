"""The command line. Thin: each command gathers options and calls one function that returns an
exit code. One handler maps exceptions to exit codes (2 input, 3 internal, 130 Ctrl-C)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ddtapp import __version__
from ddtapp.commands.choices import pick, pick_all
from ddtapp.commands.coercion import install as _plain_values_without_pydantic
from ddtapp.commands.helptext import install as _help_in_words
from ddtapp.commands.settings import Flags, Settings
from ddtapp.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, DdtappError, Terminated

_plain_values_without_pydantic()
_help_in_words()

if TYPE_CHECKING:
    from ddtapp.force.register import Filters

app = typer.Typer(
    name="ddtapp",
    help="Check police data-driven technology dossiers against the College of Policing APP.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
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


def _completes(*choices: str) -> Callable[[str], list[str]]:
    """Shell completion for an option's values."""

    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete.lower())]

    return complete


# Options shared by every command that checks dossiers (check, register, foi, render): one spelling, one
# help text, one configuration (ddtapp.commands.settings).
PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        help="Dossier files, folders (searched recursively) or globs; '-' reads one dossier from standard input. "
        "Default: 'paths' in the configuration.",
        show_default=False,
    ),
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        show_default=False,
        help="Date to judge review dates against, as YYYY-MM-DD. Default: today, or $DDTAPP_TODAY.",
    ),
]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        show_default=False,
        help="A folder of the force's own rules (repeatable; adds to the configuration's).",
    ),
]
SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="RULE",
        show_default=False,
        help="Check only these rules: a rule id, or the start of ids such as FRT (repeatable; replaces the "
        "configuration's). Default: every rule.",
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        "--disable",
        metavar="RULE",
        show_default=False,
        help="Switch off a rule: a rule id, or the start of ids (repeatable; adds to the configuration's).",
    ),
]
SeverityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--severity",
        metavar="RULE=LEVEL",
        show_default=False,
        help="Change a rule's severity to error, warning or info, e.g. FRT-004=warning (repeatable; wins over "
        "the configuration).",
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="PATTERN",
        show_default=False,
        help="Leave out files and folders matching this pattern in a folder search (repeatable).",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar="DDTAPP_CONFIG",
        metavar="FILE",
        show_default=False,
        help="Configuration file (.ddtapp.yaml or pyproject.toml). Default: the nearest one between the working "
        "folder and the repository's root.",
    ),
]
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Ignore any configuration file.")]
ShowSettingsOpt = Annotated[
    bool,
    typer.Option(
        "--show-settings", help="Print the settings in force and where each came from, then stop (checks nothing)."
    ),
]


def _settings(config: Path | None, no_config: bool, flags: Flags) -> Settings:
    """The configuration in force, merged with the environment and the command's flags."""
    from ddtapp.commands.config import resolve
    from ddtapp.commands.settings import merge

    return merge(resolve(str(config) if config else None, use_config=not no_config), flags)


def _from_environment(ctx: typer.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "ENVIRONMENT"


def _targets(settings: Settings) -> list[str]:
    if not settings.paths:
        raise typer.BadParameter(
            "give one or more dossiers, folders or globs, or set 'paths' in .ddtapp.yaml", param_hint="PATH"
        )
    return list(settings.paths)


def _show(settings: Settings, wanted: bool) -> None:
    if wanted:
        from ddtapp.commands.settings import show_settings

        raise typer.Exit(show_settings(settings, sys.stdout))


@app.command()
def check(
    ctx: typer.Context,
    paths: PathsArg = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            envvar="DDTAPP_FAIL_ON",
            metavar="LEVEL",
            autocompletion=_completes(*FAIL_ON),
            show_default=False,
            help="Lowest severity that fails the run: error (default), warning, info or never.",
        ),
    ] = None,
    output_format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="NAME[:FILE]",
            autocompletion=_completes("text", "json", "sarif", "junit", "github", "gitlab", "markdown"),
            show_default=False,
            help="Report format, repeatable, each to standard output or to FILE: text (default), json, sarif, "
            "junit, github, gitlab or markdown.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write the report to FILE instead of standard output (with one format; '-' is standard output).",
        ),
    ] = None,
    today: TodayOpt = None,
    show_waived: Annotated[
        bool, typer.Option("--show-waived", help="Also list findings that a waiver accepts.")
    ] = False,
    explain_tier: Annotated[
        bool, typer.Option("--explain-tier", help="Show how the impact tier was derived, fact by fact.")
    ] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    severity: SeverityOpt = None,
    rules: RulesOpt = None,
    exclude: ExcludeOpt = None,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            metavar="WHEN",
            autocompletion=_completes("auto", "always", "never"),
            help="Colour the text report: auto (in a terminal, unless NO_COLOR is set; also when FORCE_COLOR is "
            "set), always or never.",
        ),
    ] = "auto",
    no_color: Annotated[bool, typer.Option("--no-color", hidden=True, help="The same as --color never.")] = False,
    dossiers_only: Annotated[
        bool,
        typer.Option(
            "--dossiers-only", help="Skip YAML files that are not dossiers, even when named (for pre-commit)."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="List errors only: no warnings, info or coming-up findings.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also say on standard error what was checked and how long it took.")
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option("--statistics", help="Print how many findings each rule gave, instead of the text report."),
    ] = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    show_settings: ShowSettingsOpt = False,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            show_default=False,
            help="Progress bar on standard error (default: for long runs in a terminal, never in CI).",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            metavar="N",
            show_default=False,
            help="Processes to check with; 0 (default) uses every CPU once there are enough dossiers to pay for it.",
        ),
    ] = 0,
) -> None:
    """Check dossiers against the APP and report what is still missing at each project's stage."""
    from ddtapp.commands.check import CheckOptions, parse_destinations, run_check
    from ddtapp.output.terminal import COLOR_CHOICES

    flags = Flags(
        paths=paths or [],
        rules=rules or [],
        severity=severity or [],
        select=select or [],
        ignore=ignore or [],
        exclude=exclude or [],
        fail_on=None if _from_environment(ctx, "fail_on") else fail_on,  # so --show-settings can say which
        formats=output_format or [],
    )
    settings = _settings(config, no_config, flags)
    _show(settings, show_settings)
    when = "never" if no_color else pick(color, COLOR_CHOICES, "--color")
    try:
        destinations = parse_destinations(list(settings.formats), output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    opts = CheckOptions(
        paths=_targets(settings),
        today=_parse_today(today),
        fail_on=pick(settings.fail_on, FAIL_ON, "--fail-on"),
        destinations=destinations,
        show_waived=show_waived,
        explain_tier=explain_tier,
        rule_settings=settings.rule_settings,
        color={"auto": None, "always": True, "never": False}[when],
        include=settings.include,
        exclude=settings.exclude,
        dossiers_only=dossiers_only,
        progress=progress,
        jobs=jobs,
        quiet=quiet,
        verbose=verbose,
        statistics=statistics,
    )
    if verbose:
        print(f"ddtapp: configuration: {settings.config.source or 'none found'}", file=sys.stderr)
    raise typer.Exit(run_check(opts))


@app.command("rules")
def rules_cmd(
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Print the traceability table: APP requirement -> rule ids.")
    ] = False,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="NAME", help="text (default), json, or (with --coverage) markdown."),
    ] = "text",
    rules: RulesOpt = None,
) -> None:
    """List the rules of the pack, or show which rules enforce each APP requirement."""
    from ddtapp.commands.rules import print_coverage, print_rules
    from ddtapp.pack.rulepack import load_pack

    allowed = ("text", "json", "markdown") if coverage else ("text", "json")
    output_format = pick(output_format, allowed, "--format")
    pack = load_pack(rules or [])
    raise typer.Exit(
        print_coverage(pack, output_format, sys.stdout) if coverage else print_rules(pack, output_format, sys.stdout)
    )


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id, e.g. FRT-004.", show_default=False)],
    rules: RulesOpt = None,
) -> None:
    """Explain a rule: what it finds, why the APP asks it, how to fix it, and examples."""
    from ddtapp.commands.rules import explain as explain_rule
    from ddtapp.pack.rulepack import load_pack

    raise typer.Exit(explain_rule(load_pack(rules or []), rule_id, sys.stdout))


@app.command()
def schema(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write the schema to FILE instead of standard output ('-' is standard output).",
        ),
    ] = None,
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
    paths: PathsArg = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="NAME",
            help="Output format: markdown (a page, default), csv or xlsx (spreadsheets), or json (for tools).",
        ),
    ] = "markdown",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write the register to FILE instead of standard output ('-' is standard output).",
        ),
    ] = None,
    today: TodayOpt = None,
    maturity: Annotated[
        list[str] | None,
        typer.Option(
            "--maturity",
            metavar="MATURITY",
            show_default=False,
            help="Only tools of this maturity: in_development, pilot, operational, retired or abandoned (repeatable).",
        ),
    ] = None,
    tier: Annotated[
        str | None,
        typer.Option(
            "--tier",
            metavar="TIER",
            show_default=False,
            help="Only tools of this impact tier or higher: minimal, moderate, high or very_high.",
        ),
    ] = None,
    tech_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            show_default=False,
            help="Only tools of this technology type, e.g. live_facial_recognition (repeatable).",
        ),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only tools with a document review date before --today.")
    ] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    severity: SeverityOpt = None,
    rules: RulesOpt = None,
    exclude: ExcludeOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    show_settings: ShowSettingsOpt = False,
) -> None:
    """List the force's data-driven technologies (the APP's internal list of DDTs) from its dossiers."""
    from ddtapp.commands.register import RegisterOptions, run_register
    from ddtapp.force.register import FORMATS

    flags = Flags(
        paths=paths or [], rules=rules or [], severity=severity or [], select=select or [], ignore=ignore or []
    )
    flags.exclude = exclude or []
    settings = _settings(config, no_config, flags)
    _show(settings, show_settings)
    raise typer.Exit(
        run_register(
            RegisterOptions(
                paths=_targets(settings),
                today=_parse_today(today),
                output_format=pick(output_format, FORMATS, "--format"),
                output=output,
                rule_settings=settings.rule_settings,
                filters=_filters(maturity or [], tier, tech_type or [], overdue),
                include=settings.include,
                exclude=settings.exclude,
            )
        )
    )


def _filters(maturity: list[str], tier: str | None, types: list[str], overdue: bool) -> Filters:
    """``--maturity``, ``--tier`` and ``--type``, any case, with "did you mean" for a near miss."""
    from ddtapp.force.register import MATURITIES, TECHNOLOGY_TYPES, TIERS, Filters

    def norm(values: list[str], choices: tuple[str, ...], option: str) -> list[str]:
        return pick_all([v.replace("-", "_").replace(" ", "_") for v in values], choices, option)

    return Filters.parse(
        norm(maturity, MATURITIES, "--maturity"),
        norm([tier], TIERS, "--tier")[0] if tier is not None else None,
        norm(types, TECHNOLOGY_TYPES, "--type"),
        overdue,
    )


@app.command()
def foi(
    paths: PathsArg = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write the draft response to FILE instead of standard output ('-' is standard output).",
        ),
    ] = None,
    out_old: Annotated[str | None, typer.Option("--out", hidden=True, help="The same as --output.")] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            show_default=False,
            help="The response's date, as YYYY-MM-DD. Default: today, or $DDTAPP_TODAY.",
        ),
    ] = None,
    maturity: Annotated[
        list[str] | None,
        typer.Option(
            "--maturity",
            metavar="MATURITY",
            show_default=False,
            help="Scope: only tools of this maturity, when the request asks about those only (repeatable).",
        ),
    ] = None,
    tech_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            show_default=False,
            help="Scope: only tools of this technology type, when the request asks about those only (repeatable).",
        ),
    ] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    severity: SeverityOpt = None,
    rules: RulesOpt = None,
    exclude: ExcludeOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    show_settings: ShowSettingsOpt = False,
    notes: Annotated[
        str | None,
        typer.Option(
            "--notes",
            metavar="FILE",
            show_default=False,
            help="Write the FOI officer's working notes (gaps with their dossier fields, document locations) "
            "to this file; default with -o FILE: FILE's name with -officer-notes added.",
        ),
    ] = None,
) -> None:
    """Draft an answer to the FOI request on digital decision tools (13 questions, up to ten tools)."""
    from ddtapp.commands.foi import FoiOptions, run_foi

    flags = Flags(
        paths=paths or [], rules=rules or [], severity=severity or [], select=select or [], ignore=ignore or []
    )
    flags.exclude = exclude or []
    settings = _settings(config, no_config, flags)
    _show(settings, show_settings)
    raise typer.Exit(
        run_foi(
            FoiOptions(
                paths=_targets(settings),
                today=_parse_today(today),
                output=output or out_old,
                rule_settings=settings.rule_settings,
                scope=_filters(maturity or [], None, tech_type or [], False),
                include=settings.include,
                exclude=settings.exclude,
                notes=notes,
            )
        )
    )


@app.command()
def site(
    paths: PathsArg = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            show_default=False,
            help="The folder to write the site to (replaced whole: it must be new, empty, or a site ddtapp wrote). "
            "Default: 'site-out' in the configuration.",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            show_default=False,
            help="The date the site says it was generated on, as YYYY-MM-DD. Default: today, or $DDTAPP_TODAY.",
        ),
    ] = None,
    internal: Annotated[
        bool,
        typer.Option("--internal", help="The intranet copy: restricted fields too, each marked (never secret ones)."),
    ] = False,
    force_name: Annotated[
        str | None,
        typer.Option(
            "--force-name",
            metavar="NAME",
            show_default=False,
            help="The force's name in the site's header. Default: 'force-name' in the configuration, else the "
            "dossiers'.",
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            metavar="REGION",
            show_default=False,
            help="The force's region, for the ATRS Tier 1 record. Default: 'region' in the configuration.",
        ),
    ] = None,
    stylesheet: Annotated[
        str | None,
        typer.Option(
            "--stylesheet",
            metavar="FILE",
            show_default=False,
            help="The force's own CSS file, loaded after the site's. Default: 'site-stylesheet' in the configuration.",
        ),
    ] = None,
    logo: Annotated[
        str | None,
        typer.Option(
            "--logo",
            metavar="FILE",
            show_default=False,
            help="The force's logo (PNG, SVG, JPEG, GIF or WebP). Default: 'site-logo' in the configuration.",
        ),
    ] = None,
    logo_alt: Annotated[
        str | None,
        typer.Option(
            "--logo-alt",
            metavar="TEXT",
            show_default=False,
            help="The logo's text alternative. Default: 'site-logo-alt' in the configuration, else the force's name.",
        ),
    ] = None,
    publication_defaults: Annotated[
        str | None,
        typer.Option(
            "--publication-defaults",
            metavar="FILE",
            show_default=False,
            help="The force's own publication defaults. Default: ddtapp's rules/publication-defaults.yaml.",
        ),
    ] = None,
    rules: RulesOpt = None,
    exclude: ExcludeOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Say nothing when the site is written (problems still show).")
    ] = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    show_settings: ShowSettingsOpt = False,
) -> None:
    """Write the force's transparency site: an index and one ATRS record per tool, withheld fields redacted."""
    from ddtapp.commands.site import SiteFlags, SiteOptions, choose, run_site, show_site_settings

    settings = _settings(config, no_config, Flags(paths=paths or [], rules=rules or [], exclude=exclude or []))
    choice = choose(
        settings,
        SiteFlags(out, force_name, region, stylesheet, logo, logo_alt, publication_defaults),
    )
    if show_settings:
        raise typer.Exit(show_site_settings(settings, choice, sys.stdout))
    if not choice.out:
        raise typer.BadParameter("give the folder to write with --out DIR, or set 'site-out' in .ddtapp.yaml")
    raise typer.Exit(
        run_site(
            SiteOptions(
                paths=_targets(settings),
                out=Path(choice.out),
                today=_parse_today(today),
                internal=internal,
                force_name=choice.force_name,
                region=choice.region,
                stylesheet=Path(choice.stylesheet) if choice.stylesheet else None,
                logo=Path(choice.logo) if choice.logo else None,
                logo_alt=choice.logo_alt,
                defaults=Path(choice.defaults) if choice.defaults else None,
                rule_settings=settings.rule_settings,
                include=settings.include,
                exclude=settings.exclude,
                quiet=quiet,
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


#: The built-in documents, for render's help (tests/test_cli_conventions.py checks it against the templates).
DOCUMENTS = (
    "dpia, stage-gate-report, equality-impact-assessment, human-rights-impact-assessment, "
    "community-impact-assessment, algorithmic-transparency-record, foi-answer, foi-officer-notes"
)


@app.command(
    epilog=f"Documents: {DOCUMENTS}, and any NAME.md.j2 in --templates.",
)
def render(
    dossier: Annotated[
        str, typer.Argument(metavar="DOSSIER", help="The dossier to write documents from.", show_default=False)
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            show_default=False,
            help="Folder to write the drafts into, one NAME.md per document; '-' prints the one --doc instead.",
        ),
    ] = None,
    doc: Annotated[
        list[str] | None,
        typer.Option(
            "--doc",
            "-d",
            metavar="NAME",
            show_default=False,
            help=f"A document to write (repeatable; default: all): {DOCUMENTS}.",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            show_default=False,
            help="The drafts' date, and the date review dates are judged against, as YYYY-MM-DD. Default: today, "
            "or $DDTAPP_TODAY.",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar="DIR",
            show_default=False,
            help="A folder of the force's own templates (NAME.md.j2): they override built-in ones of the same "
            "name, or add documents.",
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
            metavar="FORMAT",
            help="md (Markdown, default), docx (Word), or xlsx or csv (the transparency record in the ATRS "
            "spreadsheet layout).",
        ),
    ] = "md",
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc",
            metavar="FILE",
            show_default=False,
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
            show_default=False,
            help=(
                "The protective marking on each page of a Word draft; "
                "default: the configuration's protective-marking, else OFFICIAL."
            ),
        ),
    ] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    severity: SeverityOpt = None,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    show_settings: ShowSettingsOpt = False,
) -> None:
    """Write draft documents (DPIA, stage gate report, EIA, HRIA, CIA, transparency record, FOI answer)."""
    from ddtapp.commands.render import FORMATS, RenderOptions, run_render

    flags = Flags(rules=rules or [], severity=severity or [], select=select or [], ignore=ignore or [])
    settings = _settings(config, no_config, flags)
    _show(settings, show_settings)
    if out is not None and str(out) == "-":
        out, stdout = None, True
    raise typer.Exit(
        run_render(
            RenderOptions(
                dossier=dossier,
                out=out,
                docs=[d.strip().lower() for d in doc or []],
                today=_parse_today(today),
                templates=templates,
                force=force,
                stdout=stdout,
                to=pick(to, FORMATS, "--to"),
                rule_settings=settings.rule_settings,
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
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="NAME", help="text (default), json or markdown.")
    ] = "text",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write the report to FILE instead of standard output ('-' is standard output).",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            show_default=False,
            help="The change's date when no change log or git dates it, as YYYY-MM-DD. Default: today, or "
            "$DDTAPP_TODAY.",
        ),
    ] = None,
    table: Annotated[
        Path | None,
        typer.Option(
            "--table",
            metavar="FILE",
            show_default=False,
            help="A change-control table to use instead of the built-in rules/change-control.yaml.",
        ),
    ] = None,
) -> None:
    """Show what changed between versions of a dossier, which changes are significant, and the reviews they trigger."""
    from ddtapp.commands.diff import FORMATS, DiffOptions, run_diff

    output_format = pick(output_format, FORMATS, "--format")
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


def _catch_stop_signals() -> dict[int, object]:
    """Make SIGTERM and SIGHUP stop ddtapp as Ctrl-C does; the handlers they had before, to put back."""
    _MAIN_PID[0] = os.getpid()
    before: dict[int, object] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            before[number] = signal.signal(number, _stop)
    return before


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
    before = _catch_stop_signals()
    try:
        _run()
    finally:
        _remove_leftovers()
        for number, handler in before.items():  # as they were, for a caller that runs main() in-process
            signal.signal(number, handler)  # type: ignore[arg-type]


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
