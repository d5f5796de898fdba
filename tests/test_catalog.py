"""Tables, lookups and their errors, and the lazily loaded packaged catalog."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

import openclosed
import openclosed._catalog as catalog_module
from openclosed import Catalog, Model, UnknownIdError
from openclosed._loader import build_catalog

T = TypeVar("T")


def at_once(n: int, call: Callable[[], T]) -> list[T]:
    """What ``call`` returns in each of ``n`` threads released together."""
    barrier = threading.Barrier(n)
    seen: list[T] = []

    def worker() -> None:
        barrier.wait()
        seen.append(call())

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seen


@pytest.fixture
def cat(document: dict[str, Any]) -> Catalog:
    return build_catalog(document)


@pytest.mark.parametrize(
    "key", ["acme-pro", "Acme Pro", "ACME_PRO", "acme.pro", " acme pro ", "Acme\tPro", "ACME-PRO"]
)
def test_keys_ignore_case_spaces_and_separators(cat: Catalog, key: str) -> None:
    assert cat.models[key].id == "acme-pro"


def test_alias_and_name_lookups(cat: Catalog) -> None:
    assert cat.models["acme open"].id == "acme-open-7b"  # alias
    assert cat.organizations["Acme Labs"].id == "acme"  # organization alias
    assert cat.licenses["apache license 2.0"].id == "Apache-2.0"  # name


def test_unknown_id_error_is_a_key_error_with_suggestions(cat: Catalog) -> None:
    with pytest.raises(KeyError) as info:
        cat.models["acme-pr"]
    error = info.value
    assert isinstance(error, UnknownIdError)
    assert error.key == "acme-pr"
    assert error.suggestions[0] == "acme-pro"
    assert error.catalog_version == "26.1.0"
    assert str(error).startswith(
        "no model with id, alias or name 'acme-pr' in catalog 26.1.0; did you mean 'acme-pro'"
    )


def test_unknown_id_without_close_match_has_no_suggestion(cat: Catalog) -> None:
    with pytest.raises(UnknownIdError) as info:
        cat.organizations["zzzzzz"]
    assert info.value.suggestions == ()
    assert "did you mean" not in str(info.value)


@pytest.mark.parametrize("key", ["nope", "", None, 3, ("acme",), ["acme"]])
def test_get_never_raises(cat: Catalog, key: Any) -> None:
    assert cat.models.get(key) is None
    sentinel = next(iter(cat.models))
    assert cat.models.get(key, sentinel) is sentinel


def test_iteration_len_contains(cat: Catalog) -> None:
    ids = [m.id for m in cat.models]
    assert ids == sorted(ids)
    assert len(cat.models) == 4
    assert "Acme Pro" in cat.models
    assert "nothing" not in cat.models
    assert cat.models["acme-pro"] in cat.models
    assert 3 not in cat.models


def test_tables_and_catalog_are_read_only(cat: Catalog) -> None:
    with pytest.raises(AttributeError):
        cat.version = "1.0.0"
    with pytest.raises(TypeError):
        cat.models["x"] = cat.models["acme-pro"]  # type: ignore[index]
    model: Model = cat.models["acme-pro"]
    with pytest.raises(AttributeError):
        model.name = "changed"  # type: ignore[misc]


def test_reprs(cat: Catalog) -> None:
    assert repr(cat) == "<Catalog 26.1.0: 4 models, 2 organizations, 3 licenses, 2 offers>"
    assert repr(cat.models) == "<Models: 4 records, catalog 26.1.0>"
    assert repr(cat.license_categories) == "<LicenseCategories: 3 records, catalog 26.1.0>"


def test_import_is_lazy() -> None:
    code = (
        "import sys, openclosed\n"
        "heavy = [m for m in ('cattrs', 'attrs', 'attr', 'openclosed._catalog', 'openclosed._loader', 'json')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
        "openclosed.models['llama-2']\n"
        "print('cattrs' in sys.modules, 'openclosed._loader' in sys.modules, 'packaging' in sys.modules)\n"
        "len(openclosed.models)\n"
        "print('cattrs' in sys.modules, 'openclosed._loader' in sys.modules, 'packaging' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # nothing is read at import; the first lookup builds its model without the loader; a whole
    # table loads without cattrs, nor packaging: CI checked the SPDX ids of the released data
    assert out.splitlines() == ["[]", "False False False", "False True False"]


def test_dir_shows_only_the_public_api() -> None:
    names = dir(openclosed)
    assert names == sorted(openclosed.__all__)
    assert "models" in names
    assert "Model" in names
    assert not [n for n in names if n.startswith("_") and n != "__version__"]


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no attribute 'modles'"):
        openclosed.modles  # noqa: B018


def test_concurrent_first_access_loads_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import openclosed._shipped as shipped

    calls: list[int] = []
    real_load = shipped.load_shipped

    def slow_load() -> Catalog:
        calls.append(1)
        time.sleep(0.05)  # widen the race window
        return real_load()

    monkeypatch.setattr(catalog_module, "_packaged", None)
    monkeypatch.setattr(shipped, "load_shipped", slow_load)
    seen = at_once(16, catalog_module.catalog)
    assert len(calls) == 1
    assert len(seen) == 16
    assert all(c is seen[0] for c in seen)


def test_failed_load_publishes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import openclosed._shipped as shipped

    def damaged() -> Catalog:
        raise openclosed.CatalogError(
            ["not valid JSON @ $"], "the packaged data file openclosed/data/index.json"
        )

    monkeypatch.setattr(catalog_module, "_packaged", None)
    monkeypatch.setattr(shipped, "load_shipped", damaged)
    for _ in range(2):  # the second call tries again and fails the same way
        with pytest.raises(openclosed.CatalogError):
            catalog_module.catalog()
        assert catalog_module._packaged is None


def test_every_public_name_resolves_and_is_listed_once() -> None:
    lazy = set(openclosed._LAZY) | set(openclosed._TABLES) | {"__version__"}
    assert set(openclosed.__all__) == lazy
    assert len(openclosed.__all__) == len(set(openclosed.__all__))
    for name in openclosed.__all__:
        assert getattr(openclosed, name) is not None, name


def test_tables_and_results_cannot_be_changed(cat: Catalog) -> None:
    with pytest.raises(AttributeError, match="read-only"):
        cat.models.kind = "x"
    with pytest.raises(AttributeError, match="read-only"):
        del cat.organizations._keys
    results = cat.models.filter(side="open")
    with pytest.raises(AttributeError, match="immutable"):
        results.catalog_version = "0"


def test_a_table_built_by_hand_has_the_keys_the_loader_gives() -> None:
    # The loader hands its normalised keys to the tables; a Table built directly computes them.
    shipped = openclosed.catalog()
    for name in ("models", "organizations", "licenses", "license_categories"):
        loaded = getattr(shipped, name)
        by_hand = catalog_module.Table(loaded.kind, list(loaded), shipped.version)
        assert by_hand._keys == loaded._keys
        assert by_hand.ids() == loaded.ids()


def test_values_derived_from_a_catalog_are_worked_out_once_across_threads(document: dict[str, Any]) -> None:
    """``Catalog._derive`` runs its builder once however many threads ask at once, and
    every thread gets that one value."""
    cat = build_catalog(document)
    calls: list[int] = []

    def build(catalog: Catalog) -> object:
        calls.append(1)
        time.sleep(0.01)  # long enough for the other threads to arrive
        return object()

    seen = at_once(8, lambda: cat._derive(build))
    assert len(calls) == 1
    assert len(seen) == 8
    assert all(value is seen[0] for value in seen)
