"""``ddtapp site``: the force's transparency site, static and self-contained, from its dossiers.

An index of the force's DDTs and one page per tool laid out as an ATRS 4.0 record (Tier 1 and Tier 2), with
the status of its documents and a note wherever a field is withheld, saying under which Freedom of
Information Act exemption and why. No page needs JavaScript to be read (a small local script adds a filter
to the index) and no page asks for anything from another site: a Content-Security-Policy says so to the
browser.

Redaction happens first (``redaction.redact``): the views built here, and so the templates, hold only
what the mode may show. ``--internal`` shows restricted fields too, each with its marking; secret fields
never appear. Templates run in the same Jinja sandbox as ``render``, with HTML escaping on.

The whole site is built in memory, written to a folder beside ``--out`` file by file (atomic writes), and
put in place by renaming, so a failure never leaves a half-written or half-old site.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import StrictUndefined

from ddtapp.assess import tier_basis
from ddtapp.checker.engine import Result
from ddtapp.documents.environment import TEMPLATE_FAILURES, _ContainedLoader, template_error
from ddtapp.documents.sandbox import LimitedEnvironment, render_limited
from ddtapp.dossier.documents import document_identity
from ddtapp.errors import InputError
from ddtapp.force.publication import (
    EXEMPTIONS,
    Default,
    Marking,
    Mode,
    Withheld,
    leaves,
)
from ddtapp.force.redaction import Redacted, redact, withheld_among
from ddtapp.force.site_record import (
    DocumentRow,
    Note,
    RecordBuilder,
    ToolRecord,
    date_text,
    note_of,
    phase,
    sections,
    text,
    words,
)
from ddtapp.loading.safe_read import not_regular, read_capped
from ddtapp.output.safe_write import write_atomic_bytes
from ddtapp.pack.gates import DOCUMENT_NAMES
from ddtapp.pack.rulepack import load_pack
from ddtapp.reporters.summary import TIER_NAMES
from ddtapp.resources import templates_dir

#: A file in every folder ``ddtapp site`` writes, so that it replaces only a site it wrote itself.
MARKER = ".ddtapp-site"
LOGO_TYPES = {".png": "png", ".svg": "svg", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif", ".webp": "webp"}
MAX_ASSET_BYTES = 2 * 1024 * 1024
SITE_TEMPLATE_SUFFIX = ".html.j2"


@dataclass
class SiteSettings:
    mode: Mode = "public"
    today: dt.date = field(default_factory=dt.date.today)
    force_name: str = ""
    region: str = ""
    stylesheet: Path | None = None
    logo: Path | None = None
    logo_alt: str = ""
    defaults: tuple[Default, ...] | None = None
    #: The fields the impact tier rests on (``assess.tier_basis``); None: the built-in pack's.
    tier_basis: tuple[str, ...] | None = None


def make_site_environment(folder: Path | None = None) -> jinja2.Environment:
    """``render``'s sandbox (:class:`LimitedEnvironment`: immutable, strict, the same limits, templates
    contained in their folder) with HTML escaping instead of Markdown's."""
    return LimitedEnvironment(
        loader=_ContainedLoader(str(folder or templates_dir() / "site")),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def slug_of(name: str, taken: set[str], n: int) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-") or f"tool-{n}"
    slug, i = base, 2
    while slug in taken:
        slug, i = f"{base}-{i}", i + 1
    taken.add(slug)
    return slug


def _documents(data: Any, b: RecordBuilder) -> tuple[DocumentRow, ...]:
    """Every document the dossier records, once each, in dossier order."""
    rows: list[DocumentRow] = []
    seen: set[tuple[str, ...]] = set()
    for path, value in leaves(data):
        if not path.endswith(".type") or value not in DOCUMENT_NAMES:
            continue
        holder = path[: -len(".type")]
        doc = b.get(holder)
        # the kind of document is a field too: withheld, the row says only that a document is there
        name = "Document (kind withheld)" if path in b.r.withheld else DOCUMENT_NAMES[str(value)]
        if isinstance(doc, Withheld):
            rows.append(DocumentRow(name[:1].upper() + name[1:], "", "", "", "", note_of(doc)))
            continue
        if not isinstance(doc, dict) or "status" not in doc:
            continue
        fields = [doc.get(k) for k in ("title", "status", "date", "review_date")]
        # one document recorded in two places is one row: the identity the register and FOI answer use
        key = document_identity(value, doc.get("title"), doc.get("version"), doc.get("date")) or (
            name,
            *(text(v) for v in fields),
        )
        if key in seen:
            continue
        seen.add(key)
        title, status, date, review = (text(v) if v is not None else "" for v in fields)
        status = words(status) if isinstance(doc.get("status"), str) else status
        rows.append(DocumentRow(name[:1].upper() + name[1:], title, status, date, review))
    return tuple(rows)


def _withheld_phrase(m: Marking) -> str:
    if m.marking == "undecided":
        return "not yet cleared for publication"
    if m.exemption:
        return f"under {EXEMPTIONS[m.exemption]}"
    return "as internal records, not part of a published record"


def _basis(settings: SiteSettings) -> tuple[str, ...]:
    return settings.tier_basis if settings.tier_basis is not None else tier_basis(load_pack([]))


def _tier(result: Result, redacted: Redacted, basis: tuple[str, ...]) -> tuple[str, Note | None]:
    """The impact tier as words, or the note saying why it is withheld: a tier shows something about every
    field it is derived from (a "minimal" tier says the tool does not affect children), so it is shown only
    when each of them may be."""
    note = withheld_among(redacted, basis)
    if note is not None:
        return "", note_of(note)
    return words(TIER_NAMES.get(result.assessment.tier, result.assessment.tier)), None


def tool_record(
    result: Result, settings: SiteSettings, taken: set[str], n: int, basis: tuple[str, ...] | None = None
) -> ToolRecord:
    """One tool's record (``basis``: the fields the impact tier rests on; default the built-in pack's)."""
    if basis is None:
        basis = _basis(settings)
    data = result.loaded.data if isinstance(result.loaded.data, dict) else {}
    redacted: Redacted = redact(data, settings.mode, settings.today, settings.defaults)
    b = RecordBuilder(redacted, settings.mode)
    name = b.get("tool.name")
    shown_name = name if isinstance(name, str) and name else f"Tool {n} (name withheld)"
    reference = b.get("tool.reference")
    shown_ref = reference if isinstance(reference, str) else ""
    slug = slug_of((name if isinstance(name, str) else "") or shown_ref, taken, n)
    purpose = b.get("tool.purpose")
    organisation = b.get("tool.force")
    tier1, tier2 = sections(b, settings.region)
    tech = b.get("tool.technology_types")
    tier, tier_note = _tier(result, redacted, basis)
    by = Counter(_withheld_phrase(m) for m in redacted.withheld.values())
    withheld_by = tuple(sorted(by.items(), key=lambda kv: (not kv[0].startswith("under"), kv[0])))
    return ToolRecord(
        slug=slug,
        name=shown_name,
        reference=shown_ref,
        summary=purpose if isinstance(purpose, str) else "",
        phase="Withheld"
        if isinstance(b.get("tool.maturity"), Withheld)
        else phase(b.get("tool.maturity")) or "Not recorded",
        organisation=organisation if isinstance(organisation, str) else "",
        tier=tier,
        tier_note=tier_note,
        technologies=", ".join(words(t) for t in tech if isinstance(t, str)) if isinstance(tech, list) else "",
        tier1=tier1,
        tier2=tier2,
        documents=_documents(data, b),
        withheld_count=len(redacted.withheld),
        withheld_by=withheld_by,
    )


def _asset(path: Path, what: str) -> bytes:
    """A regular file of at most MAX_ASSET_BYTES (a link to ``/dev/zero`` or a FIFO is refused, not read)."""
    return read_capped(path, MAX_ASSET_BYTES, str(path), what)


def build_site(results: list[Result], settings: SiteSettings) -> dict[str, bytes]:
    """Every file of the site, by its path inside the site folder."""
    env = make_site_environment()
    files: dict[str, bytes] = {}
    assets = templates_dir() / "site" / "assets"
    for name in ("site.css", "filter.js"):
        files[f"assets/{name}"] = (assets / name).read_bytes()
    logo = ""
    if settings.logo is not None:
        kind = LOGO_TYPES.get(settings.logo.suffix.lower())
        if kind is None:
            raise InputError(f"{settings.logo}: a logo is a {', '.join(sorted(set(LOGO_TYPES.values())))} file.")
        logo = f"assets/logo.{kind}"
        files[logo] = _asset(settings.logo, "logo")
    if settings.stylesheet is not None:
        files["assets/force.css"] = _asset(settings.stylesheet, "stylesheet")
    taken: set[str] = set()
    basis = _basis(settings)
    tools = [tool_record(r, settings, taken, i, basis) for i, r in enumerate(results, 1)]
    forces = sorted({t.organisation for t in tools if t.organisation})
    force_name = settings.force_name or (forces[0] if len(forces) == 1 else "")
    common = {
        "force_name": force_name,
        "several_forces": not settings.force_name and len(forces) > 1,
        "generated": date_text(settings.today),
        "generated_iso": settings.today.isoformat(),
        "internal": settings.mode == "internal",
        "logo": logo,
        "logo_alt": settings.logo_alt,
        "force_css": settings.stylesheet is not None,
        "phases": sorted({t.phase for t in tools}),
    }
    files["index.html"] = render_page(env, "index.html.j2", {**common, "root": "", "tools": tools})
    for t in tools:
        files[f"tools/{t.slug}.html"] = render_page(env, "tool.html.j2", {**common, "root": "../", "tool": t})
    return files


def render_page(env: jinja2.Environment, name: str, context: dict[str, Any]) -> bytes:
    """One page, within the sandbox's limits; a template's failure is one located input error, as in ``render``."""
    try:
        body = render_limited(env, env.get_template(name), context)
    except TEMPLATE_FAILURES as exc:
        folder = getattr(env.loader, "searchpath", [""])[0]
        raise template_error(
            exc, Path(folder) / name, SITE_TEMPLATE_SUFFIX, "docs/site.md says what they get"
        ) from None
    lines = [line.rstrip() for line in body.split("\n")]
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


def write_site(out: Path, files: dict[str, bytes]) -> None:
    """Put the site in ``out``: written beside it, then renamed into place. ``out`` is replaced only when it
    is missing, empty, or a site ``ddtapp site`` wrote (it holds the marker file)."""
    if out.exists():
        if not out.is_dir():
            what = not_regular(out) or "a file"
            raise InputError(f"{out}: --out must be a folder, and this is {what}. Choose a folder for the site.")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise InputError(
                f"{out}: this folder holds files that ddtapp site did not write; it replaces only its own "
                "sites. Choose an empty or new folder."
            )
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise InputError(
            f"cannot write to {out}: {exc.strerror or type(exc).__name__}. Choose a writable folder."
        ) from None
    old: Path | None = None
    try:
        for rel, data in sorted(files.items()):
            write_atomic_bytes(staging / rel, data)
        write_atomic_bytes(staging / MARKER, b"Written by ddtapp site; it replaces this folder when run again.\n")
        os.chmod(staging, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=parent))
            os.replace(out, old / "site")
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not out.exists():
            os.replace(old / "site", out)
        raise InputError(
            f"cannot write to {out}: {exc.strerror or type(exc).__name__}. Choose a writable folder."
        ) from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
