"""``ddtapp render``: write draft documents (DPIA, stage gate report, EIA, HRIA, CIA, ATRS record, FOI
answer) from a dossier, through the templates in ``templates/`` and a force's own (``--templates``)."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ddtapp.checker.engine import check_file
from ddtapp.documents.output import pandoc_path, to_docx, write_drafts
from ddtapp.documents.render import (
    CheckedDossier,
    RenderedDocument,
    available_documents,
    make_environment,
    render_document,
)
from ddtapp.errors import EXIT_OK, InputError
from ddtapp.pack.rulepack import load_pack

FORMATS = ("md", "docx")


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


def _check_options(opts: RenderOptions) -> None:
    if opts.to not in FORMATS:
        raise InputError(f"--to {opts.to}: use one of {', '.join(FORMATS)}.")
    if opts.stdout:
        if len(opts.docs) != 1:
            raise InputError("--stdout prints one document: name it with exactly one --doc (e.g. --doc dpia).")
        if opts.to != "md":
            raise InputError("--stdout prints Markdown; a .docx needs a file. Use --out DIR with --to docx.")
        if opts.out is not None:
            raise InputError("give either --out DIR or --stdout, not both.")
    elif opts.out is None:
        raise InputError("say where to write the drafts with --out DIR (or print one with --doc NAME --stdout).")
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


def run_render(opts: RenderOptions, stdout: IO[str] | None = None) -> int:
    out = stdout or sys.stdout
    _check_options(opts)
    pandoc = pandoc_path() if opts.to == "docx" else None
    documents, _job = render_drafts(opts)
    if opts.stdout:
        out.write(documents[0].text)
        out.flush()
        return EXIT_OK
    assert opts.out is not None
    files: dict[str, bytes] = {}
    for doc in documents:
        if pandoc is not None:
            files[f"{doc.name}.docx"] = to_docx(pandoc, doc.text, doc.name, opts.today)
        else:
            files[f"{doc.name}.md"] = doc.text.encode("utf-8")
    written = write_drafts(opts.out, files, opts.force)
    for doc, w in zip(documents, written, strict=True):
        n = len(doc.gaps)
        state = "wrote" if w.changed else "unchanged"
        out.write(f"{state:9} {w.path}  ({n} gap{'s' if n != 1 else ''})\n")
    out.flush()
    return EXIT_OK
