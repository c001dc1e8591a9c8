"""Read an input file with a size cap, whatever ``stat`` says, and only if it is a regular file.

A path can be a symbolic link to ``/dev/zero`` (``stat`` says 0 bytes, a read never ends), a FIFO (opening
it waits for a writer that never comes) or a device. Every file ddtapp reads as input (dossiers, rule packs,
the rule-pack cache, the render manifest, templates) comes through :func:`read_capped`: the path must
name a regular file (after following links), it is opened without blocking, checked again on the open
descriptor (so a file swapped in between is caught), and at most ``limit + 1`` bytes are read.
"""

from __future__ import annotations

import os
import stat

from ddtapp.errors import InputError, Problem

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name as reports show it: a name that is not UTF-8 (``r\\xff.yaml``, which git can store) has
    each bad byte written as ``\\xNN``, so that every report stays valid UTF-8."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words (``"a FIFO (named pipe)"``)."""
    if stat.S_ISDIR(mode):
        return "a directory"
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def not_regular(path: str | os.PathLike[str]) -> str:
    """``""`` when ``path`` is a regular file (or cannot be examined), else what it is instead."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    return "" if stat.S_ISREG(mode) else kind_of(mode)


def _refuse(name: str, what: str, kind: str) -> InputError:
    return InputError(
        [Problem(name, 1, 1, f"is {kind}, not a regular file", hint=f"Give a regular file as the {what}.")]
    )


def refuse_unless_regular(path: str | os.PathLike[str], name: str, what: str) -> None:
    """InputError located at ``name`` when ``path`` exists (as a name, even a link to nothing) but is not a
    regular file after following links: a FIFO, a device, a folder, or a link to ``/dev/zero`` or to nothing.
    For a file ddtapp looks for by name (the configuration, a force's templates), so that one it cannot read
    is refused with exit 2 rather than silently skipped; nothing is opened, so a FIFO never blocks."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(
                [Problem(name, 1, 1, "is a symbolic link to nothing", hint=f"Give a regular file as the {what}.")]
            ) from None
        return
    except (OSError, ValueError):
        return  # unreadable: read_capped says so when the file is read
    if not stat.S_ISREG(mode):
        raise _refuse(name, what, kind_of(mode))


def read_capped(path: str | os.PathLike[str], limit: int, name: str, what: str = "input file") -> bytes:
    """The bytes of ``path``, or InputError located at ``name`` when it is missing, unreadable, not a regular
    file, or longer than ``limit`` bytes. Never blocks on a FIFO and never reads more than ``limit + 1`` bytes."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(name, what, kind_of(mode))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise _refuse(name, what, kind_of(mode))
            chunks: list[bytes] = []
            left = limit + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise InputError([Problem(name, 1, 1, "file not found", hint="Check the path.")]) from None
    except PermissionError:
        raise InputError([Problem(name, 1, 1, "permission denied", hint="Make the file readable.")]) from None
    except OSError as exc:
        raise InputError([Problem(name, 1, 1, f"cannot read file: {exc.strerror or type(exc).__name__}")]) from None
    except ValueError:  # a NUL byte in the path
        raise InputError([Problem(name, 1, 1, "is not a usable file name")]) from None
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise InputError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"file is over the {limit:,}-byte limit",
                    hint=f"Give a smaller {what}; see docs/security.md for the limits.",
                )
            ]
        )
    return raw
