"""Compile the catalog's source files into the packaged data (run after editing a source).

The facts live in ``catalog/``, one small JSON file per record, so that a change to one
record is a short diff in one file and a reviewer sees the record whole::

    catalog/catalog.json                          the header: schema and catalog version
    catalog/license_categories/<id>.json
    catalog/licenses/<id>.json
    catalog/organizations/<id>.json
    catalog/models/<organization>/<id>.json       a maker's models together
    catalog/offers/<provider>/<model>.json        who serves a model, grouped by provider
    catalog/left_out.json                         models left out on purpose, each with the reason

This tool reads them all, validates the whole catalog exactly as the library does (every
problem is reported with its file and field, and nothing is written unless all is well),
then writes one compact JSON file per table into ``src/openclosed/data/`` (what the
library reads at run time) and regenerates ``schema.json``. Source files that are not in
canonical form (keys sorted with ``id`` and ``name`` first, default values left out, two
spaces of indent) are rewritten in place, as a formatter would.

    python tools/compile_catalog.py            # compile and format
    python tools/compile_catalog.py --check    # change nothing; exit 1 if anything is stale

``tests/test_sources.py`` fails when the packaged data and the sources disagree.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "catalog"
DATA = ROOT / "src" / "openclosed" / "data"
sys.path.insert(0, str(ROOT / "src"))

from openclosed._catalog_class import Catalog  # noqa: E402
from openclosed._left_out import LeftOut, packaged_left_out, parse_left_out  # noqa: E402
from openclosed._loader import DATA_FILES, PACKAGED_FILES, build_catalog  # noqa: E402
from openclosed.errors import CatalogError  # noqa: E402
from openclosed.schema import json_schema  # noqa: E402

COMMAND = "python tools/compile_catalog.py"
#: The list of models left out on purpose, in the source folder (shipped as data/left_out.json).
LEFT_OUT = "left_out.json"
#: The field that groups a section's files into folders (a maker's models together).
GROUPED_BY = {"models": "organization", "offers": "provider"}
_FIRST_KEYS = ("id", "name")
_PATH = re.compile(r"\$\.(\w+)\[(\d+)\]")


class CompileError(Exception):
    """The sources are not a valid catalog; ``problems`` name the file and the field of each."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the catalog sources are not valid ({count} {noun}); nothing was written:\n{lines}")


def _file_name(record_id: str) -> str:
    """Offer ids are ``provider/model``: the file is named after the model, in the provider's folder."""
    return record_id.rsplit("/", 1)[-1] + ".json"


def source_path(section: str, record: Mapping[str, Any]) -> Path:
    """Where a record's source file belongs, relative to ``catalog/``."""
    group = GROUPED_BY.get(section)
    folder = Path(section) / str(record[group]) if group else Path(section)
    return folder / _file_name(str(record["id"]))


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def source_text(record: Mapping[str, Any]) -> str:
    """A record as its source file holds it: one fact a line where JSON allows, ``id`` first."""
    ordered = {key: _sorted(record[key]) for key in _FIRST_KEYS if key in record}
    ordered.update((key, _sorted(record[key])) for key in sorted(record) if key not in _FIRST_KEYS)
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def packaged_text(section: str, records: object) -> str:
    """A table as the package ships it: compact, sorted keys, one file per table."""
    return json.dumps({section: records}, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def packaged_digests(packaged: Mapping[str, str]) -> str:
    """The SHA-256 of each packaged data file, as ``data/digests.json`` records them.

    The package checks its data files against these when it loads them, so an installed
    file changed after the release is refused (``docs/guide/pinning.md``).
    """
    import hashlib

    digests = {
        f"{name}.json": hashlib.sha256(packaged[name].encode("utf-8")).hexdigest() for name in PACKAGED_FILES
    }
    record = {"algorithm": "sha256", "files": digests, "index_pages": index_pages(packaged["index"])}
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


#: Lines of the index per page: a lookup checks the few pages it reads, not the whole index.
INDEX_PAGE_LINES = 64


def index_pages(text: str) -> list[list[object]]:
    """``[start, end, first line, sha256]`` of each page of the index, in order."""
    import hashlib

    data = text.encode("utf-8")
    lines = data.splitlines(keepends=True)
    pages: list[list[object]] = []
    start = 0
    for first in range(0, len(lines), INDEX_PAGE_LINES):
        chunk = b"".join(lines[first : first + INDEX_PAGE_LINES])
        end = start + len(chunk)
        pages.append(
            [start, end, lines[first].rstrip(b"\n").decode("utf-8"), hashlib.sha256(chunk).hexdigest()]
        )
        start = end
    return pages


def record_spans(section: str, text: str) -> list[tuple[dict[str, Any], int, int]]:
    """Each record of a packaged file with the byte span its JSON takes in ``text``.

    Each record is dumped as :func:`packaged_text` dumps it, and the bytes there are checked to
    be exactly that dump, so a span can never point anywhere else.
    """
    data = text.encode("utf-8")
    position = len(f'{{"{section}":['.encode())  # the records start after the section's opening
    spans = []
    for record in json.loads(text)[section]:
        dumped = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        end = position + len(dumped)
        if data[position:end] != dumped:
            raise AssertionError(f"{section}.json does not hold {record.get('id')!r} where expected")
        spans.append((record, position, end))
        position = end + 1  # the comma, or the closing bracket
    return spans


def index_text(catalog: Catalog, packaged: Mapping[str, str]) -> str:
    """``data/index.json``: where each model, offer, licence, category and organization lies
    in the packaged files, with its SHA-256, and every key that finds a model, one tab-separated line each,
    sorted by bytes (the form ``openclosed._shipped.Index`` documents). A first lookup
    then reads and builds one model, not the catalog.

    The keys are the models table's own (ids, aliases and unique names, normalised), so a
    key finds through the index exactly what it finds in the table.
    """
    import hashlib

    def digest(section: str, start: int, end: int) -> str:
        return hashlib.sha256(data[section][start:end]).hexdigest()

    data = {
        section: packaged[section].encode("utf-8")
        for section in ("license_categories", "licenses", "models", "offers", "organizations")
    }
    lines = [["k", key, model.id] for key, model in catalog.models._keys.items()]
    letters = {"license_categories": "c", "licenses": "l", "models": "m", "organizations": "g"}
    for section, letter in letters.items():
        for record, start, end in record_spans(section, packaged[section]):
            lines.append([letter, record["id"], str(start), str(end), digest(section, start, end)])
    for record, start, end in record_spans("offers", packaged["offers"]):
        lines.append(["o", record["model"], record["id"], str(start), str(end), digest("offers", start, end)])
    for fields in lines:
        if any("\t" in field or "\n" in field for field in fields):
            raise AssertionError(f"an index field holds a tab or a line break: {fields!r}")
    encoded = sorted("\t".join(fields).encode("utf-8") for fields in lines)
    return b"\n".join(encoded).decode("utf-8") + "\n"


def read_sources(root: Path) -> tuple[dict[str, Any], dict[str, list[Path]]]:
    """Every source file under ``root`` as one catalog document, and the file behind each record.

    Files are read in sorted path order, so a document and its error paths are reproducible.
    """
    problems: list[str] = []
    document: dict[str, Any] = {}
    origins: dict[str, list[Path]] = {}

    def parse(path: Path) -> object:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            problems.append(f"{_shown(path, root)}: not UTF-8 text")
        except json.JSONDecodeError as exc:
            problems.append(f"{_shown(path, root)}: not valid JSON (line {exc.lineno}: {exc.msg})")
        return None

    header = root / "catalog.json"
    if not header.is_file():
        raise CompileError([f"{_shown(header, root)}: missing (it holds the schema and catalog version)"])
    document["catalog"] = parse(header)
    for section in DATA_FILES[1:]:
        records: list[object] = []
        paths: list[Path] = []
        folder = root / section
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_dir():
                continue
            if path.suffix != ".json":
                problems.append(f"{_shown(path, root)}: not a .json file; sources are JSON")
                continue
            record = parse(path)
            if record is None:
                continue
            if not isinstance(record, dict):
                problems.append(f"{_shown(path, root)}: expected one record (a JSON object)")
                continue
            expected = _expected_path(section, record)
            if expected is not None and root / expected != path:
                problems.append(f"{_shown(path, root)}: this record belongs in {expected.as_posix()}")
            records.append(record)
            paths.append(path)
        document[section] = records
        origins[section] = paths
    left_out = root / LEFT_OUT
    document["left_out"] = parse(left_out) if left_out.is_file() else []
    unknown = sorted(
        p.name
        for p in root.iterdir()
        if p.name not in {*DATA_FILES[1:], "catalog.json", LEFT_OUT} and p.name[0] != "."
    )
    problems.extend(
        f"{name}: not a catalog section (expected one of {', '.join(DATA_FILES[1:])})" for name in unknown
    )
    if problems:
        raise CompileError(problems)
    return document, origins


def _expected_path(section: str, record: Mapping[str, Any]) -> Path | None:
    """The path the record's own fields give it, or None when they are too broken to say."""
    group = GROUPED_BY.get(section)
    fields = ("id", group) if group else ("id",)
    if not all(isinstance(record.get(f), str) and record[f] for f in fields):
        return None
    return source_path(section, record)


def _shown(path: Path, root: Path) -> str:
    try:
        return (Path(root.name) / path.relative_to(root)).as_posix()
    except ValueError:
        return path.as_posix()


def _locate(message: str, origins: Mapping[str, list[Path]], root: Path) -> str:
    """Turn ``... @ $.models[3].licenses`` into ``catalog/models/x/y.json: ... @ $.licenses``."""
    if " @ " not in message:
        return message
    text, _, where = message.rpartition(" @ ")
    match = _PATH.match(where)
    if match is None:
        return (
            f"{_shown(root / 'catalog.json', root)}: {text} @ {where}"
            if where.startswith("$.catalog")
            else message
        )
    section, index = match.group(1), int(match.group(2))
    paths = origins.get(section, [])
    if index >= len(paths):
        return message
    return f"{_shown(paths[index], root)}: {text} @ ${where[match.end() :]}"


def compile_sources(root: Path = SOURCES) -> tuple[dict[str, str], dict[Path, str]]:
    """Validate the sources; return the packaged files' texts and the canonical text of each source.

    Raises :class:`CompileError` naming each file and field at fault.
    """
    document, origins = read_sources(root)
    left_out_entries = document.pop("left_out")
    try:
        catalog = build_catalog(document, source="the catalog sources")
    except CatalogError as exc:
        raise CompileError(_locate(e, origins, root) for e in exc.errors) from None
    left_out = check_left_out(left_out_entries, catalog, _shown(root / LEFT_OUT, root))
    compiled = catalog.to_document()
    packaged = {name: packaged_text(name, compiled[name]) for name in DATA_FILES}
    packaged["left_out"] = (
        json.dumps(packaged_left_out(catalog.version, left_out), sort_keys=True, separators=(",", ":")) + "\n"
    )
    packaged["index"] = index_text(catalog, packaged)
    packaged["schema"] = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    packaged["digests"] = packaged_digests(packaged)
    packaged["hashes"] = hashes_text(compiled)
    canonical: dict[Path, str] = {root / "catalog.json": source_text(compiled["catalog"])}
    if left_out_entries:
        canonical[root / LEFT_OUT] = json.dumps(left_out_entries, indent=2, ensure_ascii=False) + "\n"
    for section in DATA_FILES[1:]:
        for record in compiled[section]:
            canonical[root / source_path(section, record)] = source_text(record)
    return packaged, canonical


def check_left_out(entries: object, catalog: Catalog, shown: str) -> tuple[LeftOut, ...]:
    """The left-out list, checked against the catalog: each entry well formed, made by an
    organization of the catalog, and not a name that finds a catalogued model (a lookup would
    find the model, and the reason would be wrong or never read)."""
    try:
        left_out = parse_left_out(entries)
    except CatalogError as exc:
        raise CompileError(f"{shown}: {error}" for error in exc.errors) from None
    problems = []
    makers = set(catalog.organizations.ids())
    for number, entry in enumerate(left_out):
        if entry.maker not in makers:
            close = catalog.organizations.suggest(entry.maker)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(f"{shown}: {entry.maker!r} is not an organization id{hint} @ $[{number}].maker")
        found = catalog.models.get(entry.name)
        if found is not None:
            problems.append(
                f"{shown}: {entry.name!r} finds the catalogued model {found.id!r}, so it is not "
                f"left out @ $[{number}].name"
            )
    if problems:
        raise CompileError(problems)
    return left_out


def hashes_text(compiled: Mapping[str, Any]) -> str:
    """``data/hashes.json``: the version and one SHA-256 per record, one a line, so that a user
    can tell which records another version changed (``openclosed diff``) without its data."""
    from openclosed.diff import record_hashes

    hashes = {"version": compiled["catalog"]["version"], "records": record_hashes(compiled)}
    return json.dumps(hashes, indent=0, sort_keys=True) + "\n"


def _write(path: Path, text: str) -> None:
    """Replace ``path`` in one step, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    os.replace(temporary, path)


def stale(packaged: Mapping[str, str], canonical: Mapping[Path, str], out: Path) -> list[Path]:
    """The files whose text differs from what the compile gives."""
    wanted = {out / f"{name}.json": text for name, text in packaged.items()} | dict(canonical)
    return [path for path, text in wanted.items() if not path.is_file() or path.read_text("utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="compile_catalog", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=SOURCES, help="the source folder (default: catalog/)")
    parser.add_argument("--out", type=Path, default=DATA, help="where the packaged data goes")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file is stale")
    args = parser.parse_args(argv)
    try:
        packaged, canonical = compile_sources(args.sources)
    except CompileError as exc:
        print(exc, file=sys.stderr)
        return 2
    changed = stale(packaged, canonical, args.out)
    if args.check:
        for path in changed:
            print(f"stale: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        if changed:
            print(f"run {COMMAND} to regenerate", file=sys.stderr)
        return 1 if changed else 0
    texts = {args.out / f"{name}.json": text for name, text in packaged.items()} | dict(canonical)
    for path in changed:
        _write(path, texts[path])
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
