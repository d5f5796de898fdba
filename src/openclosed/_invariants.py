"""The catalog's invariants across records, checked for every catalog the loader reads.

A record can be valid on its own and still break the catalog: an organization that is its
own parent makes ``filter(vendor=...)`` walk forever, a renamed model that says not to
what cannot be followed. Each check here runs in linear time and names the records
involved; references that do not resolve were reported already and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .enums import Status
from .records import Model, Offer, Organization

__all__ = ["check_invariants"]


def check_invariants(
    organizations: list[tuple[int, Organization]],
    models: list[tuple[int, Model]],
    offers: list[tuple[int, Offer]],
    errors: list[str],
) -> None:
    """Append every broken invariant to ``errors``, each with the path of a record involved."""
    org_index = {org.id: index for index, org in organizations}
    _single_links(
        "organization",
        "parent",
        {org.id: org.parent for _, org in organizations},
        org_index,
        "organizations",
        errors,
    )
    model_index = {model.id: index for index, model in models}
    for field in ("renamed_to", "successor", "family"):
        links = {model.id: getattr(model, field) for _, model in models}
        _single_links("model", field, links, model_index, "models", errors)
    _based_on(models, model_index, errors)
    for index, model in models:
        _status(model, f"$.models[{index}]", errors)
        _parameters(model, index, errors)
    for index, offer in offers:
        _dates("offer", offer, f"$.offers[{index}]", errors)


def _single_links(
    what: str,
    field: str,
    links: Mapping[str, str | None],
    index_of: Mapping[str, int],
    section: str,
    errors: list[str],
) -> None:
    """Self references and cycles along a field that points at one record (a parent, a new name).

    Each record is visited once: a walk stops at the first record an earlier walk finished.
    """
    done: set[str] = set()
    for start in links:
        if start in done:
            continue
        path: list[str] = []
        on_path: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in done and current in index_of:
            if current in on_path:
                cycle = [*path[on_path[current] :], current]
                where = f"$.{section}[{index_of[current]}].{field}"
                if len(cycle) == 2:
                    errors.append(f"{what} {current!r} has itself as its {field} @ {where}")
                else:
                    errors.append(f"{what}s form a {field} cycle: {' -> '.join(cycle)} @ {where}")
                break
            on_path[current] = len(path)
            path.append(current)
            current = links.get(current)
        done.update(path)


def _based_on(models: list[tuple[int, Model]], index_of: Mapping[str, int], errors: list[str]) -> None:
    """No product is based on itself, directly or through other entries (an iterative search)."""
    edges = {model.id: [x for x in model.based_on if x in index_of] for _, model in models}
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in edges:
        if state.get(root):
            continue
        stack: list[tuple[str, Iterable[str]]] = [(root, iter(edges[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(iter(children), None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            seen = state.get(child)
            if seen == 1:
                cycle = [*path[path.index(child) :], child]
                where = f"$.models[{index_of[node]}].based_on"
                if len(cycle) == 2:
                    errors.append(f"model {child!r} is based on itself @ {where}")
                else:
                    errors.append(f"models form a based_on cycle: {' -> '.join(cycle)} @ {where}")
            elif seen is None:
                state[child] = 1
                stack.append((child, iter(edges[child])))
                path.append(child)


def _status(record: Model, path: str, errors: list[str]) -> None:
    """A status says what became of an entry: the fields that go with it must agree."""
    renamed = record.status is Status.RENAMED
    if renamed and record.renamed_to is None:
        errors.append(f"model {record.id!r} is renamed but has no renamed_to @ {path}.renamed_to")
    if not renamed and record.renamed_to is not None:
        errors.append(
            f"model {record.id!r} has renamed_to {record.renamed_to!r} but its status is "
            f"{record.status.value!r}, not 'renamed' @ {path}.status"
        )
    _dates("model", record, path, errors)


#: What a status_date is the day of, by the kind of entry (only a model is renamed).
_DATED_CHANGES = {"model": "deprecation, retirement or rename", "offer": "deprecation or retirement"}


def _dates(kind: str, record: Model | Offer, path: str, errors: list[str]) -> None:
    """A model's or an offer's dates agree with its status: an active entry has no
    status_date, and a scheduled retirement belongs to an entry still served and falls
    after its deprecation. One check for both, as both carry the same three fields."""
    if record.status is Status.ACTIVE and record.status_date is not None:
        errors.append(
            f"{kind} {record.id!r} is active but has a status_date; the date is the day a "
            f"{_DATED_CHANGES[kind]} took effect @ {path}.status_date"
        )
    if record.retires is None:
        return
    if record.status not in (Status.ACTIVE, Status.DEPRECATED):
        errors.append(
            f"{kind} {record.id!r} is {record.status.value} but has a retires date; a scheduled "
            f"retirement belongs to an active or deprecated entry @ {path}.retires"
        )
    elif record.status_date is not None and record.retires <= record.status_date:
        errors.append(
            f"{kind} {record.id!r} retires on {record.retires}, not after its status_date "
            f"{record.status_date} @ {path}.retires"
        )


def _parameters(model: Model, index: int, errors: list[str]) -> None:
    active, total = model.active_parameters, model.parameters
    if active is None:
        return
    path = f"$.models[{index}].active_parameters"
    if total is None:
        errors.append(f"model {model.id!r} has active_parameters but no parameters @ {path}")
    elif active > total:
        errors.append(
            f"model {model.id!r} has more active parameters ({active:,}) than parameters ({total:,}) @ {path}"
        )
