"""Writing draft documents safely: inside ``--out`` only, atomically, and never over a person's edits.

ddtapp keeps a manifest, ``.ddtapp-render.json``, in the output folder: the SHA-256 of every file it wrote.
Before it replaces a file it checks that the file is still what it wrote. A file whose contents no longer
match (someone edited the draft), or that ddtapp never wrote, is left alone unless ``--force`` is given,
and the user is told which file and why. Nothing is written unless every file can be: a refusal leaves
the folder as it was. Each file is written to a temporary file beside it and renamed over it, so an
error or Ctrl-C never leaves half a file; the manifest lists both the old and the new checksum while
files are being replaced, so an interrupted run is not mistaken for a hand edit on the next one.

``--to docx`` drafts are made in memory by ``ddtapp.documents.word`` and written here the same way.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ddtapp.errors import InputError
from ddtapp.loading.safe_read import not_regular, read_capped
from ddtapp.output.safe_write import write_atomic, write_atomic_bytes

MANIFEST = ".ddtapp-render.json"
MANIFEST_VERSION = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Written:
    name: str  # file name inside --out
    path: Path
    changed: bool  # False: the file already had exactly this content


#: Largest render manifest read: one checksum a draft, a few KB.
MAX_MANIFEST_BYTES = 1024 * 1024


def _load_manifest(out_dir: Path) -> dict[str, list[str]]:
    path = out_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        raw = json.loads(read_capped(path, MAX_MANIFEST_BYTES, str(path), "render manifest"))
        files = raw["files"]
        if not isinstance(files, dict):
            raise ValueError
        out: dict[str, list[str]] = {}
        for name, value in files.items():
            hashes = [value] if isinstance(value, str) else value
            if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
                raise ValueError
            out[str(name)] = hashes
        return out
    except (InputError, ValueError, KeyError, TypeError, RecursionError):
        raise InputError(
            f"{path}: this is not a manifest ddtapp can read (it records the checksum of each draft "
            "ddtapp wrote). Delete it to start again; ddtapp will then refuse to overwrite the drafts "
            "already in the folder unless you give --force."
        ) from None


def _save_manifest(out_dir: Path, files: dict[str, list[str]]) -> None:
    body = {
        "version": MANIFEST_VERSION,
        "about": "Checksums of the drafts ddtapp render wrote here, so that it never overwrites a draft "
        "someone has edited. Do not edit.",
        "files": {name: (hashes[0] if len(hashes) == 1 else hashes) for name, hashes in sorted(files.items())},
    }
    try:
        write_atomic(out_dir / MANIFEST, json.dumps(body, indent=2, sort_keys=True) + "\n")
    except OSError as exc:  # a read-only folder or file system
        raise InputError(
            f"{out_dir}: cannot write {MANIFEST} ({exc.strerror or type(exc).__name__}); nothing was written. "
            "Choose a writable folder for --out."
        ) from None


def _inside(out_dir: Path, name: str) -> Path:
    """The file ``name`` in ``out_dir``; a name that could leave the folder is refused."""
    if not name or name != Path(name).name or name in (".", "..") or name.startswith(".") or "\\" in name:
        raise InputError(f"'{name}' cannot be written: a draft's file name must be a plain name inside --out.")
    target = out_dir / name
    if target.resolve().parent != out_dir.resolve():
        raise InputError(f"'{name}' cannot be written: it would land outside {out_dir}.")
    return target


#: One file to write: its name in --out, its path, its content, and whether it differs from what is there.
Step = tuple[str, Path, bytes, bool]


def _refusal(name: str, target: Path, content: bytes, manifest: dict[str, list[str]], force: bool) -> str | Step:
    """Why an existing ``target`` must not be replaced, or the step that replaces (or keeps) it."""
    if target.is_dir() and not target.is_symlink():
        return f"{target}: a folder of this name is in the way; move it, then render again."
    try:
        # a FIFO or a device is never read (a FIFO would block, /dev/zero never end): never "unchanged"
        current = sha256(target.read_bytes()) if not (target.is_symlink() or not_regular(target)) else ""
    except OSError as exc:
        return f"{target}: cannot read it to check whether it was edited ({exc.strerror or exc})."
    if current == sha256(content):
        return (name, target, content, False)
    if not force and current not in manifest.get(name, []):
        why = (
            "it has been edited since ddtapp wrote it (its checksum no longer matches " + MANIFEST + ")"
            if name in manifest
            else "ddtapp did not write it (it is not in " + MANIFEST + ")"
        )
        return (
            f"{target}: not overwritten: {why}. Keep your edits by moving the file or "
            "choosing another --out, or run again with --force to replace it."
        )
    return (name, target, content, True)


def _plan(out_dir: Path, files: dict[str, bytes], manifest: dict[str, list[str]], force: bool) -> list[Step]:
    """What writing ``files`` would do, file by file; an input error naming every file that must not be
    replaced, before anything is written."""
    plan: list[Step] = []
    refusals: list[str] = []
    for name, content in files.items():
        target = _inside(out_dir, name)
        if target.is_symlink() or target.exists():
            step = _refusal(name, target, content, manifest, force)
            if isinstance(step, str):
                refusals.append(step)
                continue
            plan.append(step)
        else:
            plan.append((name, target, content, True))
    if refusals:
        raise InputError("\n".join(refusals))
    return plan


def _output_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: --out must be a folder, and this is a file. Choose a folder for the drafts.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"{out_dir}: cannot create the output folder ({exc.strerror or exc}). Choose a writable folder for --out."
        ) from None


def write_drafts(out_dir: Path, files: dict[str, bytes], force: bool) -> list[Written]:
    """Write ``files`` (name -> content) into ``out_dir``: all of them, or none. Plan first (every refusal
    is found before anything is written), then commit."""
    _output_folder(out_dir)
    manifest = _load_manifest(out_dir)
    plan = _plan(out_dir, files, manifest, force)
    pending = dict(manifest)
    for name, _target, content, changed in plan:
        if changed:
            pending[name] = list(dict.fromkeys([*manifest.get(name, []), sha256(content)]))
    on_disk = manifest
    if pending != on_disk:
        _save_manifest(out_dir, pending)
        on_disk = pending
    written = []
    try:
        for name, target, content, changed in plan:
            if changed:
                write_atomic_bytes(target, content)
            written.append(Written(name, target, changed))
    except OSError as exc:
        raise InputError(
            f"{out_dir}: cannot write the drafts ({exc.strerror or exc}). Nothing half-written "
            "was left; check the folder is writable and render again."
        ) from None
    final = dict(manifest)
    for name, _target, content, _changed in plan:
        final[name] = [sha256(content)]
    if final != on_disk:
        _save_manifest(out_dir, final)
    return written
