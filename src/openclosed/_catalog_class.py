"""The :class:`Catalog`: one consistent, immutable set of tables.

Catalogs are built by the loader (:mod:`._loader`), which sits above this module: a
catalog extends itself through the loader that built it (:meth:`Catalog.extended`).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._table import Table

if TYPE_CHECKING:
    from ._left_out import LeftOut
    from ._offers import OfferTable
    from .diff import CatalogDiff
    from .query import ModelTable
    from .records import License, LicenseCategory, Organization

__all__ = ["Catalog", "Extender"]

_T = TypeVar("_T")
#: Guards the first computation of each derived value (see :meth:`Catalog._derive`).
_derived_lock = threading.Lock()

#: How a catalog is extended: ``(catalog, source, override) -> new catalog``; the loader's.
Extender = Callable[["Catalog", "str | os.PathLike[str] | Mapping[str, Any]", bool], "Catalog"]


class Catalog:
    """One consistent, immutable set of models, organizations, licenses and categories."""

    __slots__ = (
        "_derived",
        "_digest",
        "_extender",
        "license_categories",
        "licenses",
        "models",
        "offers",
        "organizations",
        "origin",
        "version",
    )

    version: str
    #: Where the catalog comes from: ``"packaged"`` (the data released with this version,
    #: checked against its digests), ``"modified"`` (packaged data files that differ from
    #: the release, loaded on purpose), ``"loaded"`` (:func:`load_catalog`) or
    #: ``"extended"`` (:meth:`extended`). Not part of equality: the facts are.
    origin: str
    _digest: str | None
    #: Values computed from the catalog alone, by the function that computes them.
    _derived: dict[Callable[[Catalog], Any], Any]
    _extender: Extender | None
    models: ModelTable
    organizations: Table[Organization]
    licenses: Table[License]
    license_categories: Table[LicenseCategory]
    offers: OfferTable

    def __init__(
        self,
        *,
        version: str,
        models: ModelTable,
        organizations: Table[Organization],
        licenses: Table[License],
        license_categories: Table[LicenseCategory],
        offers: OfferTable,
        origin: str = "loaded",
        extender: Extender | None = None,
    ) -> None:
        for name, value in (
            ("version", version),
            ("origin", origin),
            ("models", models),
            ("organizations", organizations),
            ("licenses", licenses),
            ("license_categories", license_categories),
            ("offers", offers),
        ):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_digest", None)
        object.__setattr__(self, "_derived", {})
        object.__setattr__(self, "_extender", extender)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Catalog is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Catalog is immutable; cannot delete {name!r}")

    @property
    def digest(self) -> str:
        """SHA-256 of :meth:`canonical_json`, as 64 hex digits.

        It changes whenever any fact changes, so asserting it in your own CI proves that a
        pinned version really froze the facts. For the shipped catalog it equals the hash of
        the data files' contents, merged into one document and dumped with sorted keys and
        no spaces.
        """
        digest = self._digest
        if digest is None:
            import hashlib

            digest = hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()
            object.__setattr__(self, "_digest", digest)
        return digest

    @property
    def local_version(self) -> str:
        """The version, and for any catalog but the released one a local part with its digest.

        ``26.5.0`` for the packaged catalog as released; ``26.5.0+local.1a2b3c4d`` (the first
        eight hex digits of :attr:`digest`, in the form of a PEP 440 local version) for a
        catalog loaded, extended or modified by a user, so that whatever stores it
        (a recommendation, ``openclosed --version``) says the facts are not the release's.
        """
        if self.origin == "packaged":
            return self.version
        return f"{self.version}+local.{self.digest[:8]}"

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        """The models this catalog's release leaves out on purpose, each with the reason.

        A lookup of one of these names raises :class:`~openclosed.UnknownIdError` with the
        reason (its ``left_out``). Empty for a catalog of another version than the package's:
        the reasons are about what that release holds; and a name that a loaded or extended
        catalog of that version does hold is not listed.
        """
        from ._left_out import left_out

        entries = left_out(self.version)
        if self.origin == "packaged" or not entries:
            return entries  # the release's compile checked that none of them is here
        return tuple(entry for entry in entries if self.models.get(entry.name) is None)

    def to_document(self) -> dict[str, Any]:
        """The catalog as plain JSON-ready data; :func:`openclosed.load_catalog` reads it back."""
        from ._document import to_document

        return to_document(self)

    def canonical_json(self) -> str:
        """The document as compact JSON with sorted keys: the input of :attr:`digest`."""
        return json.dumps(
            self.to_document(), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The whole catalog as JSON, in the format :func:`openclosed.load_catalog` reads."""
        return json.dumps(
            self.to_document(), indent=indent, sort_keys=True, ensure_ascii=False, allow_nan=False
        )

    def to_csv(self) -> str:
        """Every model as one CSV row (the columns of ``Results.to_dicts``; lists joined by ``;``)."""
        return self.models.all().to_csv()

    def extended(
        self, source: str | os.PathLike[str] | Mapping[str, Any], *, override: bool = False
    ) -> Catalog:
        """A new catalog with the records of ``source`` (a JSON file or a mapping) added.

        ``source`` holds any of the sections ``license_categories``, ``licenses``,
        ``organizations`` and ``models``; its records may refer to this catalog's. An id
        that is already here is an error unless ``override=True``, which replaces the
        record. Validation is the same as for the shipped data, and error paths point into
        ``source``. This catalog is left unchanged.
        """
        extender: Extender | None = getattr(self, "_extender", None)  # None in pickles of 26.5 catalogs
        if extender is None:
            raise TypeError("this catalog was not built by openclosed's loader; it cannot be extended")
        return extender(self, source, override)

    def diff(self, other: Catalog) -> CatalogDiff:
        """What ``other`` adds, removes and changes compared with this catalog, field by field.

        This catalog is the old side: ``pinned.diff(oc.catalog())``. See :mod:`openclosed.diff`.
        """
        from .diff import diff_catalogs

        return diff_catalogs(self, other)

    def record_hashes(self) -> dict[str, str]:
        """``"section/id" -> sha256`` of each record, as ``data/hashes.json`` ships them."""
        from .diff import record_hashes

        return record_hashes(self.to_document())

    def _derive(self, build: Callable[[Catalog], _T]) -> _T:
        """``build(self)``, computed on the first call and kept with the catalog.

        For values that depend on the catalog alone (the scorer's facts about each record,
        say): the catalog is immutable, so they never go stale. Thread-safe; ``build`` is
        the key, so pass a module-level function, not a new lambda each time.
        """
        try:
            return self._derived[build]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with _derived_lock:
            if build not in self._derived:
                self._derived[build] = build(self)
            return self._derived[build]  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self.version == other.version and all(
            tuple(getattr(self, name)) == tuple(getattr(other, name))
            for name in ("models", "organizations", "licenses", "license_categories", "offers")
        )

    def __hash__(self) -> int:
        return hash(self.digest)

    def __getstate__(self) -> dict[str, Any]:
        # derived values are worked out again where the catalog is unpickled
        return {name: getattr(self, name) for name in self.__slots__ if name != "_derived"}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_derived", {})
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return (
            f"<Catalog {self.version}: {len(self.models)} models, {len(self.organizations)} organizations, "
            f"{len(self.licenses)} licenses, {len(self.offers)} offers>"
        )
