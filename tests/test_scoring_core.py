"""The scorer's core, rule by rule: what each criterion reads of a route and the sentence and
values it gives (the formulas of docs/methodology.md, "The five criteria"), the cost model's
exact arithmetic, and the screening reasons. Added where tools/mutation_test.py showed that a
changed operator or constant in scoring/criteria.py, cost.py or screening.py went unnoticed:
the property tests check orders and bounds, these check the values and texts users read."""

from __future__ import annotations

import math
from typing import Any

import pytest

import openclosed as oc
from conftest import SOURCE, make_document
from openclosed.scoring import LADDERS, Route
from openclosed.scoring.criteria import RULES, Criterion, Licenses, Measure, Stances, cost_utility, facts_of

L = LADDERS


def _model(model_id: str, **fields: Any) -> dict[str, Any]:
    """A model record for the test document: an open-weights text model unless told otherwise."""
    record: dict[str, Any] = {
        "id": model_id,
        "name": model_id.title(),
        "kind": "model",
        "organization": "open-lab",
        "tasks": ["text-generation"],
        "parameters": 1_000_000_000,
        "access": {"weights": "public", "deployments": ["self-host"]},
        "licenses": {"weights": "Apache-2.0"},
        "components": {"weights": "open"},
        "sources": SOURCE,
    }
    record.update(fields)
    return record


def _api(
    model_id: str, *, offer: dict[str, Any] | None = None, **fields: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A closed model served by its maker's API, and that offer (with ``offer``'s fields)."""
    closed: dict[str, Any] = {
        "access": {"weights": "none", "deployments": ["api"]},
        "licenses": {"service": "LicenseRef-acme-terms"},
        "components": {"weights": "closed"},
        "parameters": None,
    }
    record = _model(model_id, **{**closed, **fields})
    maker: dict[str, Any] = {
        "id": f"open-lab/{model_id}",
        "model": model_id,
        "provider": "open-lab",
        "kind": "maker",
    }
    maker.update(offer or {})
    maker["sources"] = SOURCE
    return record, maker


_NON_COMMERCIAL = {
    "id": "LicenseRef-nc",
    "name": "Non-Commercial License",
    "url": "https://example.org/nc",
    "category": "community",
    "osi_approved": False,
    "commercial_use": "no",
    "sources": SOURCE,
}
_UPDATABLE = {
    "id": "LicenseRef-updatable",
    "name": "Updatable License",
    "url": "https://example.org/updatable",
    "category": "community",
    "osi_approved": False,
    "commercial_use": "conditional",
    "restrictions": {"licensor_may_update": True},
    "sources": SOURCE,
}


def catalog(*models: dict[str, Any], offers: tuple[dict[str, Any], ...] = ()) -> oc.Catalog:
    """The conftest document with these models and offers added, and two more licenses."""
    document = make_document()
    document["licenses"] += [_NON_COMMERCIAL, _UPDATABLE]
    document["models"] += list(models)
    document["offers"] += list(offers)
    return oc.load_catalog(document)


def measure(cat: oc.Catalog, model_id: str, route: Route, criterion: Criterion) -> Measure:
    """What ``criterion``'s rule says of the model on ``route`` (through the model's first
    offer on a service route): its poles, its sentence and its unknown facts."""
    model = cat.models[model_id]
    offer = None
    if route is Route.VENDOR or route is Route.PRIVATE_DEPLOYMENT:
        offer = model.maker_offer
    elif route is Route.PROVIDER:
        offer = next(o for o in model.offers if o.kind is not oc.OfferKind.MAKER)
    licenses = Licenses(
        {lic.id: lic for lic in cat.licenses},
        frozenset(c.id for c in cat.license_categories if c.osi_compatible),
    )
    (rule,) = [r for r in RULES if r.criterion is criterion]
    assert rule.measure is not None
    return rule.measure(facts_of(model, route, offer), licenses)


def utility(criterion: Criterion, poles: tuple[float, ...], req: oc.Requirements) -> float:
    (rule,) = [r for r in RULES if r.criterion is criterion]
    return rule.utility(poles, Stances.of_requirements(req))


# --------------------------------------------------------------------------- cost utility


@pytest.mark.parametrize("usd", [1.5, 2.0, 3.0])
def test_a_cost_just_above_the_reference_already_scores_below_one(usd: float) -> None:
    # u = 1 - log10(c / c0) / 3 from the reference up: no flat step at the bottom of the scale
    assert cost_utility(usd, 1.0) == pytest.approx(1 - math.log10(usd) / 3)
    assert cost_utility(usd, 1.0) < 1.0


# --------------------------------------------------------------------------- 1. customization


def test_a_toolkit_without_a_weights_license_is_governed_by_its_code_license() -> None:
    cat = catalog(
        _model("kit", kind="toolkit", licenses={"code": "Apache-2.0"}, parameters=None),
        _model("bare", licenses={"code": "Apache-2.0"}),  # a model: its code license is not its weights'
    )
    _, reason, unknown = measure(cat, "kit", Route.SELF_HOST, Criterion.CUSTOMIZATION)
    assert "modification rights open" in reason
    assert unknown == ()
    _, reason, unknown = measure(cat, "bare", Route.SELF_HOST, Criterion.CUSTOMIZATION)
    assert "modification rights unknown" in reason
    assert unknown == ("license of the weights",)
    _, reason, _ = measure(cat, "bare", Route.SELF_HOST, Criterion.LONG_TERM)
    assert reason.startswith("license durability: unknown;")


def test_a_toolkits_weights_license_comes_before_its_code_license() -> None:
    cat = catalog(
        _model("kit", kind="toolkit", licenses={"weights": "LicenseRef-nc", "code": "Apache-2.0"}),
    )
    _, reason, _ = measure(cat, "kit", Route.SELF_HOST, Criterion.CUSTOMIZATION)
    assert "modification rights non-commercial" in reason
    assert reason.endswith("readiness off the shelf: toolkit")


@pytest.mark.parametrize(
    ("license_id", "rights"),
    [
        ("Apache-2.0", "open"),
        ("LicenseRef-nc", "non-commercial"),
        ("LicenseRef-acme-community", "restricted"),
    ],
)
def test_modification_rights_follow_the_weights_license(license_id: str, rights: str) -> None:
    cat = catalog(_model("m", licenses={"weights": license_id}, support={"fine_tuning": "weights"}))
    (customizability, _), reason, _ = measure(cat, "m", Route.SELF_HOST, Criterion.CUSTOMIZATION)
    assert f"modification rights {rights};" in reason
    # customizability = 0.4 downloadable + 0.3 modify_rights + 0.3 fine_tuning
    assert customizability == pytest.approx(0.4 + 0.3 * L["modify_rights"][rights] + 0.3 * 1.0)


@pytest.mark.parametrize(
    ("route", "tuning", "shown", "unknown"),
    [
        (Route.SELF_HOST, "unknown", "weights", False),  # downloadable weights can always be trained
        (Route.SELF_HOST, "vendor-api", "vendor-api", False),
        (Route.SELF_HOST, "none", "none", False),
        (Route.PROVIDER, "unknown", "unknown", True),
        (Route.PROVIDER, "vendor-api", "vendor-api", False),
    ],
)
def test_fine_tuning_is_the_catalogs_fact_except_unknown_on_your_own_gpus(
    route: Route, tuning: str, shown: str, unknown: bool
) -> None:
    offer = {
        "id": "open-lab/m",
        "model": "m",
        "provider": "open-lab",
        "kind": "inference-host",
        "sources": SOURCE,
    }
    cat = catalog(_model("m", support={"fine_tuning": tuning}), offers=(offer,))
    (customizability, _), reason, unknowns = measure(cat, "m", route, Criterion.CUSTOMIZATION)
    assert f"fine-tuning {shown};" in reason
    assert ("fine-tuning" in unknowns) is unknown
    downloadable = 1.0 if route is Route.SELF_HOST else 0.0
    rights = "open" if route is Route.SELF_HOST else "closed"
    expected = 0.4 * downloadable + 0.3 * L["modify_rights"][rights] + 0.3 * L["fine_tuning"][shown]
    assert customizability == pytest.approx(expected)


def test_a_closed_api_is_customizable_only_through_the_vendors_fine_tuning() -> None:
    model, offer = _api("api", support={"fine_tuning": "vendor-api"})
    cat = catalog(model, offers=(offer,))
    poles, reason, _ = measure(cat, "api", Route.VENDOR, Criterion.CUSTOMIZATION)
    assert reason.startswith("no weights to change; modification rights closed; fine-tuning vendor-api;")
    assert poles == pytest.approx((0.3 * L["fine_tuning"]["vendor-api"], L["readiness"]["vendor"]))
    # a team that wants extensive customization reads the first pole, off the shelf the second
    assert utility(
        Criterion.CUSTOMIZATION, poles, oc.Requirements(customization="extensive")
    ) == pytest.approx(poles[0])
    assert utility(
        Criterion.CUSTOMIZATION, poles, oc.Requirements(customization="off-the-shelf")
    ) == pytest.approx(poles[1])


@pytest.mark.parametrize(
    ("deployments", "ready"),
    [
        (["self-host"], "self-host"),
        (["self-host", "api"], "open-with-api"),
        (["self-host", "private-deployment"], "open-with-api"),
        (["self-host", "api", "private-deployment"], "open-with-api"),
    ],
)
def test_weights_also_offered_as_a_vendor_service_are_readier(deployments: list[str], ready: str) -> None:
    cat = catalog(_model("m", access={"weights": "public", "deployments": deployments}))
    (_, readiness), reason, _ = measure(cat, "m", Route.SELF_HOST, Criterion.CUSTOMIZATION)
    assert reason.endswith(f"readiness off the shelf: {ready}")
    assert readiness == L["readiness"][ready]


# --------------------------------------------------------------------------- 2. support


@pytest.mark.parametrize(("community", "unknown"), [("unknown", True), ("active", False), ("small", False)])
def test_only_an_unknown_community_size_is_named_as_unknown(community: str, unknown: bool) -> None:
    cat = catalog(_model("m", support={"vendor_sla": False, "community": community}))
    (_, size), reason, unknowns = measure(cat, "m", Route.SELF_HOST, Criterion.SUPPORT)
    assert reason.endswith(f"community: {community}")
    assert ("community size" in unknowns) is unknown
    assert size == L["community"][community]


@pytest.mark.parametrize(
    ("sla", "enterprise", "vendor"),
    [
        (True, None, "sla"),  # a service-level agreement is support, whatever else is unknown
        (None, True, "enterprise"),
        (False, False, "community-only"),
        (False, None, "community-only"),
        (None, False, "community-only"),
        (None, None, "unknown"),
    ],
)
def test_vendor_support_unknown_only_when_neither_fact_is_known(
    sla: bool | None, enterprise: bool | None, vendor: str
) -> None:
    support = {"vendor_sla": sla, "enterprise_support": enterprise, "community": "active"}
    model, offer = _api("api", support={k: v for k, v in support.items() if v is not None})
    cat = catalog(model, offers=(offer,))
    (rung, _), reason, unknowns = measure(cat, "api", Route.VENDOR, Criterion.SUPPORT)
    assert reason == f"vendor support: {vendor}; community: active"
    assert rung == L["vendor_support"][vendor]
    assert ("vendor support" in unknowns) is (vendor == "unknown")


# --------------------------------------------------------------------------- 4. security


def _control(data_control: str, transparency: str) -> float:
    # control = 0.6 data_control + 0.4 transparency
    return 0.6 * L["data_control"][data_control] + 0.4 * L["transparency"][transparency]


@pytest.mark.parametrize(
    ("data", "control", "named"),
    [
        ({}, "api-unknown", True),
        ({"trains_on_inputs_by_default": True}, "api-unknown", False),
        ({"trains_on_inputs_by_default": False}, "api-no-training", False),
        ({"trains_on_inputs_by_default": False, "zero_retention_available": False}, "api-no-training", False),
        (
            {"trains_on_inputs_by_default": False, "zero_retention_available": True},
            "api-no-training-zero-retention",
            False,
        ),
    ],
)
def test_an_apis_data_control_follows_its_offers_terms(
    data: dict[str, bool], control: str, named: bool
) -> None:
    model, offer = _api("api", offer={"data": data, "attestations": ["SOC 2 Type II"]})
    cat = catalog(model, offers=(offer,))
    poles, reason, unknowns = measure(cat, "api", Route.VENDOR, Criterion.SECURITY)
    assert reason == f"data control: {control}; transparency: api"
    assert poles == pytest.approx((_control(control, "api"), L["managed"]["attested"]))
    assert ("whether the vendor trains on your data" in unknowns) is named
    assert unknowns == (("whether the vendor trains on your data",) if named else ())


def test_a_product_a_private_deployment_and_your_own_gpus_control_the_data_differently() -> None:
    vendor, offer = _api("vendor", access={"weights": "none", "deployments": ["api", "private-deployment"]})
    cat = catalog(vendor, offers=(offer,))
    product = oc.load_catalog(make_document())  # acme-chat: a product, no API, no offer
    (control, managed), reason, unknowns = measure(product, "acme-chat", Route.VENDOR, Criterion.SECURITY)
    assert reason == "data control: product; transparency: hosted"
    assert control == pytest.approx(_control("product", "hosted"))
    assert managed == L["managed"]["vendor-unattested"]
    assert unknowns == ("security attestations (SOC 2, ISO 27001)",)
    (control, _), reason, _ = measure(cat, "vendor", Route.PRIVATE_DEPLOYMENT, Criterion.SECURITY)
    assert reason == "data control: private-deployment; transparency: api"
    assert control == pytest.approx(_control("private-deployment", "api"))


@pytest.mark.parametrize(("expertise", "managed"), [("none", 0.0), ("basic", 1 / 3), ("expert", 1.0)])
def test_on_your_own_gpus_your_team_is_the_operator(expertise: str, managed: float) -> None:
    cat = catalog(_model("m"))
    poles, reason, unknowns = measure(cat, "m", Route.SELF_HOST, Criterion.SECURITY)
    level = cat.models["m"].openness
    assert level is not None
    assert reason.startswith("data control: self-host; transparency: ")
    assert unknowns == ()  # no attestation to ask of anyone
    control = poles[0]
    # u = s control + (1 - s) managed, where managed is your expertise on this route
    for security, s in (("vendor-managed", 0.0), ("balanced", 0.5), ("own-control", 1.0)):
        req = oc.Requirements(security=security, in_house_expertise=expertise)
        assert utility(Criterion.SECURITY, poles, req) == pytest.approx(s * control + (1 - s) * managed)


# --------------------------------------------------------------------------- 5. long term


def _flexibility(durability: str, portability: str, continuity: str) -> float:
    # flexibility = 0.4 license_durability + 0.3 portability + 0.3 continuity
    return (
        0.4 * L["license_durability"][durability]
        + 0.3 * L["portability"][portability]
        + 0.3 * L["continuity"][continuity]
    )


@pytest.mark.parametrize(
    ("license_id", "on_your_gpus", "at_a_provider"),
    [
        ("Apache-2.0", "open", "open"),
        ("LicenseRef-acme-community", "custom", "custom"),
        ("LicenseRef-updatable", "custom-updatable", "custom"),
        (None, "unknown", "unknown"),
    ],
)
def test_license_durability_of_weights_you_hold(
    license_id: str | None, on_your_gpus: str, at_a_provider: str
) -> None:
    offer = {
        "id": "open-lab/m",
        "model": "m",
        "provider": "open-lab",
        "kind": "inference-host",
        "sources": SOURCE,
    }
    licenses = {} if license_id is None else {"weights": license_id}
    cat = catalog(
        _model("m", licenses=licenses, access={"weights": "public", "deployments": ["self-host"]}),
        offers=(offer,),
    )
    unknown = ("license of the weights",) if license_id is None else ()
    (flexibility, scaling), reason, unknowns = measure(cat, "m", Route.SELF_HOST, Criterion.LONG_TERM)
    assert reason == (
        f"license durability: {on_your_gpus}; portability: anywhere; continuity: weights; "
        "scaling: self-managed"
    )
    assert flexibility == pytest.approx(_flexibility(on_your_gpus, "anywhere", "weights"))
    assert scaling == L["scalability"]["self-host"]
    assert unknowns == unknown
    (flexibility, scaling), reason, unknowns = measure(cat, "m", Route.PROVIDER, Criterion.LONG_TERM)
    assert reason == (
        f"license durability: {at_a_provider}; portability: anywhere; continuity: weights; "
        "scaling: provider-managed"
    )
    assert flexibility == pytest.approx(_flexibility(at_a_provider, "anywhere", "weights"))
    assert scaling == L["scalability"]["vendor"]
    assert unknowns == unknown


@pytest.mark.parametrize(
    ("status", "offer_fields", "continuity"),
    [
        ("active", {}, "no-policy"),
        ("active", {"deprecation_policy": False}, "no-policy"),
        ("active", {"deprecation_policy": True}, "deprecation-policy"),
        ("deprecated", {"deprecation_policy": True}, "deprecated"),
        ("active", {"deprecation_policy": True, "status": "deprecated"}, "deprecated"),
        ("retired", {"deprecation_policy": True, "status": "retired"}, "ended"),
        ("renamed", {"deprecation_policy": True, "status": "retired"}, "ended"),
    ],
)
def test_a_services_continuity(status: str, offer_fields: dict[str, Any], continuity: str) -> None:
    renamed = {"renamed_to": "acme-pro"} if status == "renamed" else {}
    model, offer = _api("api", offer=offer_fields, status=status, **renamed)
    cat = catalog(model, offers=(offer,))
    (flexibility, scaling), reason, unknowns = measure(cat, "api", Route.VENDOR, Criterion.LONG_TERM)
    assert reason == (
        f"license durability: terms; portability: single-vendor; continuity: {continuity}; "
        "scaling: vendor-managed"
    )
    assert flexibility == pytest.approx(_flexibility("terms", "single-vendor", continuity))
    assert scaling == L["scalability"]["vendor"]
    assert unknowns == ()


def test_weights_you_hold_continue_unless_the_entry_ended_or_the_provider_deprecated_it() -> None:
    offer = {
        "id": "open-lab/m",
        "model": "m",
        "provider": "open-lab",
        "kind": "inference-host",
        "sources": SOURCE,
    }
    cat = catalog(_model("m", status="deprecated"), _model("r", status="retired"), offers=(offer,))
    _, reason, _ = measure(cat, "m", Route.SELF_HOST, Criterion.LONG_TERM)
    assert "continuity: weights;" in reason
    _, reason, _ = measure(cat, "m", Route.PROVIDER, Criterion.LONG_TERM)
    assert "continuity: deprecated;" in reason  # a provider's service of it may end
    _, reason, _ = measure(cat, "r", Route.SELF_HOST, Criterion.LONG_TERM)
    assert "continuity: ended;" in reason


def test_a_service_without_recorded_terms_and_a_private_deployment() -> None:
    model, offer = _api(
        "api", licenses={}, access={"weights": "none", "deployments": ["api", "private-deployment"]}
    )
    cat = catalog(model, offers=(offer,))
    (flexibility, _), reason, unknowns = measure(cat, "api", Route.VENDOR, Criterion.LONG_TERM)
    assert reason.startswith("license durability: unknown; portability: single-vendor;")
    assert unknowns == ("service terms",)
    (flexibility, _), reason, unknowns = measure(cat, "api", Route.PRIVATE_DEPLOYMENT, Criterion.LONG_TERM)
    assert reason.startswith("license durability: unknown; portability: private-deployment;")
    assert flexibility == pytest.approx(_flexibility("unknown", "private-deployment", "no-policy"))


@pytest.mark.parametrize(
    ("deployments", "scaling"),
    [
        (["self-host"], "self-host"),
        (["self-host", "api"], "open-with-api"),
        (["self-host", "private-deployment"], "open-with-api"),
    ],
)
def test_weights_also_served_by_their_maker_scale_more_easily(deployments: list[str], scaling: str) -> None:
    cat = catalog(_model("m", access={"weights": "public", "deployments": deployments}))
    (_, scalability), _, _ = measure(cat, "m", Route.SELF_HOST, Criterion.LONG_TERM)
    assert scalability == L["scalability"][scaling]
    for flexibility in ("elastic-scale", "balanced", "flexibility"):
        req = oc.Requirements(long_term=flexibility)
        f = float(req.long_term.position)
        poles = measure(cat, "m", Route.SELF_HOST, Criterion.LONG_TERM)[0]
        assert utility(Criterion.LONG_TERM, poles, req) == pytest.approx(f * poles[0] + (1 - f) * poles[1])
