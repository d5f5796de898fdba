"""Load cost: a catalog file of N models, against ``json.loads`` of the same text.

Same process, methods alternated round by round, medians of the per-round ratios (the
machine is noisy: read the ratios). The load pauses the garbage collector, so it is compared
with both baselines: ``json.loads`` as a user's process runs it (collector on) and with the
collector paused, the fair one. Goal: at most 2.5x the paused ``json.loads`` for 10,000
models, and a per-model cost that stays flat from 1,000 to 100,000 models. With msgspec
installed (a benchmark-only dependency, never one of openclosed's), its typed decode of the
same text into structs shaped like the records is shown as the floor a compiled decoder
reaches. "records" is the
ratio for parsing and structuring the records alone (no checks across records, no derived
openness, no tables); "1st filter" is what the first filter adds later (building the
indexes), as a share of the load.

    python benchmarks/bench_load.py [--sizes 1000 10000 100000] [--rounds 7]
    (pip install msgspec for the floor column)
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from typing import Any

from synthetic import synthetic_document

from openclosed._intern import clear_interned
from openclosed._loader import SECTIONS, _structure_fast, build_catalog, paused_gc


def load_text(text: str) -> object:
    """What ``openclosed.load_catalog`` does once the file is read: parse and build, GC paused."""
    with paused_gc():
        return build_catalog(json.loads(text))


def records_only(text: str) -> object:
    """Parse and turn the records into typed objects, and nothing else: the part of the load
    that compares with a plain structuring benchmark (no references, keys, openness or tables)."""
    with paused_gc():
        document = json.loads(text)
        errors: list[str] = []
        records = [_structure_fast(name, cls, document[name], errors, set()) for name, cls in SECTIONS]
        clear_interned()
        return records


def paused_loads(text: str) -> object:
    with paused_gc():
        return json.loads(text)


def msgspec_decoder() -> Any:
    """A typed msgspec decoder of the whole document, its structs derived from the records;
    ``None`` without msgspec."""
    try:
        import msgspec  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    import datetime
    import enum
    import types
    import typing

    import attrs

    from openclosed._fields import is_derived

    structs: dict[type, Any] = {}

    def convert(tp: Any) -> Any:
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            return typing.Union[tuple(convert(a) for a in typing.get_args(tp))]  # noqa: UP007
        if origin is tuple:
            return tuple[convert(typing.get_args(tp)[0]), ...]  # type: ignore[misc]
        if isinstance(tp, type) and attrs.has(tp):
            return struct(tp)
        if tp in (str, int, float, bool, datetime.date, type(None)) or (
            isinstance(tp, type) and issubclass(tp, enum.Enum)
        ):
            return tp
        raise TypeError(tp)

    def struct(cls: type) -> Any:
        if cls not in structs:
            hints = typing.get_type_hints(cls)
            fields: list[tuple[Any, ...]] = []
            for a in attrs.fields(cls):
                if is_derived(a) or not a.init:
                    continue
                if a.default is attrs.NOTHING:
                    fields.append((a.name, convert(hints[a.name])))
                else:
                    factory = getattr(a.default, "factory", None)  # attrs.Factory(...)
                    default = factory() if factory is not None else a.default
                    fields.append((a.name, convert(hints[a.name]), default))
            structs[cls] = msgspec.defstruct(
                cls.__name__, fields, kw_only=True, forbid_unknown_fields=True, frozen=True
            )
        return structs[cls]

    document = msgspec.defstruct(
        "Document",
        [("catalog", dict[str, Any]), *((name, list[struct(cls)]) for name, cls in SECTIONS)],  # type: ignore[misc]
    )
    return msgspec.json.Decoder(document)


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    decoder = msgspec_decoder()
    print(
        f"{'models':>8} {'loads ms':>9} {'paused ms':>10} {'load ms':>9} {'/ loads':>8} {'/ paused':>9}"
        f" {'us/model':>9} {'records':>8} {'1st filter':>11}" + (f" {'msgspec':>8}" if decoder else "")
    )
    for size in args.sizes:
        text = json.dumps(synthetic_document(size))
        build_catalog(json.loads(text))  # warm up: converter hooks compile on first use
        if decoder is not None:
            decoder.decode(text)
        loads_t: list[float] = []
        paused_t: list[float] = []
        load_t: list[float] = []
        ratios: list[float] = []
        paused_ratios: list[float] = []
        record_ratios: list[float] = []
        shares: list[float] = []
        floors: list[float] = []
        for _ in range(args.rounds):
            gc.collect()
            a = timed(lambda text=text: json.loads(text))
            gc.collect()
            p = timed(lambda text=text: paused_loads(text))
            gc.collect()
            b = timed(lambda text=text: load_text(text))
            gc.collect()
            record_ratios.append(timed(lambda text=text: records_only(text)) / p)
            if decoder is not None:
                gc.collect()
                floors.append(timed(lambda text=text: decoder.decode(text)) / p)
            loads_t.append(a)
            paused_t.append(p)
            load_t.append(b)
            ratios.append(b / a)
            paused_ratios.append(b / p)
            cat = build_catalog(json.loads(text))
            from openclosed.query import _Index

            shares.append(
                timed(
                    lambda cat=cat: _Index(
                        cat.models._records, cat.organizations, cat.licenses, cat.license_categories
                    )
                )
                / b
            )
            # Nothing built here may outlive its round: every live object makes the garbage
            # collector's passes inside the next json.loads longer, which flatters the ratio.
            del cat
        median = statistics.median
        print(
            f"{size:8d} {median(loads_t) * 1e3:9.1f} {median(paused_t) * 1e3:10.1f} "
            f"{median(load_t) * 1e3:9.1f} "
            f"{median(ratios):8.2f} {median(paused_ratios):9.2f} {median(load_t) / size * 1e6:9.1f} "
            f"{median(record_ratios):8.2f} {median(shares):11.1%}"
            + (f" {median(floors):8.2f}" if floors else "")
        )
    print("ratios: '/ loads' and '/ paused' are the load over json.loads with the collector on and paused;")
    print("'records' and 'msgspec' (its typed decode: the floor) are over the paused json.loads.")
    print("goal: load / paused json.loads <= 2.5 at 10,000 models")


if __name__ == "__main__":
    main()
