"""An offline wheelhouse built from the distributions already installed in this environment.

pre-commit's ``language: python`` makes a virtualenv and runs ``pip install .`` in the hook repository,
which needs the build backend (hatchling) and every runtime dependency as wheels. Tests have no network,
so this module repacks the installed copies: an installed distribution's RECORD lists every file it put
in site-packages, and a wheel is a zip of those files plus the ``.dist-info`` folder with a fresh RECORD
(https://packaging.python.org/en/latest/specifications/binary-distribution-format/).
pip then installs from the folder with ``PIP_NO_INDEX=1`` and ``PIP_FIND_LINKS=<folder>``.

Only the distributions the requirements actually need are repacked, resolved from ``Requires-Dist``
with their environment markers evaluated for this interpreter (no extras).
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from collections.abc import Iterable
from email.parser import HeaderParser
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

#: Installer bookkeeping that a wheel must not carry (pip writes it again on install).
_INSTALLER_FILES = {"INSTALLER", "REQUESTED", "RECORD", "direct_url.json"}
#: A fixed timestamp, so the same installed files always give the same wheel.
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


class WheelhouseError(RuntimeError):
    """A requirement cannot be met from this environment (not installed, or the wrong version)."""


def installed_distributions() -> dict[str, metadata.Distribution]:
    """Installed distributions by canonical name; the first on sys.path wins, as for imports."""
    found: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(canonicalize_name(name), dist)
    return found


def resolve(requirements: Iterable[str], *, exclude: Iterable[str] = ()) -> list[metadata.Distribution]:
    """The installed distributions that ``requirements`` need, dependencies included, sorted by name.

    Markers are evaluated for this interpreter with no extras; names in ``exclude`` are not followed
    (for example the project itself, which pip builds from source)."""
    installed = installed_distributions()
    skip = {canonicalize_name(n) for n in exclude}
    env = {**default_environment(), "extra": ""}
    needed: dict[str, metadata.Distribution] = {}
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name in skip or name in needed or (req.marker is not None and not req.marker.evaluate(env)):
            continue
        dist = installed.get(name)
        if dist is None:
            raise WheelhouseError(f"{req} is needed but not installed in this environment")
        if req.specifier and not req.specifier.contains(dist.version, prereleases=True):
            raise WheelhouseError(f"{req} is needed but {dist.metadata['Name']} {dist.version} is installed")
        needed[name] = dist
        todo.extend(Requirement(r) for r in dist.requires or [])
    return [needed[n] for n in sorted(needed)]


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"sha256={digest}"


def _wheel_tag(tags: list[str]) -> str:
    """The compressed tag set of a wheel's file name (PEP 425): each part's values joined by dots."""
    parts = [t.split("-") for t in tags]
    return "-".join(".".join(dict.fromkeys(p[i] for p in parts)) for i in range(3))


def _member(arcname: str, mode: int = 0o644) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(arcname, _ZIP_DATE)
    member.external_attr = (mode & 0o777) << 16  # permission bits; pip keeps the executable ones
    return member


def repack(dist: metadata.Distribution, dest: Path) -> Path:
    """Write ``dist`` (an installed distribution) to ``dest`` as a wheel and return the wheel's path.

    Files outside site-packages (console scripts, which pip makes again from entry_points.txt) and
    byte-code caches are left out."""
    files = [f for f in dist.files or [] if f.parts[0] != ".." and "__pycache__" not in f.parts and f.suffix != ".pyc"]
    infos = {
        f.parts[0] for f in files if len(f.parts) == 2 and f.parts[0].endswith(".dist-info") and f.name == "METADATA"
    }
    if len(infos) != 1:
        raise WheelhouseError(f"{dist.metadata['Name']}: cannot find its .dist-info folder in RECORD")
    info = infos.pop()
    wheel_meta = dist.read_text("WHEEL")
    if not wheel_meta:
        raise WheelhouseError(f"{dist.metadata['Name']} was not installed from a wheel (no WHEEL file)")
    tags = HeaderParser().parsestr(wheel_meta).get_all("Tag") or []
    if not tags:
        raise WheelhouseError(f"{dist.metadata['Name']}: its WHEEL file has no Tag")
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"]).lower()
    target = dest / f"{name}-{dist.version}-{_wheel_tag(tags)}.whl"
    record: list[str] = []
    # Stored, not deflated: the wheels live for one test session and pip unpacks stored members faster.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as zf:
        for f in sorted(files, key=lambda p: p.as_posix()):
            arcname = f.as_posix()
            if f.parts[0] == info and f.name in _INSTALLER_FILES:
                continue
            path = Path(dist.locate_file(f))
            data = path.read_bytes()
            zf.writestr(_member(arcname, path.stat().st_mode), data)
            record.append(f"{arcname},{_record_hash(data)},{len(data)}")
        record.append(f"{info}/RECORD,,")
        zf.writestr(_member(f"{info}/RECORD"), "\n".join(record) + "\n")
    return target


def build_wheelhouse(requirements: Iterable[str], dest: Path, *, exclude: Iterable[str] = ()) -> list[Path]:
    """Repack every installed distribution that ``requirements`` need into ``dest``; return the wheels."""
    dest.mkdir(parents=True, exist_ok=True)
    return [repack(dist, dest) for dist in resolve(requirements, exclude=exclude)]
