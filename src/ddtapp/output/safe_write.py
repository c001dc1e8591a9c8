"""Safe file writes.

A regular file is written atomically: to a temporary file beside the target, then renamed over it, so
that an error, Ctrl-C or ``kill`` never leaves a half-written file. A destination that is *not* a regular
file (a character or block device such as ``/dev/null``, a FIFO, a ``/proc/self/fd`` or ``/dev/fd`` link,
or a symlink to one of these) is opened and written to directly: renaming a file over it would destroy
the device (as root) or fail (as anyone else), and a reader waiting on a FIFO would never see the data.

Every temporary file's name is recorded before the file is made and forgotten only once it is renamed
or removed, so :func:`remove_leftovers` (run by the command line as it exits, whatever the reason) can
delete what an interruption left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path
from typing import IO

#: ``-`` stands for standard output wherever a destination is named.
STDOUT = "-"
#: Where the kernel keeps handles to open files: a path through these is never replaced, always written through.
_SPECIAL_PREFIXES = ("/proc/", "/dev/fd/")
#: A link to one of this process's own file descriptors: written through a copy of the descriptor.
_OWN_FD = re.compile(rf"^/(?:proc/(?:self|{os.getpid()})/fd|dev/fd)/(\d+)$")
#: Temporary files made and not yet renamed or removed.
_LIVE: set[str] = set()


def _mode_for(path: Path) -> int:
    """The permissions a plain ``open(path, "w")`` would give: the existing file's, or 0666 less the umask
    (``mkstemp`` creates 0600, which another CI user could not read)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _links(path: Path) -> list[str]:
    """``path`` and each place its chain of symlinks points to (at most 40 hops, as the kernel)."""
    first = os.path.abspath(path)
    hops = [first, os.path.join(os.path.realpath(os.path.dirname(first)), os.path.basename(first))]
    current = first
    for _ in range(40):
        try:
            target = os.readlink(current)
        except OSError:  # not a symlink, or not there
            break
        current = os.path.abspath(os.path.join(os.path.dirname(current), target))
        hops.append(current)
    return hops


def is_direct(path: Path | str) -> bool:
    """True when ``path`` must be written to in place rather than replaced: ``-`` (stdout), an existing
    destination that is not a regular file or folder (device, FIFO, socket), or a link into ``/proc`` or
    ``/dev`` (whatever it points to: ``/proc/self/fd/1`` of a redirected stdout is a regular file that
    only the link can reach)."""
    if str(path) == STDOUT:
        return True
    if any(hop.startswith(_SPECIAL_PREFIXES) for hop in _links(Path(path))):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _open_direct(path: Path | str) -> int:
    """A descriptor open for writing on a destination that is not replaced (see :func:`is_direct`).

    ``-`` and links to this process's own descriptors (``/proc/self/fd/N``, ``/dev/fd/N``, ``/dev/stdout``)
    get a copy of that descriptor, so the output lands where the descriptor points and in order with what
    else is written there; a device or FIFO is opened for writing (a FIFO waits for its reader, as the
    shell's ``>`` does); a regular file reached through ``/proc`` is appended to, never truncated."""
    import sys

    if str(path) == STDOUT:
        sys.stdout.flush()
        return os.dup(sys.stdout.fileno())
    for hop in _links(Path(path)):
        own = _OWN_FD.match(hop)
        if own:
            if int(own.group(1)) == 1:
                sys.stdout.flush()
            return os.dup(int(own.group(1)))
    flags = os.O_WRONLY | getattr(os, "O_BINARY", 0)
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            flags |= os.O_APPEND
    except OSError:
        pass  # the open below says why
    return os.open(path, flags)


def _new_temp(path: Path) -> tuple[int, str]:
    """Make a private temporary file beside ``path``; its name is recorded before it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{os.urandom(4).hex()}.tmp")
        _LIVE.add(tmp)
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), tmp
        except FileExistsError:
            _LIVE.discard(tmp)
        except BaseException:
            _LIVE.discard(tmp)
            raise
    raise FileExistsError(f"cannot make a temporary file beside {path}")


def _remove(tmp: str) -> None:
    """Delete a temporary file (already gone is fine) and forget it."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    _LIVE.discard(tmp)


def remove_leftovers() -> None:
    """Delete every temporary file an interrupted write left behind (run as the command line exits)."""
    for tmp in sorted(_LIVE):
        try:
            _remove(tmp)
        except OSError:
            _LIVE.discard(tmp)  # a folder gone read-only: nothing more can be done from here


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8, atomically (line endings as given: ddtapp writes LF)."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: atomically for a regular file, directly to a device, FIFO or stdout."""
    if is_direct(path):
        with open(_open_direct(path), "wb") as fh:
            fh.write(data)
        return
    mode = _mode_for(path)
    fd, tmp = _new_temp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        _LIVE.discard(tmp)
    except BaseException:
        _remove(tmp)
        raise


class PendingFile:
    """A file written in full beside its target and put in place only by :meth:`commit`, for output made
    piece by piece (a report of thousands of dossiers is never held whole in memory). :meth:`discard`
    (or a failed commit) removes the temporary file; the target is untouched until the commit.

    A destination that is not a regular file (see :func:`is_direct`) is written to directly: its
    ``handle`` writes straight through, and commit or discard only close it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp: str | None = None
        if is_direct(path):
            self.handle: IO[str] = open(_open_direct(path), "w", encoding="utf-8", newline="")  # noqa: SIM115
            return
        self._mode = _mode_for(path)
        fd, self._tmp = _new_temp(path)
        try:
            # LF line endings whatever the platform, as write_atomic
            self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        except BaseException:
            os.close(fd)
            _remove(self._tmp)
            raise

    def commit(self) -> None:
        if self._tmp is None:
            self.handle.close()
            return
        try:
            self.handle.close()
            os.chmod(self._tmp, self._mode)
            os.replace(self._tmp, self.path)
            _LIVE.discard(self._tmp)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Close and delete the temporary file. It is deleted even when closing fails (on a full disk the
        last flush fails; the data is being thrown away, so that error is not raised). For a destination
        written directly, a failure to close is raised."""
        if self._tmp is None:
            self.handle.close()
            return
        try:
            with contextlib.suppress(OSError):
                self.handle.close()  # closes the descriptor even when the flush before it fails
        finally:
            _remove(self._tmp)
