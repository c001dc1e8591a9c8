"""``ddtapp site``: the force's public transparency site (or, with ``--internal``, its intranet copy) from
its dossiers. Every dossier must load: a site with a tool silently missing is not written.

It takes its settings as ``check``, ``register`` and ``foi`` do (``ddtapp.commands.settings``): the
configuration's ``paths``, ``include``, ``exclude`` and ``rules``, and the site's own keys (``site-out``,
``site-stylesheet``, ``site-logo``, ``site-logo-alt``, ``force-name``, ``region``), each overridden by its
flag. The configuration's paths stay inside its repository (``ddtapp.commands.config``)."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Annotated

import typer

from ddtapp.commands.options import (
    NOT_GIVEN,
    DossierSet,
    dossier_set,
    flag,
    option,
    parse_today,
    targets,
    today_option,
)
from ddtapp.commands.settings import RuleSettings, Settings
from ddtapp.commands.show_settings import input_rows, print_rows
from ddtapp.errors import EXIT_INPUT, EXIT_OK, InputError, Problem
from ddtapp.output.neutralise import neutralise
from ddtapp.output.words import plural


@dataclass
class SiteOptions:
    paths: list[str]
    out: Path
    today: dt.date
    internal: bool = False
    force_name: str = ""
    region: str = ""
    stylesheet: Path | None = None
    logo: Path | None = None
    logo_alt: str = ""
    defaults: Path | None = None
    rule_settings: RuleSettings = field(default_factory=RuleSettings)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: No line saying what was written (problems still go to standard error).
    quiet: bool = False


@dataclass
class SiteFlags:
    """What the command line gave for the site's own settings (None: not given)."""

    out: str | None = None
    force_name: str | None = None
    region: str | None = None
    stylesheet: str | None = None
    logo: str | None = None
    logo_alt: str | None = None
    defaults: str | None = None


@dataclass(frozen=True)
class SiteChoice:
    """The site's own settings in force, each with where it came from."""

    out: str | None
    force_name: str
    region: str
    stylesheet: str | None
    logo: str | None
    logo_alt: str
    defaults: str | None
    #: key (as the configuration spells it) -> "default", the configuration file, or the flag
    origin: dict[str, str]


def choose(settings: Settings, flags: SiteFlags) -> SiteChoice:
    """Flags win over the configuration, which wins over the defaults."""
    cfg = settings.config
    source = cfg.source or "default"
    origin: dict[str, str] = {}

    def pick(key: str, flag_name: str, flag: str | None, configured: str | None) -> str | None:
        if flag is not None:
            origin[key] = flag_name
            return flag
        origin[key] = source if configured else "default"
        return configured or None

    return SiteChoice(
        out=pick("site-out", "--out", flags.out, cfg.site_out),
        force_name=pick("force-name", "--force-name", flags.force_name, cfg.force_name) or "",
        region=pick("region", "--region", flags.region, cfg.region) or "",
        stylesheet=pick("site-stylesheet", "--stylesheet", flags.stylesheet, cfg.site_stylesheet),
        logo=pick("site-logo", "--logo", flags.logo, cfg.site_logo),
        logo_alt=pick("site-logo-alt", "--logo-alt", flags.logo_alt, cfg.site_logo_alt) or "",
        defaults=pick("publication-defaults", "--publication-defaults", flags.defaults, None),
        origin=origin,
    )


def show_site_settings(settings: Settings, choice: SiteChoice, out: IO[str]) -> int:
    """``site --show-settings``: what the site is built from and with, and where each value came from."""
    o = choice.origin
    rows = [
        *input_rows(settings),
        ("site-out", choice.out or "(none: give --out)", o["site-out"]),
        ("force-name", choice.force_name or "(the dossiers')", o["force-name"]),
        ("region", choice.region or "(none)", o["region"]),
        ("site-stylesheet", choice.stylesheet or "(the site's own only)", o["site-stylesheet"]),
        ("site-logo", choice.logo or "(none)", o["site-logo"]),
        ("site-logo-alt", choice.logo_alt or "(the force's name)", o["site-logo-alt"]),
        ("publication-defaults", choice.defaults or "(built-in)", o["publication-defaults"]),
    ]
    print_rows(rows, out)
    return EXIT_OK


def report_unreadable(problems: list[Problem]) -> None:
    """Each dossier that could not be read, located, and that nothing was written."""
    for p in sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message)):
        print(f"ddtapp: {p.shown()}", file=sys.stderr)
    files = len({p.file for p in problems})
    print(
        f"ddtapp: {plural(files, 'dossier')} could not be read, so no site was written; fix "
        f"{'it' if files == 1 else 'them'} and run again.",
        file=sys.stderr,
    )


def run_site(opts: SiteOptions, stdout: IO[str] | None = None) -> int:
    """Exit code: 0 the site was written; 2 nothing was written (a dossier could not be read, or bad options)."""
    from ddtapp.assess import tier_basis
    from ddtapp.checker.engine import Result, check_file
    from ddtapp.force.publication import load_defaults
    from ddtapp.force.site import SiteSettings, build_site, write_site
    from ddtapp.loading.discover import DEFAULT_INCLUDE, discover

    out = stdout or sys.stdout
    found = discover(opts.paths, opts.include or DEFAULT_INCLUDE, opts.exclude)
    problems: list[Problem] = list(found.problems)
    pack = opts.rule_settings.load()
    results: list[Result] = []
    for path in found.files:
        try:
            results.append(check_file(path, pack, opts.today))
        except InputError as exc:
            problems.extend(exc.problems or [Problem(path, 1, 1, exc.text)])
    if problems:
        report_unreadable(problems)
        return EXIT_INPUT
    if not results:
        raise InputError("no dossiers found: name dossier files or folders that hold them.")
    settings = SiteSettings(
        mode="internal" if opts.internal else "public",
        today=opts.today,
        force_name=opts.force_name,
        region=opts.region,
        stylesheet=opts.stylesheet,
        logo=opts.logo,
        logo_alt=opts.logo_alt,
        defaults=load_defaults(opts.defaults),
        tier_basis=tier_basis(pack),
    )
    files = build_site(results, settings)
    write_site(opts.out, files)
    if not opts.quiet:
        pages = sum(1 for name in files if name.endswith(".html"))
        kind = "internal" if opts.internal else "public"
        out.write(f"wrote     {neutralise(opts.out)}  ({kind} site: {plural(len(results), 'tool')}, {pages} pages)\n")
        out.flush()
    return EXIT_OK


@dossier_set(omit=("select", "ignore", "severity"))  # a site publishes every tool, whatever rules are chosen
def site_command(
    out: Annotated[
        str | None,
        option(
            "--out",
            "-o",
            metavar="DIR",
            help="The folder to write the site to (replaced whole: it must be new, empty, or a site ddtapp wrote). "
            "Default: 'site-out' in the configuration.",
        ),
    ] = None,
    today: Annotated[str | None, today_option("The date the site says it was generated on")] = None,
    internal: Annotated[
        bool, flag("--internal", "The intranet copy: restricted fields too, each marked (never secret ones).")
    ] = False,
    force_name: Annotated[
        str | None,
        option(
            "--force-name",
            metavar="NAME",
            help="The force's name in the site's header. Default: 'force-name' in the configuration, else the "
            "dossiers'.",
        ),
    ] = None,
    region: Annotated[
        str | None,
        option(
            "--region",
            metavar="REGION",
            help="The force's region, for the ATRS Tier 1 record. Default: 'region' in the configuration.",
        ),
    ] = None,
    stylesheet: Annotated[
        str | None,
        option(
            "--stylesheet",
            metavar="FILE",
            help="The force's own CSS file, loaded after the site's. Default: 'site-stylesheet' in the configuration.",
        ),
    ] = None,
    logo: Annotated[
        str | None,
        option(
            "--logo",
            metavar="FILE",
            help="The force's logo (PNG, SVG, JPEG, GIF or WebP). Default: 'site-logo' in the configuration.",
        ),
    ] = None,
    logo_alt: Annotated[
        str | None,
        option(
            "--logo-alt",
            metavar="TEXT",
            help="The logo's text alternative. Default: 'site-logo-alt' in the configuration, else the force's name.",
        ),
    ] = None,
    publication_defaults: Annotated[
        str | None,
        option(
            "--publication-defaults",
            metavar="FILE",
            help="The force's own publication defaults. Default: ddtapp's rules/publication-defaults.yaml.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Say nothing when the site is written (problems still show).")
    ] = False,
    dossiers: DossierSet = NOT_GIVEN,
) -> None:
    """``ddtapp site`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    settings = dossiers.settings(show=False)  # the site's own settings are shown with them
    choice = choose(settings, SiteFlags(out, force_name, region, stylesheet, logo, logo_alt, publication_defaults))
    if dossiers.show_settings:
        raise typer.Exit(show_site_settings(settings, choice, sys.stdout))
    if not choice.out:
        raise typer.BadParameter("give the folder to write with --out DIR, or set 'site-out' in .ddtapp.yaml")
    raise typer.Exit(
        run_site(
            SiteOptions(
                paths=targets(settings),
                out=Path(choice.out),
                today=parse_today(today),
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
