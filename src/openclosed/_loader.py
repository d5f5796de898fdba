"""Turn catalog documents (parsed JSON) into a checked :class:`~openclosed.Catalog`.

Everything here runs once per catalog. Every record is structured on its own so that
one bad record does not hide the others; then ids, aliases, references and SPDX ids are
checked; all problems are gathered, each with its JSON path, and raised together in one
:class:`~openclosed.errors.CatalogError`. Nothing is published unless the whole document
is valid.

Two structurers exist, with the same rules. The fast one (:mod:`._fast`) builds the
records of a valid document; on anything doubtful the strict cattrs converter
(:mod:`._converter`) runs instead and reports every problem. So a valid catalog, the
packaged one included, loads without importing cattrs at all.
"""

from __future__ import annotations

import contextlib
import gc
import json
import operator
import os
import re
from collections.abc import Callable, Iterator, Mapping
from itertools import chain
from typing import Any

from ._catalog_class import Catalog
from ._document import (
    DATA_FILES,
    MAX_CATALOG_BYTES,
    OPTIONAL_SECTIONS,
    SCHEMA_VERSION,
    SECTIONS,
    to_document,
)
from ._intern import clear_interned
from ._invariants import check_invariants
from ._memo import IdentityMemo
from ._offers import OfferTable, offer_order
from ._resources import (
    TRUST_VARIABLE,
    data_label,
    differs,
    read_data,
    recorded_digests,
    trust_modified_data,
)
from ._suggest import Suggester
from ._table import Table
from ._text import did_you_mean, normalize_key
from .enums import OfferKind, Status
from .errors import CatalogError, brief
from .openness import openness_of
from .query import ModelTable
from .records import RATE_FIELDS, License, Model, Offer

__all__ = [
    "DATA_FILES",
    "MAX_CATALOG_BYTES",
    "OPTIONAL_SECTIONS",
    "PACKAGED_FILES",
    "SCHEMA_VERSION",
    "SECTIONS",
    "TRUST_VARIABLE",
    "build_catalog",
    "extend_catalog",
    "offer_order",
    "packaged_document",
    "packaged_files",
    "parse_packaged",
    "read_source",
    "to_document",
    "trust_modified_data",
]

_VERSION = re.compile(r"\d+\.\d+\.\d+\Z")


#: The packaged files the release records a digest for: the data, the index of where each
#: record sits in it (:mod:`._shipped` reads single records through it), and the models left
#: out on purpose (:mod:`._left_out`).
PACKAGED_FILES = (*DATA_FILES, "index", "left_out")


def modified_data_files() -> tuple[str, ...]:
    """The packaged data files whose SHA-256 differs from the one recorded at release.

    ``data/digests.json`` is written by ``tools/compile_catalog.py`` with the data itself;
    a file missing from it, or a missing or unreadable record, counts as modified.
    """
    import hashlib

    try:
        recorded = recorded_digests()["files"]
    except CatalogError:
        recorded = {}
    modified = []
    for name in PACKAGED_FILES:
        try:
            actual = hashlib.sha256(read_data(f"{name}.json")).hexdigest()
        except CatalogError:
            actual = None
        if actual is None or recorded.get(f"{name}.json") != actual:
            modified.append(f"{name}.json")
    return tuple(modified)


def packaged_files(names: tuple[str, ...] = DATA_FILES) -> dict[str, bytes]:
    """The bytes of the shipped data files ``names``, each checked against its release digest.

    A file that differs from the release is refused (unless :data:`TRUST_VARIABLE` is set),
    and one that is missing or unreadable raises :class:`CatalogError` naming it: an
    installation can be damaged or tampered with, and that is not a bug to show as a traceback.
    """
    import hashlib

    recorded = None if trust_modified_data() else recorded_digests()["files"]
    files: dict[str, bytes] = {}
    for name in names:
        file_name = f"{name}.json"
        data = files[name] = read_data(file_name)
        if recorded is not None and recorded.get(file_name) != hashlib.sha256(data).hexdigest():
            raise differs(file_name)
    return files


def parse_packaged(files: Mapping[str, bytes]) -> dict[str, Any]:
    """The data files' bytes as one document (no validation yet); a file that is not JSON
    raises :class:`CatalogError` naming it."""
    document: dict[str, Any] = {}
    for name in DATA_FILES:
        label = data_label(f"{name}.json")
        try:
            parsed = json.loads(files[name].decode("utf-8"))
        except UnicodeDecodeError:
            raise CatalogError(["the file is not UTF-8 text @ $"], label) from None
        except json.JSONDecodeError as exc:
            raise CatalogError(
                [f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg}) @ $"], label
            ) from None
        except (ValueError, RecursionError):
            raise CatalogError(["not valid JSON @ $"], label) from None
        document[name] = parsed[name] if isinstance(parsed, dict) and name in parsed else parsed
    return document


def packaged_document() -> dict[str, Any]:
    """Read the shipped data files into one document (no validation yet), each checked
    against the digest recorded at release (see :func:`packaged_files`)."""
    return parse_packaged(packaged_files())


#: Mappings handed to the loader are walked this deep at most (parsed files cannot be deeper
#: than the records need either: nothing in the format nests more than a few levels).
MAX_DEPTH = 32
#: Integers beyond this size are refused before any message has to print them.
_HUGE = 10**30
_SCALARS = (str, int, float, bool, type(None))


def json_problems(document: object, limit: int = 50) -> list[str]:
    """What keeps ``document`` from being JSON data: keys that are not strings, values that are
    not JSON values, integers too large to handle, nesting beyond :data:`MAX_DEPTH`.

    Run only when the fast structurer declined, so a valid catalog never pays for it. The walk
    is iterative and visits each value once; a container that contains itself is too deep.
    """
    problems: list[str] = []
    todo: list[tuple[object, str, int]] = [(document, "$", 0)]
    while todo and len(problems) < limit:
        value, path, depth = todo.pop()
        kind = type(value)
        if kind is dict:
            if depth >= MAX_DEPTH:
                problems.append(f"nested more than {MAX_DEPTH} levels deep @ {path}")
                continue
            for key, item in value.items():  # type: ignore[attr-defined]
                if type(key) is not str:
                    problems.append(f"object keys must be strings, got {type(key).__name__} @ {path}")
                    continue
                todo.append((item, f"{path}.{key}", depth + 1))
        elif kind is list:
            if depth >= MAX_DEPTH:
                problems.append(f"nested more than {MAX_DEPTH} levels deep @ {path}")
                continue
            items: list[object] = value  # type: ignore[assignment]
            todo.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(items))
        elif kind is int:
            if not -_HUGE < value < _HUGE:  # type: ignore[operator]
                problems.append(f"integer out of range (more than 30 digits) @ {path}")
        elif kind is float:
            if value != value or value in (float("inf"), float("-inf")):
                problems.append(f"expected a finite number, got {value!r} @ {path}")
        elif kind not in _SCALARS:
            problems.append(f"expected a JSON value, got {kind.__name__} @ {path}")
    return problems


#: Unknown references given a suggestion per load; the rest are reported without one, so
#: that a catalog full of dangling references is refused in linear time.
SUGGESTIONS = 20


class _References:
    """Checks that ids point at records that exist, suggesting the closest id if not.

    One suggester per section is built on the first miss; at most :data:`SUGGESTIONS`
    misses get a suggestion, and :meth:`finish` says how many more there were.
    """

    def __init__(self, errors: list[str], broken: set[str]) -> None:
        self.errors = errors
        self.broken = broken
        self.suggesters: dict[int, tuple[Mapping[str, Any], Suggester]] = {}
        self.suggested = self.unsuggested = 0

    def check(self, value: str | None, known: Mapping[str, Any], what: str, path: str) -> None:
        if value is None or value in known or value in self.broken:
            return
        hint = ""
        if self.suggested < SUGGESTIONS:
            self.suggested += 1
            entry = self.suggesters.get(id(known))
            if entry is None:
                entry = self.suggesters[id(known)] = (known, Suggester(known))
            hints = entry[1].closest(value, 1)
            hint = did_you_mean(hints)
        else:
            self.unsuggested += 1
        self.errors.append(f"unknown {what} {brief(value)}{hint} @ {path}")

    def finish(self) -> None:
        if self.unsuggested:
            self.errors.append(
                f"suggestions were looked for the first {SUGGESTIONS} unknown references only; "
                f"{self.unsuggested} more have none @ $"
            )


def _index(records: list[tuple[int, Any]], section: str, errors: list[str]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for index, record in records:
        if record.id in by_id:
            errors.append(f"duplicate id {record.id!r} @ $.{section}[{index}].id")
        else:
            by_id[record.id] = record
    return by_id


def _check_keys(records: list[tuple[int, Any]], section: str, errors: list[str]) -> dict[str, str]:
    """Ids and aliases must stay unique once normalised, or lookups would be ambiguous.

    Returns the normalised keys with their ids, for the lookup table.
    """
    owner: dict[str, str] = {}
    for index, record in records:
        for key in (record.id, *getattr(record, "aliases", ())):
            norm = normalize_key(key)
            if not norm:
                errors.append(f"alias {key!r} has no letters or digits @ $.{section}[{index}]")
            elif owner.setdefault(norm, record.id) != record.id:
                errors.append(
                    f"key {key!r} of {record.id!r} clashes with {owner[norm]!r} @ $.{section}[{index}]"
                )
    return owner


def _check_spdx(licenses: list[tuple[int, License]], errors: list[str]) -> None:
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    for index, lic in licenses:
        if not lic.is_spdx:
            continue
        try:
            canonical = canonicalize_license_expression(lic.id)
        except InvalidLicenseExpression:
            errors.append(
                f"{lic.id!r} is not an SPDX license id; use 'LicenseRef-...' @ $.licenses[{index}].id"
            )
            continue
        if canonical != lic.id:
            errors.append(
                f"SPDX id {lic.id!r} is not canonical; write {canonical!r} @ $.licenses[{index}].id"
            )


def _check_header(header: object, errors: list[str]) -> str:
    if not isinstance(header, dict):
        errors.append("expected an object with 'schema_version' and 'version' @ $.catalog")
        return "0.0.0"
    extra = sorted(set(header) - {"schema_version", "version"})
    if extra:
        errors.append(f"extra fields found ({', '.join(extra)}) @ $.catalog")
    if header.get("schema_version") == 1:
        errors.append(
            f"schema_version 1 is no longer read; this openclosed reads {SCHEMA_VERSION}: a model's "
            "'pricing' and 'service' now live in an offer of the 'offers' section @ $.catalog.schema_version"
        )
    elif header.get("schema_version") != SCHEMA_VERSION:
        errors.append(
            f"unsupported schema_version {header.get('schema_version')!r}; "
            f"this openclosed reads {SCHEMA_VERSION} @ $.catalog.schema_version"
        )
    version = header.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        errors.append(f"version must look like '26.1.0', got {version!r} @ $.catalog.version")
        return "0.0.0"
    return version


def _model_refs_resolve(models: list[tuple[int, Model]], ids: dict[str, dict[str, Any]]) -> bool:
    """Whether every id the models refer to exists: the quick test, a few set operations over
    the whole section, so a valid catalog never pays for the per-model checks that explain."""
    records = [model for _, model in models]
    organizations, known_models, licenses = ids["organizations"], ids["models"], ids["licenses"]
    used_organizations = {model.organization for model in records}
    used_organizations.update(chain.from_iterable(model.collaborators for model in records))
    if not organizations.keys() >= used_organizations:
        return False
    linked = {model.family for model in records}
    linked.update([model.successor for model in records], [model.renamed_to for model in records])
    linked.update(chain.from_iterable(model.based_on for model in records))
    linked.discard(None)
    if not known_models.keys() >= linked:
        return False
    # ComponentLicenses are few and shared at load: each distinct one is read once.
    distinct = {id(model.licenses): model.licenses for model in records}.values()
    used_licenses = {x for lic in distinct for x in (lic.weights, lic.code, lic.data, lic.service)}
    used_licenses.update(change.license for model in records for change in model.license_history)
    used_licenses.discard(None)
    return licenses.keys() >= used_licenses


def _check_model_refs(
    model: Model, index: int, raw: Mapping[str, Any], ids: dict[str, dict[str, Any]], refs: _References
) -> None:
    """Report every id ``model`` refers to that does not exist. Lists are read from ``raw``,
    the record as written: the record sorts them, and a path must point into the file."""
    path = f"$.models[{index}]"
    refs.check(model.organization, ids["organizations"], "organization", f"{path}.organization")
    for i, org in enumerate(raw.get("collaborators", ())):
        refs.check(org, ids["organizations"], "organization", f"{path}.collaborators[{i}]")
    for field in ("family", "successor", "renamed_to"):
        refs.check(getattr(model, field), ids["models"], "model", f"{path}.{field}")
    for i, other in enumerate(raw.get("based_on", ())):
        refs.check(other, ids["models"], "model", f"{path}.based_on[{i}]")
    for component, license_id in model.licenses.items():
        refs.check(license_id, ids["licenses"], "license", f"{path}.licenses.{component}")
    for i, change in enumerate(model.license_history):
        refs.check(change.license, ids["licenses"], "license", f"{path}.license_history[{i}].license")


_RATES = operator.attrgetter(*RATE_FIELDS)
_NO_RATES = (None,) * len(RATE_FIELDS)


def _check_offers(
    offers: list[tuple[int, Offer]], ids: dict[str, dict[str, Any]], refs: _References
) -> dict[str, tuple[Offer, ...]]:
    """Check each offer against its model and provider; return each model's offers, the maker's first."""
    models, errors = ids["models"], refs.errors
    by_model: dict[str, list[Offer]] = {}
    organizations = ids["organizations"]
    for index, offer in offers:
        # runs once per offer (tens of thousands): paths are only written for an error
        path = f"$.offers[{index}]"
        if offer.model not in models:
            refs.check(offer.model, models, "model", f"{path}.model")
        if offer.provider not in organizations:
            refs.check(offer.provider, organizations, "organization", f"{path}.provider")
        if offer.id != offer.provider + "/" + offer.model:
            errors.append(f"offer id {offer.id!r} must be {offer.provider + '/' + offer.model!r} @ {path}.id")
        prices = offer.prices
        if len(prices) > 1:
            dates = [price.as_of for price in prices]
            if len(set(dates)) != len(dates):
                errors.append(f"two prices of {offer.id!r} share a date; keep one per day @ {path}.prices")
        for i, price in enumerate(prices):
            if _RATES(price) == _NO_RATES:  # what `not price.rates()` says, without writing them
                errors.append(f"a price of {offer.id!r} has no rate set @ {path}.prices[{i}]")
        model = models.get(offer.model)
        if model is None:
            continue
        if offer.kind is OfferKind.MAKER and offer.provider != model.organization:
            errors.append(
                f"offer {offer.id!r} is of kind 'maker' but {offer.model!r} is made by "
                f"{model.organization!r} @ {path}.provider"
            )
        # A model's status is its maker's: others may go on serving open weights the maker retired.
        maker_gone = model.status in (Status.RETIRED, Status.RENAMED)
        if offer.kind is OfferKind.MAKER and offer.status is Status.ACTIVE and maker_gone:
            errors.append(
                f"offer {offer.id!r} is active but its model is {model.status.value} @ {path}.status"
            )
        by_model.setdefault(offer.model, []).append(offer)
    linked = {}
    for model_id, found in by_model.items():
        found.sort(key=offer_order)
        if sum(o.kind is OfferKind.MAKER for o in found) > 1:
            errors.append(f"model {model_id!r} has more than one offer of kind 'maker' @ $.offers")
        linked[model_id] = tuple(found)
    return linked


_MOVED = re.compile(r"extra fields found \((?:.*, )?(?:pricing|service)(?:, .*)?\) @ \$\.models\[\d+\]\Z")


def _explain_moved_fields(errors: list[str]) -> None:
    """Point writers of the old format at the offers that replaced a model's pricing and service."""
    if any(_MOVED.match(error) for error in errors):
        errors.append(
            "since catalog schema 2 a model's 'pricing' and 'service' live in an offer of kind 'maker' "
            "(section 'offers', with dated 'prices', 'data', 'regions' and 'attestations') @ $.models"
        )


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing and building create many objects and no cycles,
    and collections triggered along the way make the load grow faster than linearly."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def read_source(source: str | os.PathLike[str] | Mapping[str, Any]) -> tuple[object, str]:
    """Parse a catalog file (or take a mapping as it is); errors become :class:`CatalogError`.

    At most ``MAX_CATALOG_BYTES + 1`` bytes are read, whatever the file is: ``stat`` says
    nothing true about a device or a pipe, so the cap is applied to the bytes themselves.
    """
    if isinstance(source, Mapping):
        return dict(source), "the catalog mapping"
    if not isinstance(source, (str, os.PathLike)):
        raise CatalogError([f"expected a path or a mapping, got {type(source).__name__} @ $"], "catalog")
    try:
        path = os.fspath(source)
    except TypeError:
        raise CatalogError(["expected a path or a mapping @ $"], "catalog") from None
    label = f"catalog file {path!r}"
    limit = MAX_CATALOG_BYTES
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or exc
        raise CatalogError([f"cannot read the file: {reason} @ $"], label) from None
    if len(data) > limit:
        raise CatalogError([f"the file has more than {limit} bytes; the limit is {limit} @ $"], label)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError(["the file is not UTF-8 text @ $"], label) from None
    del data
    try:
        with paused_gc():
            return json.loads(text, parse_constant=_refuse_constant), label
    except json.JSONDecodeError as exc:
        raise CatalogError(
            [f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg}) @ $"], label
        ) from None
    except RecursionError:
        raise CatalogError(["not valid JSON (nested too deeply) @ $"], label) from None
    except ValueError as exc:  # an integer beyond Python's digit limit, NaN or Infinity
        reason = "an integer has too many digits" if "integer string" in str(exc) else str(exc)
        raise CatalogError([f"not valid JSON ({reason}) @ $"], label) from None


def extend_catalog(
    base: Catalog, source: str | os.PathLike[str] | Mapping[str, Any], override: bool
) -> Catalog:
    """:meth:`Catalog.extended`: ``base`` with the records of ``source`` added (see there)."""
    user, label = read_source(source)
    document = extend_document(to_document(base), user, override, label)
    return build_catalog(document, source=label, origin="extended")


def build_catalog(
    document: object, *, source: str = "catalog", trusted: bool = False, origin: str = "loaded"
) -> Catalog:
    """Validate ``document`` completely and return a new catalog, or raise :class:`CatalogError`.

    ``trusted`` is for the packaged data only: it skips the check of SPDX ids, which CI
    runs on that data, so that the first lookup need not import ``packaging``. ``origin``
    is what the catalog says of itself (:attr:`Catalog.origin`).
    """
    if not isinstance(document, dict):
        raise CatalogError([f"expected a JSON object, got {type(document).__name__} @ $"], source)
    with paused_gc():
        from ._fast import Reject

        try:
            return _build(document, source, _structure_fast, check_spdx=not trusted, origin=origin)
        except CatalogError:
            raise  # the records are well-formed; the errors are between them
        except Reject:  # doubtful data, and only that: the strict path says exactly what is wrong
            pass
        finally:
            clear_interned()
        problems = json_problems(document)
        if problems:  # not JSON data: the strict path could not even print it
            raise CatalogError(problems, source)
        from ._converter import structure_section

        try:
            return _build(document, source, structure_section, check_spdx=not trusted, origin=origin)
        except CatalogError:
            raise
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            # a shape the checks above do not foresee: still a refusal, never a crash
            raise CatalogError([f"cannot be read ({type(exc).__name__}: {exc}) @ $"], source) from None
        finally:
            clear_interned()


def _structure_fast(
    name: str, cls: type[Any], items: object, errors: list[str], broken: set[str]
) -> list[tuple[int, Any]]:
    """Every record of a section by the fast structurer; raises ``Reject`` on anything doubtful."""
    from ._fast import Reject, structurer
    from ._structurers import STRUCTURERS  # generated at release time: nothing to compile

    if type(items) is not list:
        raise Reject(name)
    structure = STRUCTURERS.get(cls) or structurer(cls)
    return [(index, structure(item)) for index, item in enumerate(items)]


_Structure = Callable[[str, type[Any], object, list[str], set[str]], list[tuple[int, Any]]]


def _build(
    document: dict[str, Any],
    source: str,
    structure_section: _Structure,
    *,
    check_spdx: bool,
    origin: str = "loaded",
) -> Catalog:
    errors: list[str] = []
    extra = sorted(set(document) - set(DATA_FILES))
    if extra:
        errors.append(f"extra sections found ({', '.join(map(str, extra))}) @ $")
    missing = [name for name in DATA_FILES if name not in document and name not in OPTIONAL_SECTIONS]
    if missing:
        raise CatalogError([f"missing section {name!r} @ $" for name in missing] + errors, source)
    document = {name: document.get(name, []) for name in DATA_FILES}
    version = _check_header(document["catalog"], errors)

    broken: set[str] = set()
    parsed = {name: structure_section(name, cls, document[name], errors, broken) for name, cls in SECTIONS}
    ids = {name: _index(parsed[name], name, errors) for name, _ in SECTIONS}
    keys = {name: _check_keys(parsed[name], name, errors) for name, _ in SECTIONS}
    if check_spdx:
        _check_spdx(parsed["licenses"], errors)

    refs = _References(errors, broken)
    for index, lic in parsed["licenses"]:
        refs.check(
            lic.category, ids["license_categories"], "license category", f"$.licenses[{index}].category"
        )
    for index, org in parsed["organizations"]:
        refs.check(org.parent, ids["organizations"], "organization", f"$.organizations[{index}].parent")
    if not _model_refs_resolve(parsed["models"], ids):
        for index, model in parsed["models"]:
            _check_model_refs(model, index, document["models"][index], ids, refs)
    offers_of = _check_offers(parsed["offers"], ids, refs)
    refs.finish()
    check_invariants(parsed["organizations"], parsed["models"], parsed["offers"], errors)
    if errors:
        _explain_moved_fields(errors)
        raise CatalogError(errors, source)

    licenses, categories = ids["licenses"], ids["license_categories"]
    models = list(ids["models"].values())
    # Openness is a function of kind, access, licenses, components and the license tables;
    # the records are small ones shared at load, so the memo computes it once per distinct set.
    openness_memo = IdentityMemo(openness_of)
    for model in models:
        openness = openness_memo(
            model.kind, model.access, model.licenses, model.components, licenses, categories
        )
        # The records were built here and are not shared yet: fill in the derived fields
        # in place (as attrs' own frozen __init__ does) rather than copy every model.
        object.__setattr__(model, "openness", openness)
        served_by = offers_of.get(model.id)
        if served_by:
            object.__setattr__(model, "offers", served_by)
    organizations = Table(
        "organization", ids["organizations"].values(), version, keys_to_ids=keys["organizations"]
    )
    license_table = Table("license", licenses.values(), version, keys_to_ids=keys["licenses"])
    category_table = Table(
        "license category", categories.values(), version, keys_to_ids=keys["license_categories"]
    )
    model_table = ModelTable(
        models,
        version,
        organizations=organizations,
        licenses=license_table,
        categories=category_table,
        keys_to_ids=keys["models"],
    )
    offers = OfferTable(
        ids["offers"].values(),
        version,
        models=model_table,
        organizations=organizations,
        keys_to_ids=keys["offers"],
    )
    return Catalog(
        extender=extend_catalog,
        version=version,
        origin=origin,
        offers=offers,
        models=model_table,
        organizations=organizations,
        licenses=license_table,
        license_categories=category_table,
    )


def extend_document(base: dict[str, Any], extra: object, override: bool, label: str) -> dict[str, Any]:
    """Merge the records of ``extra`` into ``base`` (a valid document).

    ``extra``'s records come first in each section, so that the paths of any error point
    at their place in ``extra``. Ids already in ``base`` are errors unless ``override``.
    """
    if not isinstance(extra, dict):
        raise CatalogError([f"expected a JSON object, got {type(extra).__name__}"], label)
    errors: list[str] = []
    unknown = sorted(set(extra) - set(DATA_FILES))
    if unknown:
        errors.append(f"extra sections found ({', '.join(map(str, unknown))}) @ $")
    if "catalog" in extra:
        _check_header(extra["catalog"], errors)
    merged = dict(base)
    for name, _ in SECTIONS:
        items = extra.get(name, [])
        if not isinstance(items, list):
            errors.append(f"expected a list of records @ $.{name}")
            continue
        base_items = base.get(name, [])
        existing = {record["id"] for record in base_items}
        replaced = set()
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(item_id, str) and item_id in existing:
                if override:
                    replaced.add(item_id)
                else:
                    errors.append(
                        f"id {item_id!r} is already in the catalog; pass override=True to replace it "
                        f"@ $.{name}[{index}].id"
                    )
        merged[name] = [*items, *(record for record in base_items if record["id"] not in replaced)]
    if errors:
        raise CatalogError(errors, label)
    return merged
