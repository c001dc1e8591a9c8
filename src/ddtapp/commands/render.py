"""``ddtapp render``: write draft documents (DPIA, stage gate report, EIA, HRIA, CIA, ATRS record, FOI
answer) from a dossier, through the templates in ``templates/`` and a force's own (``--templates``)."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ddtapp.checker.engine import check_file
from ddtapp.documents.atrs import DOCUMENT as ATRS_DOCUMENT
from ddtapp.documents.atrs import to_spreadsheet
from ddtapp.documents.output import write_drafts
from ddtapp.documents.render import (
    CheckedDossier,
    RenderedDocument,
    available_documents,
    make_environment,
    render_document,
)
from ddtapp.documents.word import DEFAULT_MARKING, WordOptions, to_word
from ddtapp.errors import EXIT_OK, InputError
from ddtapp.output.words import plural
from ddtapp.pack.rulepack import load_pack

FORMATS = ("md", "docx", "xlsx", "csv")
#: The formats only documents with a spreadsheet layout of their own can be written in.
SPREADSHEET_FORMATS = ("xlsx", "csv")
SPREADSHEET_DOCUMENTS = (ATRS_DOCUMENT,)


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
    rules: list[Path] = field(default_factory=list)
    #: The force's own Word template (``--reference-doc``, or ``reference-doc`` in the configuration).
    reference_doc: Path | None = None
    #: The protective marking at the top and bottom of each page of a .docx (``--marking``,
    #: ``protective-marking`` in the configuration); OFFICIAL when neither gives one.
    marking: str | None = None
    #: The configuration file (``--config``); None: the nearest one, as ``check`` finds it.
    config: str | None = None
    use_config: bool = True


def _check_options(opts: RenderOptions) -> None:
    if opts.to not in FORMATS:
        raise InputError(f"--to {opts.to}: use one of {', '.join(FORMATS)}.")
    if opts.stdout:
        if len(opts.docs) != 1:
            raise InputError("--stdout prints one document: name it with exactly one --doc (e.g. --doc dpia).")
        if opts.to != "md":
            raise InputError(f"--stdout prints Markdown; a .{opts.to} needs a file. Use --out DIR with --to {opts.to}.")
        if opts.out is not None:
            raise InputError("give either --out DIR or --stdout, not both.")
    elif opts.out is None:
        raise InputError("say where to write the drafts with --out DIR (or print one with --doc NAME --stdout).")
    if opts.to in SPREADSHEET_FORMATS:
        others = [d for d in opts.docs if d not in SPREADSHEET_DOCUMENTS]
        if others:
            raise InputError(
                f"--to {opts.to} writes the spreadsheet of the algorithmic transparency record (ATRS), and "
                f"{', '.join(repr(d) for d in others)} has none: use --to md or docx for it, or "
                f"--doc {ATRS_DOCUMENT} alone."
            )
        if not opts.docs:
            opts.docs = list(SPREADSHEET_DOCUMENTS)
    if opts.reference_doc is not None and opts.to != "docx":
        raise InputError("--reference-doc is the Word template for --to docx; add --to docx, or leave it out.")
    if opts.templates is not None and not opts.templates.is_dir():
        raise InputError(
            f"{opts.templates}: --templates must be a folder of templates (NAME.md.j2), and it was not found."
        )


def render_drafts(opts: RenderOptions) -> tuple[list[RenderedDocument], CheckedDossier]:
    """Check the dossier and render the documents asked for, in memory."""
    sources = available_documents(opts.templates)
    names = list(dict.fromkeys(opts.docs)) or list(sources)
    unknown = [n for n in names if n not in sources]
    if unknown:
        raise InputError(
            f"no document called {', '.join(repr(n) for n in unknown)}. Documents: "
            f"{', '.join(sources)}" + (" (built in, and from --templates)." if opts.templates else ".")
        )
    pack = load_pack(opts.rules)
    result = check_file(opts.dossier, pack, opts.today)
    job = CheckedDossier(result, pack, opts.today)
    env = make_environment(opts.templates)
    return [render_document(env, sources[n], job) for n in names], job


def _word_settings(opts: RenderOptions) -> tuple[str, Path | None]:
    """The marking and reference document for --to docx: flags win over the configuration."""
    from ddtapp.commands.config import resolve

    cfg = resolve(opts.config, use_config=opts.use_config)
    marking = (opts.marking or cfg.protective_marking or DEFAULT_MARKING).strip()
    if not marking or "\n" in marking or len(marking) > 80:
        raise InputError("--marking: give the protective marking as one short line, e.g. OFFICIAL-SENSITIVE.")
    reference = opts.reference_doc or (Path(cfg.reference_doc) if cfg.reference_doc else None)
    return marking, reference


def _word_options(
    word: tuple[str, Path | None], doc: RenderedDocument, job: CheckedDossier, today: dt.date
) -> WordOptions:
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
        out.write(f"{state:9} {w.path}  ({plural(n, 'gap')})\n")
    out.flush()
    return EXIT_OK
