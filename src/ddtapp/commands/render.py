"""``ddtapp render``: write draft documents (DPIA, stage gate report, EIA, HRIA, CIA, ATRS record, FOI
answer) from a dossier, through the templates in ``templates/`` and a force's own (``--templates``)."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from ddtapp.commands.options import NOT_GIVEN, DossierSet, dossier_set, flag, option, parse_today, today_option
from ddtapp.commands.settings import RuleSettings
from ddtapp.errors import EXIT_OK, UsageError
from ddtapp.output.neutralise import neutralise
from ddtapp.output.words import plural

if TYPE_CHECKING:  # the checker, Jinja and the writers load when the command runs, not for `--help`
    from ddtapp.documents.render import CheckedDossier, RenderedDocument
    from ddtapp.documents.word import WordOptions

FORMATS = ("md", "docx", "xlsx", "csv")
#: The formats only documents with a spreadsheet layout of their own can be written in.
SPREADSHEET_FORMATS = ("xlsx", "csv")


@dataclass
class RenderOptions:
    dossier: str
    out: Path | None
    docs: list[str] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    templates: Path | None = None
    force: bool = False
    stdout: bool = False
    to: str = "md"
    rule_settings: RuleSettings = field(default_factory=RuleSettings)
    #: The force's own Word template (``--reference-doc``, or ``reference-doc`` in the configuration).
    reference_doc: Path | None = None
    #: The protective marking at the top and bottom of each page of a .docx (``--marking``,
    #: ``protective-marking`` in the configuration); OFFICIAL when neither gives one.
    marking: str | None = None
    #: The configuration file (``--config``); None: the nearest one, as ``check`` finds it.
    config: str | None = None
    use_config: bool = True


def _check_destination(opts: RenderOptions) -> None:
    """--out DIR, or --stdout with one Markdown document: one of them."""
    if opts.stdout:
        if len(opts.docs) != 1:
            raise UsageError("--stdout prints one document: name it with exactly one --doc (e.g. --doc dpia).")
        if opts.to != "md":
            raise UsageError(f"--stdout prints Markdown; a .{opts.to} needs a file. Use --out DIR with --to {opts.to}.")
        if opts.out is not None:
            raise UsageError("give either --out DIR or --stdout, not both.")
    elif opts.out is None:
        raise UsageError("say where to write the drafts with --out DIR (or print one with --doc NAME --stdout).")


def _check_spreadsheet(opts: RenderOptions) -> None:
    """--to xlsx or csv: the transparency record only (the one document with a spreadsheet layout)."""
    from ddtapp.documents.atrs import DOCUMENT as ATRS_DOCUMENT

    others = [d for d in opts.docs if d != ATRS_DOCUMENT]
    if others:
        raise UsageError(
            f"--to {opts.to} writes the spreadsheet of the algorithmic transparency record (ATRS), and "
            f"{', '.join(repr(d) for d in others)} has none: use --to md or docx for it, or "
            f"--doc {ATRS_DOCUMENT} alone."
        )
    if not opts.docs:
        opts.docs = [ATRS_DOCUMENT]


def _check_options(opts: RenderOptions) -> None:
    if opts.to not in FORMATS:
        raise UsageError(f"'{opts.to}' is not one of {', '.join(FORMATS)}.", "--to")
    _check_destination(opts)
    if opts.to in SPREADSHEET_FORMATS:
        _check_spreadsheet(opts)
    if opts.reference_doc is not None and opts.to != "docx":
        raise UsageError("--reference-doc is the Word template for --to docx; add --to docx, or leave it out.")
    if opts.templates is not None and not opts.templates.is_dir():
        raise UsageError(f"{opts.templates} is not a folder of templates (NAME.md.j2).", "--templates")


def render_drafts(opts: RenderOptions) -> tuple[list[RenderedDocument], CheckedDossier]:
    """Check the dossier and render the documents asked for, in memory."""
    from ddtapp.checker.engine import check_file
    from ddtapp.documents.render import CheckedDossier, available_documents, make_environment, render_document

    sources = available_documents(opts.templates)
    names = list(dict.fromkeys(opts.docs)) or list(sources)
    unknown = [n for n in names if n not in sources]
    if unknown:
        from ddtapp.commands.choices import did_you_mean

        raise UsageError(
            f"no document called {', '.join(repr(n) for n in unknown)}.{did_you_mean(unknown[0], sources)} Documents: "
            f"{', '.join(sources)}" + (" (built in, and from --templates)." if opts.templates else "."),
            "--doc",
        )
    pack = opts.rule_settings.load()
    result = check_file(opts.dossier, pack, opts.today)
    job = CheckedDossier(result, pack, opts.today)
    env = make_environment(opts.templates)
    return [render_document(env, sources[n], job) for n in names], job


def _word_settings(opts: RenderOptions) -> tuple[str, Path | None]:
    """The marking and reference document for --to docx: flags win over the configuration."""
    from ddtapp.commands.config import resolve
    from ddtapp.documents.word import DEFAULT_MARKING

    cfg = resolve(opts.config, use_config=opts.use_config)
    marking = (opts.marking or cfg.protective_marking or DEFAULT_MARKING).strip()
    if not marking or "\n" in marking or len(marking) > 80:
        raise UsageError("give the protective marking as one short line, e.g. OFFICIAL-SENSITIVE.", "--marking")
    reference = opts.reference_doc or (Path(cfg.reference_doc) if cfg.reference_doc else None)
    return marking, reference


def _word_options(
    word: tuple[str, Path | None], doc: RenderedDocument, job: CheckedDossier, today: dt.date
) -> WordOptions:
    from ddtapp.documents.word import WordOptions

    marking, reference = word
    first = doc.text.split("\n", 1)[0]
    title = first[2:] if first.startswith("# ") else doc.name
    author: Any = job.result.loaded.data
    for key in ("tool", "owner", "name"):
        author = author.get(key) if isinstance(author, dict) else None
    author = str(author) if author else "ddtapp"
    return WordOptions(
        title=title.replace("\\", ""), today=today, marking=marking, reference_doc=reference, author=author
    )


def run_render(opts: RenderOptions, stdout: IO[str] | None = None) -> int:
    from ddtapp.documents.atrs import to_spreadsheet
    from ddtapp.documents.output import write_drafts
    from ddtapp.documents.word import to_word

    out = stdout or sys.stdout
    _check_options(opts)
    word = _word_settings(opts) if opts.to == "docx" else None
    documents, job = render_drafts(opts)
    if opts.stdout:
        out.write(documents[0].text)
        out.flush()
        return EXIT_OK
    assert opts.out is not None
    files: dict[str, bytes] = {}
    for doc in documents:
        if word is not None:
            files[f"{doc.name}.docx"] = to_word(doc.text, _word_options(word, doc, job, opts.today))
        elif opts.to in SPREADSHEET_FORMATS:
            files[f"{doc.name}.{opts.to}"] = to_spreadsheet(doc.text, opts.today, opts.to)
        else:
            files[f"{doc.name}.md"] = doc.text.encode("utf-8")
    written = write_drafts(opts.out, files, opts.force)
    for doc, w in zip(documents, written, strict=True):
        n = len(doc.gaps)
        state = "wrote" if w.changed else "unchanged"
        out.write(f"{state:9} {neutralise(w.path)}  ({plural(n, 'gap')})\n")
    out.flush()
    return EXIT_OK


#: The built-in documents, for render's help (tests/test_cli_conventions.py checks it against the templates).
DOCUMENTS = (
    "dpia, stage-gate-report, equality-impact-assessment, human-rights-impact-assessment, "
    "community-impact-assessment, algorithmic-transparency-record, foi-answer, foi-officer-notes"
)
#: How ddtapp.cli registers the command: its help ends with the documents' names.
EPILOG = f"Documents: {DOCUMENTS}, and any NAME.md.j2 in --templates."


@dossier_set(omit=("paths", "exclude"))  # one dossier, named by its own argument
def render_command(
    dossier: Annotated[
        str, typer.Argument(metavar="DOSSIER", help="The dossier to write documents from.", show_default=False)
    ],
    out: Annotated[
        Path | None,
        option(
            "--out",
            "-o",
            metavar="DIR",
            help="Folder to write the drafts into, one NAME.md per document; '-' prints the one --doc instead.",
        ),
    ] = None,
    doc: Annotated[
        list[str] | None,
        option("--doc", "-d", metavar="NAME", help=f"A document to write (repeatable; default: all): {DOCUMENTS}."),
    ] = None,
    today: Annotated[str | None, today_option("The drafts' date, and the date review dates are judged against")] = None,
    templates: Annotated[
        Path | None,
        option(
            "--templates",
            metavar="DIR",
            help="A folder of the force's own templates (NAME.md.j2): they override built-in ones of the same "
            "name, or add documents.",
        ),
    ] = None,
    force: Annotated[
        bool, flag("--force", "Overwrite drafts even if they were edited since ddtapp wrote them.")
    ] = False,
    stdout: Annotated[
        bool, flag("--stdout", "Print one document (name it with --doc) instead of writing files.")
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
        option(
            "--reference-doc",
            metavar="FILE",
            help="The force's own Word template (.docx) for --to docx: its styles and page; "
            "default: the configuration's reference-doc, else A4 in ddtapp's house style.",
        ),
    ] = None,
    marking: Annotated[
        str | None,
        option(
            "--marking",
            metavar="TEXT",
            help="The protective marking on each page of a Word draft; "
            "default: the configuration's protective-marking, else OFFICIAL.",
        ),
    ] = None,
    dossiers: DossierSet = NOT_GIVEN,
) -> None:
    """``ddtapp render`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    from ddtapp.commands.choices import pick

    settings = dossiers.settings()
    if out is not None and str(out) == "-":
        out, stdout = None, True
    raise typer.Exit(
        run_render(
            RenderOptions(
                dossier=dossier,
                out=out,
                docs=[d.strip().lower() for d in doc or []],
                today=parse_today(today),
                templates=templates,
                force=force,
                stdout=stdout,
                to=pick(to, FORMATS, "--to"),
                rule_settings=settings.rule_settings,
                reference_doc=reference_doc,
                marking=marking,
                config=str(dossiers.config) if dossiers.config else None,
                use_config=not dossiers.no_config,
            )
        )
    )
