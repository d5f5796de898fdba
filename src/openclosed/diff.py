"""What changed between two catalogs: records added, removed and changed, field by field.

``old.diff(new)`` compares every record of every table by its :meth:`to_dict` form (so a
model's derived ``openness`` is compared too: a licence change that moves a model to
another level shows as ``openness.level``). Nested records are compared leaf by leaf under
dotted paths (``restrictions.user_cap``); lists are compared whole.

Each release also ships one hash per record (``data/hashes.json``, the SHA-256 of the record
as the data files hold it), so that a version can be compared with another one whose data
you do not have: :func:`diff_hashes` names the records that differ, without their fields.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._resources import data_bytes

if TYPE_CHECKING:
    from ._catalog import Catalog

__all__ = [
    "SECTIONS",
    "CatalogDiff",
    "FieldChange",
    "RecordChange",
    "TableDiff",
    "diff_catalogs",
    "diff_hashes",
    "packaged_hashes",
    "record_hashes",
]

#: The tables a diff compares, in the order of the data files.
SECTIONS = ("license_categories", "licenses", "organizations", "models", "offers")


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field whose value differs; values are JSON-ready (``None``: unset)."""

    field: str
    old: Any
    new: Any


@attrs.frozen(kw_only=True)
class RecordChange:
    """A record present in both catalogs whose facts differ.

    ``fields`` is empty when only hashes were compared (:func:`diff_hashes`).
    """

    id: str
    fields: tuple[FieldChange, ...] = ()


@attrs.frozen(kw_only=True)
class TableDiff:
    """The differences within one table; ids are sorted."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RecordChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@attrs.frozen(kw_only=True)
class CatalogDiff:
    """The differences between two catalogs, per table: ``diff.models.changed`` and so on."""

    old_version: str
    new_version: str
    license_categories: TableDiff = TableDiff()
    licenses: TableDiff = TableDiff()
    organizations: TableDiff = TableDiff()
    models: TableDiff = TableDiff()
    offers: TableDiff = TableDiff()

    def __bool__(self) -> bool:
        return any(self.tables().values())

    def tables(self) -> dict[str, TableDiff]:
        """Each table's differences, by section name."""
        return {name: getattr(self, name) for name in SECTIONS}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``json.dumps(diff.to_dict())``."""
        return attrs.asdict(self)

    def __str__(self) -> str:
        return format_diff(self)


def _leaves(value: Any, prefix: str, out: dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, dict):
        for key, inner in value.items():
            _leaves(inner, f"{prefix}.{key}" if prefix else key, out)
    else:
        out[prefix] = value
    return out


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    before, after = _leaves(old, "", {}), _leaves(new, "", {})
    return tuple(
        FieldChange(field=path, old=before.get(path), new=after.get(path))
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path)
    )


def _table_diff(old: Mapping[str, Any], new: Mapping[str, Any], compare: Any) -> TableDiff:
    return TableDiff(
        added=tuple(sorted(new.keys() - old.keys())),
        removed=tuple(sorted(old.keys() - new.keys())),
        changed=tuple(
            RecordChange(id=key, fields=compare(old[key], new[key]))
            for key in sorted(old.keys() & new.keys())
            if old[key] != new[key]
        ),
    )


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """The records ``new`` adds, removes and changes compared with ``old``."""
    tables = {
        name: _table_diff(
            {r.id: r.to_dict() for r in getattr(old, name)},
            {r.id: r.to_dict() for r in getattr(new, name)},
            _changes,
        )
        for name in SECTIONS
    }
    return CatalogDiff(old_version=old.version, new_version=new.version, **tables)


# --------------------------------------------------------------------------- hashes


def record_hashes(document: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, str]:
    """``"section/id" -> sha256`` of each record's canonical JSON (sorted keys, no spaces), sorted.

    The record is hashed as :meth:`Catalog.to_document` writes it: the facts of the data
    files, derived fields left out. ``tests/releases.json`` keeps these per release.
    """
    out = {}
    for section in SECTIONS:
        for record in document.get(section, ()):
            text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            out[f"{section}/{record['id']}"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return dict(sorted(out.items()))


def packaged_hashes() -> dict[str, Any]:
    """The hashes shipped with this version: ``{"version": ..., "records": {"section/id": sha256}}``."""
    text = data_bytes("hashes.json").decode("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _by_section(hashes: Mapping[str, str]) -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {name: {} for name in SECTIONS}
    for key, digest in hashes.items():
        section, _, record_id = key.partition("/")
        if section in sections:
            sections[section][record_id] = digest
    return sections


def diff_hashes(
    old: Mapping[str, str], new: Mapping[str, str], *, old_version: str = "?", new_version: str = "?"
) -> CatalogDiff:
    """The records added, removed and changed between two sets of :func:`record_hashes`.

    Changed records have no ``fields``: a hash says that a record changed, not how.
    """
    before, after = _by_section(old), _by_section(new)
    tables = {name: _table_diff(before[name], after[name], lambda a, b: ()) for name in SECTIONS}
    return CatalogDiff(old_version=old_version, new_version=new_version, **tables)


# --------------------------------------------------------------------------- text


def _shown(value: Any, width: int = 60) -> str:
    text = "unset" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_diff(diff: CatalogDiff) -> str:
    """The diff as text: a summary line, then per table ``+`` added, ``-`` removed, ``~`` changed."""
    tables = diff.tables()
    counts = [
        sum(len(t.added) for t in tables.values()),
        sum(len(t.removed) for t in tables.values()),
        sum(len(t.changed) for t in tables.values()),
    ]
    lines = [
        f"catalog {diff.old_version} -> {diff.new_version}: "
        f"{counts[0]} added, {counts[1]} removed, {counts[2]} changed"
    ]
    for name, table in tables.items():
        if not table:
            continue
        lines.append(f"{name}:")
        lines += [f"  + {record_id}" for record_id in table.added]
        lines += [f"  - {record_id}" for record_id in table.removed]
        for change in table.changed:
            lines.append(f"  ~ {change.id}")
            lines += [f"      {c.field}: {_shown(c.old)} -> {_shown(c.new)}" for c in change.fields]
    return "\n".join(lines)
