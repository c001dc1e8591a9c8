"""``ddtapp site``: the force's public transparency site (or, with ``--internal``, its intranet copy) from
its dossiers. Every dossier must load: a site with a tool silently missing is not written."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from ddtapp.commands.options import parse_today
from ddtapp.commands.register import report_problems
from ddtapp.errors import EXIT_INPUT, EXIT_OK, InputError, Problem

if TYPE_CHECKING:  # the site's machinery loads when the command runs, not for `--help`
    from ddtapp.checker.engine import Result


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
    rules: list[Path] = field(default_factory=list)


def run_site(opts: SiteOptions, stdout: IO[str] | None = None) -> int:
    """Exit code: 0 the site was written; 2 nothing was written (a dossier could not be read, or bad options)."""
    from ddtapp.checker.engine import check_file
    from ddtapp.force.publication import load_defaults
    from ddtapp.force.site import SiteSettings, build_site, write_site
    from ddtapp.loading.discover import discover
    from ddtapp.pack.rulepack import load_pack

    out = stdout or sys.stdout
    found = discover(opts.paths)
    problems: list[Problem] = list(found.problems)
    pack = load_pack(opts.rules)
    results: list[Result] = []
    for path in found.files:
        try:
            results.append(check_file(path, pack, opts.today))
        except InputError as exc:
            problems.extend(exc.problems or [Problem(path, 1, 1, exc.text)])
    if problems:
        report_problems(problems)
        print("ddtapp: no site was written; fix the dossiers above and run again.", file=sys.stderr)
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
    )
    files = build_site(results, settings)
    write_site(opts.out, files)
    pages = sum(1 for name in files if name.endswith(".html"))
    kind = "internal" if opts.internal else "public"
    tools = f"{len(results)} tool{'s' if len(results) != 1 else ''}"
    out.write(f"wrote     {opts.out}  ({kind} site: {tools}, {pages} pages)\n")
    out.flush()
    return EXIT_OK


def site_command(
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
    raise typer.Exit(
        run_site(
            SiteOptions(
                paths=paths,
                out=out,
                today=parse_today(today),
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
