"""Text meant for a person at a terminal: whether to colour it, and how wide it may be.

Colour follows ``--color auto|always|never``. With ``auto`` (the default) the environment decides, as
https://no-color.org and https://force-color.org ask: ``NO_COLOR`` set to anything but the empty string
turns colour off; else ``FORCE_COLOR`` set to anything but the empty string turns it on, even in a pipe or
a CI log; else colour is on for a terminal (not ``TERM=dumb``) and off for a pipe or a file. ``--color``
on the command line wins over both variables. Off means no escape codes at all: not even bold.

Width: a terminal's own width (``COLUMNS`` when set, as Rich reads it), text wrapped between words; a
pipe or a file gets each line whole, never wrapped, never padded with spaces.
"""

from __future__ import annotations

import io
import os
import re
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

COLOR_CHOICES = ("auto", "always", "never")
#: A line that is never wrapped: wide enough for any one line ddtapp writes to a pipe.
UNWRAPPED = 100_000


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def colour_wanted(when: bool | str | None, stream: IO[str]) -> bool:
    """Whether to colour text written to ``stream``: ``when`` is ``--color`` (``always``/``never``/``auto``,
    or True/False/None for the same), and ``auto`` asks the environment and the stream."""
    if when in (True, "always"):
        return True
    if when in (False, "never"):
        return False
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("FORCE_COLOR", ""):
        return True
    return _is_terminal(stream) and os.environ.get("TERM", "") != "dumb"


def console_for(stream: IO[str], when: bool | str | None = None) -> Console:
    """A Rich console for ``stream``: coloured as :func:`colour_wanted` says, wrapping to a terminal's width
    and never wrapping text written elsewhere."""
    from rich.console import Console

    colour = colour_wanted(when, stream)
    terminal = _is_terminal(stream)
    return Console(
        file=stream,
        highlight=False,
        emoji=False,
        soft_wrap=not terminal,
        force_terminal=colour,
        color_system="auto" if colour else None,
        no_color=False,
        width=None if terminal else UNWRAPPED,
        legacy_windows=False if not terminal else None,
    )


def terminal_width(stream: IO[str]) -> int | None:
    """The width to wrap plain text written to ``stream`` at: a terminal's (``COLUMNS`` when set, as Rich
    reads it), or None for a pipe or a file, whose lines are written whole."""
    if not _is_terminal(stream):
        return None
    from rich.console import Console

    return Console(file=stream, legacy_windows=False).width


def print_unpadded(console: Console, renderable: RenderableType) -> None:
    """Print a table or other block: as it is at a terminal; elsewhere laid out at its natural width with
    the spaces that pad each line to the table's width taken off."""
    if not console.soft_wrap:
        console.print(renderable)
        return
    from rich.console import Console

    buffer = io.StringIO()
    inner = Console(
        file=buffer,
        highlight=False,
        emoji=False,
        width=UNWRAPPED,
        force_terminal=console.is_terminal,
        color_system=console.color_system,  # type: ignore[arg-type]
        no_color=False,
        legacy_windows=False,
    )
    inner.print(renderable)
    console.file.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def _text() -> type[Text]:
    from rich.text import Text

    return Text


def say(console: Console, markup: str, indent: int = 0, hang: int = 4, wrap: bool = True) -> None:
    """Print one line of markup indented by ``indent``. At a terminal it is wrapped between words to the
    terminal's width, each continuation ``hang`` further in; elsewhere (or not ``wrap``) it is written whole."""
    if console.soft_wrap or not wrap:
        console.print(" " * indent + markup, soft_wrap=True)
        return
    text = _text().from_markup(markup)
    for i, line in enumerate(text.divide(breaks(text.plain, max(console.width - indent - hang, 20)))):
        line.rstrip()
        console.print(_text()(" " * (indent + (hang if i else 0))) + line, soft_wrap=True)


def breaks(plain: str, width: int) -> list[int]:
    """Where to start each new line so that lines fit ``width`` cells, breaking only between words; a word
    longer than the line (a long dossier path) is kept whole, never broken in the middle."""
    from rich.cells import cell_len

    offsets: list[int] = []
    column = 0
    for word in re.finditer(r"\S+\s*", plain):
        if column and column + cell_len(word.group().rstrip()) > width:
            offsets.append(word.start())
            column = 0
        column += cell_len(word.group())
    return offsets
