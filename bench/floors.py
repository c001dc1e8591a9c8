"""The benchmark's floors: the fastest ways on PyPI to turn the same dossiers into the same data.

    python bench/floors.py run NAME DIR      # load every dossier under DIR with floor NAME; nothing else
    python bench/floors.py verify NAME DIR   # does NAME give the data ddtapp's loader gives, file by file?
    python bench/floors.py list              # the floors, and which can run here

Each floor is a loader, ``text -> data``, that ``bench/run.py`` times as its own process over the same
1,000 dossiers as ``ddtapp check``. Some keep **positions**: the composed node tree, in which every node
holds its line and column, so that a finding's position can be found on demand as ddtapp's loader does;
the others give the data only. The parsers other than ddtapp's own (PyYAML's C composer) are benchmark-only
dependencies (the ``bench`` extra); a floor whose parser is not installed is listed as missing, never an error.

"The same data": every dossier's data equals what ``ddtapp.loading.yaml_loader.load_text`` gives, after
dates and times are written as ISO text on both sides (a YAML 1.2 core-schema parser has no timestamp
type and gives dates as text; ddtapp turns them into dates). ``verify`` checks this; ``run.py`` names a
floor that differs and does not judge against it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Floor:
    name: str
    label: str
    module: str  # what must be importable for it to run
    dist: str  # the PyPI distribution that provides it
    positions: bool  # keeps the node tree, with every node's line and column
    note: str = ""

    def available(self) -> bool:
        return importlib.util.find_spec(self.module) is not None


FLOORS = [
    Floor(
        "ddtapp-compose",
        "ddtapp's composer, compose only (PyYAML's C composer, ddtapp's resolver; nodes, no data)",
        "ddtapp",
        "ddtapp",
        True,
        "nodes only: the data is not built",
    ),
    Floor(
        "ddtapp-loader",
        "ddtapp's own loader alone (`load_text`: PyYAML C compose, checks, data, positions on demand)",
        "ddtapp",
        "ddtapp",
        True,
    ),
    Floor(
        "pyyaml-c-nodes",
        "PyYAML C (libyaml) compose with a YAML 1.2 core resolver, plus data built from the nodes",
        "yaml",
        "PyYAML",
        True,
    ),
    Floor("pyyaml-c", "PyYAML C loader (`yaml.CSafeLoader`)", "yaml", "PyYAML", False),
    Floor("ryml", "rapidyaml (`ryml`, C++), tree converted to Python data", "ryml", "rapidyaml", False),
    Floor("yaml-rs", "yaml-rs (Rust), `yaml_rs.loads`", "yaml_rs", "yaml-rs", False),
    Floor("yaml12", "py-yaml12 (Rust), `yaml12.parse_yaml`", "yaml12", "py-yaml12", False),
]
BY_NAME = {f.name: f for f in FLOORS}


# ====================================================================== the loaders


def _ddtapp_compose() -> Callable[[str], Any]:
    try:
        from ddtapp.loading.compose import _compose  # the very composer ddtapp uses

        return _compose
    except ImportError:  # pragma: no cover - ddtapp without it
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=False)

    def load(text: str) -> Any:
        try:
            return yaml.compose(text)
        finally:
            yaml.doc_infos.clear()

    return load


def _ddtapp_loader() -> Callable[[str], Any]:
    from ddtapp.loading.yaml_loader import load_text

    return lambda text: load_text(text, "floor.yaml").data


def _core12_pyyaml_loader() -> type:
    """PyYAML's C parser and composer, resolving plain scalars by the YAML 1.2 core schema (with dates, as
    ddtapp does), from ruamel.yaml's own table of 1.2 resolvers."""
    import yaml
    from ruamel.yaml.resolver import implicit_resolvers
    from yaml.cyaml import CParser

    class Core12Resolver(yaml.resolver.BaseResolver):
        pass

    Core12Resolver.yaml_implicit_resolvers = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            Core12Resolver.add_implicit_resolver(tag, regexp, first)

    class Core12Loader(CParser, Core12Resolver):
        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Core12Resolver.__init__(self)

    return Core12Loader


def _pyyaml_c_nodes() -> Callable[[str], Any]:
    import yaml
    from yaml.nodes import MappingNode, SequenceNode

    from ddtapp.loading.yaml_loader import _scalar

    loader = _core12_pyyaml_loader()

    def build(node: Any) -> Any:
        if isinstance(node, MappingNode):
            return {str(build(k)): build(v) for k, v in node.value}
        if isinstance(node, SequenceNode):
            return [build(item) for item in node.value]
        return _scalar(node.value, node.tag)

    def load(text: str) -> Any:
        node = yaml.compose(text, Loader=loader)  # kept with the data: every node has its start_mark
        return build(node), node

    return lambda text: load(text)[0]


def _pyyaml_c() -> Callable[[str], Any]:
    import yaml

    return lambda text: yaml.load(text, Loader=yaml.CSafeLoader)


def _core12_plain() -> Callable[[str], Any]:
    """A plain scalar's value by the YAML 1.2 core schema (with dates), from ruamel.yaml's table of 1.2
    resolvers, for a parser that leaves plain scalars as text (rapidyaml)."""
    from ruamel.yaml.resolver import implicit_resolvers

    from ddtapp.loading.yaml_loader import _scalar

    resolvers: dict[str, list[tuple[str, Any]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            for ch in first:
                resolvers.setdefault(ch, []).append((tag, regexp))

    def plain(text: str) -> Any:
        for tag, regexp in resolvers.get(text[:1], ()):
            if regexp.match(text):
                return _scalar(text, tag)
        return text

    return plain


def _ryml() -> Callable[[str], Any]:
    import ryml

    plain = _core12_plain()

    def scalar(raw: Any, quoted: bool, null: bool) -> Any:
        if null:
            return None
        text = bytes(raw).decode("utf-8")
        return text if quoted else plain(text)

    def children(tree: Any, node: int) -> Any:
        child = tree.first_child(node)
        while child != ryml.NONE:
            yield child
            child = tree.next_sibling(child)

    def build(tree: Any, node: int) -> Any:
        if tree.is_map(node):
            return {
                str(scalar(tree.key(c), tree.is_key_quoted(c), tree.key_is_null(c))): build(tree, c)
                for c in children(tree, node)
            }
        if tree.is_seq(node):
            return [build(tree, c) for c in children(tree, node)]
        return scalar(tree.val(node), tree.is_val_quoted(node), tree.val_is_null(node))

    def load(text: str) -> Any:
        tree = ryml.parse_in_arena(text.encode("utf-8"))
        root = tree.root_id()
        return build(tree, tree.first_child(root) if tree.is_stream(root) else root)

    return load


def _yaml_rs() -> Callable[[str], Any]:
    import yaml_rs

    return lambda text: yaml_rs.loads(text)


def _yaml12() -> Callable[[str], Any]:
    import yaml12

    return lambda text: yaml12.parse_yaml(text)


LOADERS: dict[str, Callable[[], Callable[[str], Any]]] = {
    "ddtapp-compose": _ddtapp_compose,
    "ddtapp-loader": _ddtapp_loader,
    "pyyaml-c-nodes": _pyyaml_c_nodes,
    "pyyaml-c": _pyyaml_c,
    "ryml": _ryml,
    "yaml-rs": _yaml_rs,
    "yaml12": _yaml12,
}


# ====================================================================== the same data


def normalise(data: Any) -> Any:
    """``data`` with dates and times as ISO text, so that a core-schema parser's data compares equal."""
    if isinstance(data, dict):
        return {str(normalise(k)): normalise(v) for k, v in data.items()}
    if isinstance(data, list):
        return [normalise(v) for v in data]
    if isinstance(data, dt.datetime):
        return data.isoformat(sep=" ") if data.tzinfo is None and data.time() != dt.time() else data.isoformat()
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two loaded values first differ, as a dotted path with both values; None when equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b:
                return f"{path}.{key}: only in {'the floor' if key in b else 'ddtapp'}"
            found = first_difference(a[key], b[key], f"{path}.{key}" if path else str(key))
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items in ddtapp's data, {len(b)} in the floor's"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    if a != b or type(a) is not type(b):
        return f"{path}: ddtapp {_short(a)}, floor {_short(b)}"
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def dossiers(folder: str | Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(Path(root, n) for n in sorted(files) if n.endswith((".yaml", ".yml")))
    return found


def verify(name: str, folder: str | Path) -> tuple[int, int, str]:
    """``(same, total, first difference)`` of floor ``name`` against ddtapp's loader over ``folder``; a
    floor that builds no data (``ddtapp-compose``) is never the same."""
    from ddtapp.loading.yaml_loader import load_text

    if name == "ddtapp-compose":
        return 0, len(dossiers(folder)), "builds nodes, not data"

    load = LOADERS[name]()
    same, paths, first = 0, dossiers(folder), ""
    for path in paths:
        text = path.read_bytes().decode("utf-8")
        diff = first_difference(normalise(load_text(text, path.name).data), normalise(load(text)))
        if diff is None:
            same += 1
        elif not first:
            first = f"{path.name}: {diff}"
    return same, len(paths), first


def run(name: str, folder: str | Path) -> int:
    load = LOADERS[name]()
    count = 0
    for path in dossiers(folder):
        load(path.read_bytes().decode("utf-8"))
        count += 1
    return count


def main(argv: list[str]) -> int:
    if argv[:1] == ["list"]:
        for f in FLOORS:
            print(f"{f.name}\t{'available' if f.available() else 'missing (' + f.dist + ')'}\t{f.label}")
        return 0
    if len(argv) != 3 or argv[0] not in ("run", "verify") or argv[1] not in BY_NAME:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    what, name, folder = argv
    if not BY_NAME[name].available():
        print(f"{name}: {BY_NAME[name].dist} is not installed", file=sys.stderr)
        return 3
    if what == "run":
        print(f"{name}: {run(name, folder)} files")
        return 0
    same, total, first = verify(name, folder)
    print(f"{same} {total} {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
