"""Where templates come from and the sandbox they run in: ddtapp's own templates, a force's own
(``--templates``) overriding or adding documents, and Jinja's ``ImmutableSandboxedEnvironment``."""

from __future__ import annotations

import os
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined

from ddtapp.documents.filters import is_missing_test, jinja_filters, to_markdown
from ddtapp.documents.sandbox import MAX_TEMPLATE_BYTES, LimitedEnvironment, TemplateLimitError
from ddtapp.errors import InputError, Problem
from ddtapp.loading.safe_read import read_capped, refuse_unless_regular
from ddtapp.resources import templates_dir

__all__ = [
    "BUILTIN_ORDER",
    "DOC_NAME",
    "TEMPLATE_SUFFIX",
    "TemplateSource",
    "available_documents",
    "make_environment",
    "template_error",
]

#: A document's name is its output file's name: lower-case words and hyphens, nothing that can leave --out.
DOC_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}\Z")  # \Z: ``$`` would accept a trailing new line
TEMPLATE_SUFFIX = ".md.j2"
#: The order ``ddtapp render`` lists and writes the built-in documents in.
BUILTIN_ORDER = (
    "dpia",
    "stage-gate-report",
    "equality-impact-assessment",
    "human-rights-impact-assessment",
    "community-impact-assessment",
    "algorithmic-transparency-record",
    "foi-answer",
    "foi-officer-notes",
)


@dataclass(frozen=True)
class TemplateSource:
    name: str  # document name, e.g. "dpia"
    path: Path  # the template file
    builtin: bool  # ddtapp's own, or the force's (--templates)


def available_documents(force_dir: Path | None = None) -> dict[str, TemplateSource]:
    """The documents ``render`` can write: the built-in ones, overridden or added to by ``force_dir``."""
    found: dict[str, TemplateSource] = {}
    for directory, builtin in ((templates_dir(), True), (force_dir, False)):
        if directory is None:
            continue
        for p in sorted(directory.glob(f"*{TEMPLATE_SUFFIX}")):
            if not builtin:  # a force template ddtapp cannot use is refused, never passed over for a built-in one
                _usable_template(p, directory)
            name = p.name[: -len(TEMPLATE_SUFFIX)]
            if name.startswith("_"):
                continue  # a partial, for {% import %} / {% include %}
            if not DOC_NAME.match(name):
                raise InputError(
                    [
                        Problem(
                            str(p),
                            1,
                            1,
                            f"'{name}' cannot be a document name",
                            hint="Name document templates with lower-case letters, digits and "
                            "hyphens (the name becomes the output file's name), or start a "
                            "partial's name with '_'.",
                        )
                    ]
                )
            found[name] = TemplateSource(name, p, builtin)
    order = {n: i for i, n in enumerate(BUILTIN_ORDER)}
    return dict(sorted(found.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def _links_outside(path: Path, folder: Path) -> InputError:
    return InputError(
        [
            Problem(
                str(path),
                1,
                1,
                "is a symbolic link to a file outside the template folder",
                hint="Templates read the template folder and nothing else: copy the file into the folder.",
            )
        ]
    )


def _usable_template(path: Path, folder: Path) -> None:
    """InputError unless ``path`` is a regular file inside ``folder`` (after following links): a FIFO, a
    device, a link to ``/dev/zero``, to nothing or out of the folder is refused with exit 2."""
    refuse_unless_regular(path, str(path), "template")
    real, root = path.resolve(), folder.resolve()
    if root not in real.parents:
        raise _links_outside(path, folder)


class _ContainedLoader(FileSystemLoader):
    """A FileSystemLoader that also refuses a template whose real path (after symbolic links) lies
    outside its folder: templates read the template folders and nothing else."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = jinja2.loaders.split_template_path(template)
        filename = next(
            (f for f in (os.path.join(root, *pieces) for root in self.searchpath) if os.path.lexists(f)), None
        )
        if filename is None:
            raise jinja2.TemplateNotFound(template)
        filename = os.path.normpath(filename)
        roots = [Path(p).resolve() for p in self.searchpath]
        real = Path(filename).resolve()
        if not any(real == r or r in real.parents for r in roots):
            # refused, not "not found": the next loader (ddtapp's own) must not stand in for it unnoticed
            raise _links_outside(Path(filename), Path(self.searchpath[0]))
        source = self._read(filename)  # a regular file, at most MAX_TEMPLATE_BYTES, whatever stat says
        mtime = os.path.getmtime(filename)
        return source, filename, lambda: os.path.exists(filename) and os.path.getmtime(filename) == mtime

    def _read(self, filename: str) -> str:
        raw = read_capped(filename, MAX_TEMPLATE_BYTES, filename, "template")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError([Problem(filename, line, 1, "the template is not UTF-8 text")]) from None


def make_environment(force_dir: Path | None = None) -> jinja2.Environment:
    """The sandboxed environment every template runs in. Force templates come first, ddtapp's after; a
    force template can reach a built-in one it overrides as ``builtin/NAME.md.j2``."""
    builtin = _ContainedLoader(str(templates_dir()))
    loaders: list[jinja2.BaseLoader] = []
    if force_dir is not None:
        loaders.append(_ContainedLoader(str(force_dir)))
    loaders += [builtin, PrefixLoader({"builtin": builtin})]
    env = LimitedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,  # HTML escaping is wrong for Markdown; ``finalize`` escapes for Markdown instead
        finalize=to_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(jinja_filters())
    env.tests["missing"] = is_missing_test
    return env


#: What a template can raise while it renders (Jinja compiles the literal 1e400 to the name ``inf``: NameError).
TEMPLATE_FAILURES = (
    jinja2.TemplateError,
    TypeError,
    ValueError,
    RecursionError,
    ArithmeticError,
    AssertionError,
    LookupError,
    MemoryError,
    NameError,
)


def _template_frame(exc: BaseException, suffix: str) -> tuple[str, int] | None:
    """The last traceback frame in a template file (Jinja rewrites frames to template lines)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(suffix) and frame.lineno:
            found = (frame.filename, frame.lineno)
    return found


def template_error(
    exc: BaseException, template: Path, suffix: str, hint: str = "docs/render.md lists what templates can use"
) -> InputError:
    """A template's failure (one of :data:`TEMPLATE_FAILURES`) as one located input error, the same for
    ``render`` and ``site``: syntax errors, the sandbox refusing an attribute or a call, a limit, a missing
    value. Re-raises ``exc`` when it did not arise in a template (a fault of ddtapp, not of the template)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return InputError(
            [
                Problem(
                    exc.filename or str(template),
                    exc.lineno or 1,
                    1,
                    f"template syntax error: {exc.message}",
                    hint="Fix the template (Jinja syntax).",
                )
            ]
        )
    where = _template_frame(exc, suffix)
    if where is None and not isinstance(exc, jinja2.TemplateError):
        raise exc
    file, line = where or (str(template), 1)
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    if isinstance(exc, RecursionError):
        message = "templates include or call each other without end"
    elif isinstance(exc, MemoryError):
        message = "the template used more memory than there is"
    elif not message:
        message = type(exc).__name__
    message = message.rstrip(".")
    if isinstance(exc, jinja2.TemplateNotFound):
        message = (
            f"no template '{exc.name}' to include (a template includes only templates in its own "
            "folder, not through links out of it, or ddtapp's own as builtin/NAME)"
        )
    if isinstance(exc, jinja2.exceptions.SecurityError) and not isinstance(exc, TemplateLimitError):
        message += " (templates run sandboxed: they read data, they cannot run code)"
    return InputError(
        [Problem(file or str(template), line, 1, f"template error: {message}", hint=f"Fix the template; {hint}.")]
    )
