"""The scorer's core, rule by rule: what each criterion reads of a route and the sentence and
values it gives (the formulas of docs/methodology.md, "The five criteria"), the cost model's
exact arithmetic, and the screening reasons. Added where tools/mutation_test.py showed that a
changed operator or constant in scoring/criteria.py, cost.py or screening.py went unnoticed:
the property tests check orders and bounds, these check the values and texts users read."""

from __future__ import annotations

import datetime
import math
from typing import Any

import attrs
import pytest

import openclosed as oc
from conftest import SOURCE, make_document
from openclosed.hardware import GPU_CLASSES
from openclosed.scoring import LADDERS, Route, engineering_hours, estimate_cost, plan_replica
from openclosed.scoring.cost import input_only, service_cost
from openclosed.scoring.criteria import (
    RULES,
    Criterion,
    Licenses,
    Measure,
    Stances,
    cost_measure,
    cost_utility,
    cost_values,
    facts_of,
)
from openclosed.scoring.results import CostEstimate
from openclosed.scoring.screening import capability_reasons, screen, screen_model, screen_route

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


@pytest.mark.parametrize("self_run", [True, False])
def test_the_cost_measure_has_the_pole_values_of_cost_values_and_names_an_unknown_cost(
    self_run: bool,
) -> None:
    known = CostEstimate(route=Route.SELF_HOST, monthly_usd=1234.5, gpus=2, gpu_usd=1000.0, note="2 GPU(s)")
    unknown = CostEstimate(route=Route.SELF_HOST, monthly_usd=None, note="parameter count unknown")
    for cost in (known, unknown):
        assert cost_measure(cost, self_run)[0] == cost_values(cost, self_run)
    assert cost_measure(known, self_run)[1:] == ("about $1,234 a month (2 GPU(s))", ())
    assert cost_measure(unknown, self_run)[1:] == (
        "cost unknown: parameter count unknown",
        ("parameter count unknown",),
    )
    # an unknown cost has no monthly cost under any stance, so it scores 0
    (rule,) = [r for r in RULES if r.criterion is Criterion.COST]
    assert rule.utility(cost_values(unknown, self_run), Stances.of_requirements(oc.Requirements())) == 0.0


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


def assert_long_term(
    cat: oc.Catalog,
    model_id: str,
    route: Route,
    parts: tuple[str, str, str],
    scaling: tuple[str, str],
    unknowns: tuple[str, ...] = (),
) -> None:
    """The long-term rule's sentence, flexibility, scalability and unknowns for a route:
    ``parts`` are the licence durability, portability and continuity rungs, ``scaling`` the
    label in the sentence and the rung of the scalability ladder."""
    durability, portability, continuity = parts
    (flexibility, scalability), reason, found = measure(cat, model_id, route, Criterion.LONG_TERM)
    assert reason == (
        f"license durability: {durability}; portability: {portability}; continuity: {continuity}; "
        f"scaling: {scaling[0]}"
    )
    assert flexibility == pytest.approx(_flexibility(durability, portability, continuity))
    assert scalability == L["scalability"][scaling[1]]
    assert found == unknowns


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
    own = (on_your_gpus, "anywhere", "weights")
    assert_long_term(cat, "m", Route.SELF_HOST, own, ("self-managed", "self-host"), unknown)
    hosted = (at_a_provider, "anywhere", "weights")
    assert_long_term(cat, "m", Route.PROVIDER, hosted, ("provider-managed", "vendor"), unknown)


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
    parts = ("terms", "single-vendor", continuity)
    assert_long_term(cat, "api", Route.VENDOR, parts, ("vendor-managed", "vendor"))


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


# --------------------------------------------------------------------------- cost: services


def _price(**rates: Any) -> oc.Pricing:
    return oc.Pricing(as_of=datetime.date(2026, 1, 2), source="https://example.org/pricing", **rates)


def test_a_service_bills_input_and_output_tokens_at_their_rates() -> None:
    req = oc.Requirements(workload={"monthly_tokens": 40e6, "output_share": 0.25})
    cost = service_cost(Route.VENDOR, _price(input_per_mtok=2.0, output_per_mtok=10.0), req)
    assert cost.api_input_usd == pytest.approx(30 * 2.0)  # 30M input tokens
    assert cost.api_output_usd == pytest.approx(10 * 10.0)  # 10M output tokens
    assert cost.monthly_usd == pytest.approx(160.0)
    assert cost.note == "list prices as of 2026-01-02"
    assert cost.price_as_of == "2026-01-02"


def test_a_model_that_only_reads_is_billed_every_token_as_input() -> None:
    req = oc.Requirements(workload={"monthly_tokens": 40e6, "output_share": 0.25})
    for pricing in (_price(input_per_mtok=0.5), _price(input_per_mtok=0.5, output_per_mtok=9.0)):
        cost = service_cost(Route.VENDOR, pricing, req, reads_only=True)
        assert cost.monthly_usd == cost.api_input_usd == pytest.approx(40 * 0.5)
        assert cost.api_output_usd == 0.0
        assert cost.note == "list prices as of 2026-01-02; every token billed as input (the model only reads)"
    # without tokens to read, nothing is said of them
    images = oc.Requirements(workload={"monthly_tokens": 0, "monthly_images": 10})
    cost = service_cost(Route.VENDOR, _price(input_per_mtok=0.5, per_image=0.04), images, reads_only=True)
    assert cost.note == "list prices as of 2026-01-02"
    assert cost.monthly_usd == pytest.approx(0.4)


_MEDIA = {"per_image": 0.1, "per_second": 0.1}


@pytest.mark.parametrize(
    ("rates", "reads_only", "missing"),
    [
        ({"output_per_mtok": 1.0, **_MEDIA}, False, "token prices"),
        ({"input_per_mtok": 1.0, **_MEDIA}, False, "token prices"),
        ({"output_per_mtok": 1.0, **_MEDIA}, True, "token prices"),
        (
            {"input_per_mtok": 1.0, "output_per_mtok": 1.0},
            False,
            "an image price or a price per second of audio or video",
        ),
        ({"per_image": 0.1}, False, "token prices or a price per second of audio or video"),
        ({"per_second": 0.1}, False, "token prices or an image price"),
    ],
)
def test_a_missing_rate_leaves_the_cost_unknown_and_says_which(
    rates: dict[str, float], reads_only: bool, missing: str
) -> None:
    req = oc.Requirements(workload={"monthly_tokens": 1e6, "monthly_images": 10, "monthly_media_seconds": 60})
    cost = service_cost(Route.PROVIDER, _price(**rates), req, reads_only=reads_only)
    assert cost.monthly_usd is None
    assert cost.note == f"the catalog lacks {missing}"
    assert cost.price_as_of == "2026-01-02"


def test_images_and_media_are_billed_at_their_rates_and_unneeded_rates_are_not_asked() -> None:
    req = oc.Requirements(workload={"monthly_tokens": 0, "monthly_images": 300, "monthly_media_seconds": 120})
    cost = service_cost(Route.VENDOR, _price(per_image=0.04, per_second=0.5), req)
    assert cost.api_images_usd == pytest.approx(300 * 0.04)
    assert cost.api_media_usd == pytest.approx(120 * 0.5)
    assert cost.monthly_usd == pytest.approx(12.0 + 60.0)
    # only tokens: image and media rates are not needed
    tokens = oc.Requirements(workload={"monthly_tokens": 1e6})
    assert service_cost(
        Route.VENDOR, _price(input_per_mtok=1.0, output_per_mtok=3.0), tokens
    ).monthly_usd == (pytest.approx(0.75 * 1.0 + 0.25 * 3.0))


@pytest.mark.parametrize(
    ("volume", "amount", "rate", "price", "term", "expected"),
    [
        ("monthly_input_audio_seconds", 36_000, "input_per_minute", 0.006, "api_input_audio_usd", 3.6),
        ("monthly_input_characters", 2_500_000, "input_per_mchar", 15.0, "api_characters_usd", 2.5 * 15.0),
        ("monthly_pages", 1_000, "per_page", 0.004, "api_pages_usd", 4.0),
        ("monthly_searches", 5_000, "per_search", 0.002, "api_searches_usd", 10.0),
        ("monthly_requests", 300, "per_request", 0.08, "api_requests_usd", 24.0),
    ],
)
def test_audio_read_text_read_aloud_pages_and_searches_are_billed_in_their_rates_units(
    volume: str, amount: float, rate: str, price: float, term: str, expected: float
) -> None:
    req = oc.Requirements(workload={"monthly_tokens": 0, volume: amount})
    cost = service_cost(Route.VENDOR, _price(**{rate: price}), req)
    assert getattr(cost, term) == pytest.approx(expected)
    assert cost.monthly_usd == pytest.approx(expected)
    # the same rate is not asked of a workload without that volume, and its volume without
    # the rate leaves the cost unknown
    tokens_only = _price(input_per_mtok=1.0, output_per_mtok=1.0)
    assert service_cost(Route.VENDOR, tokens_only, req).monthly_usd is None
    assert getattr(service_cost(Route.VENDOR, _price(**{rate: price}), oc.Requirements()), term) == 0.0


@pytest.mark.parametrize(
    ("volume", "missing"),
    [
        ("monthly_input_audio_seconds", "a price per minute of audio"),
        ("monthly_input_characters", "a price per million characters"),
        ("monthly_pages", "a price per page"),
        ("monthly_searches", "a price per search"),
        ("monthly_requests", "a price per request"),
    ],
)
def test_a_volume_without_its_rate_names_the_missing_price(volume: str, missing: str) -> None:
    req = oc.Requirements(workload={"monthly_tokens": 1e6, volume: 10})
    cost = service_cost(Route.PROVIDER, _price(input_per_mtok=1.0, output_per_mtok=2.0), req)
    assert (cost.monthly_usd, cost.note) == (None, f"the catalog lacks {missing}")


def test_every_rate_a_price_can_hold_is_billed_or_deliberately_not() -> None:
    """A new rate on :class:`Pricing` must be billed by a workload volume (or join the
    list of discounts the estimate leaves out on purpose): none is silently ignored."""
    from openclosed.records import RATE_FIELDS
    from openclosed.scoring.cost import BILLED_VOLUMES

    tokens = {"input_per_mtok", "output_per_mtok"}
    discounts = {"cached_input_per_mtok", "batch_input_per_mtok", "batch_output_per_mtok"}
    billed = [v.rate for v in BILLED_VOLUMES]
    assert len(set(billed)) == len(billed)
    assert set(RATE_FIELDS) == tokens | discounts | set(billed)
    assert billed == [f for f in RATE_FIELDS if f in billed]  # in the order prices list them
    workload_fields = {a.name for a in attrs.fields(oc.Workload)}
    cost_fields = {a.name for a in attrs.fields(CostEstimate)}
    for v in BILLED_VOLUMES:
        assert v.volume in workload_fields
        assert v.term in cost_fields


def test_a_speech_recognition_workload_is_priced_per_minute_on_the_packaged_catalog() -> None:
    hours = 100
    rec = oc.recommend(
        oc.Requirements(
            constraints={"tasks": ["automatic-speech-recognition"]},
            workload={"monthly_tokens": 0, "monthly_input_audio_seconds": hours * 3600},
        )
    )
    priced = [s for s in rec.ranking if s.cost.monthly_usd is not None]
    assert priced
    for s in priced:
        assert s.offer is not None  # no self-hosted cost for audio
        offer = oc.offers[s.offer]
        assert offer.price is not None
        assert offer.price.input_per_minute is not None
        assert s.cost.api_input_audio_usd == pytest.approx(hours * 60 * offer.price.input_per_minute)
    assert "whisper-1" in {s.model_id for s in priced}


def test_a_service_without_a_price_has_an_unknown_cost() -> None:
    cost = service_cost(Route.VENDOR, None, oc.Requirements())
    assert cost.monthly_usd is None
    assert cost.note == "no dated list price in the catalog"


def test_a_price_in_another_currency_is_not_converted_to_a_cost() -> None:
    from openclosed.records import Pricing

    day = datetime.date(2026, 9, 24)
    cny = Pricing(
        input_per_mtok=5.0, output_per_mtok=5.0, currency="CNY", as_of=day, source="https://example.org/p"
    )
    cost = service_cost(Route.VENDOR, cny, oc.Requirements())
    assert cost.monthly_usd is None
    assert cost.price_as_of == "2026-09-24"
    assert cost.note == "its list price is in CNY, which the catalog does not convert"
    usd = attrs.evolve(cny, currency="USD")
    assert service_cost(Route.VENDOR, usd, oc.Requirements()).monthly_usd is not None


# --------------------------------------------------------------------------- cost: your own GPUs


@pytest.mark.parametrize(
    ("parameters", "gpus"),
    # bf16 weights x 1.2 on 80 GB GPUs: 300B is 720 GB (nine GPUs, so sixteen), 1T 2,400 GB (thirty, so 32)
    [(300_000_000_000, 16), (1_000_000_000_000, 32)],
)
def test_beyond_eight_gpus_a_replica_takes_multiples_of_eight(parameters: int, gpus: int) -> None:
    assert plan_replica(parameters, parameters, oc.Assumptions()).gpus_per_replica == gpus


def test_the_replica_plan_follows_the_documented_throughput_model() -> None:
    h100 = GPU_CLASSES["H100"]
    # a 70B model at batch 16 is memory-bound; an 8B-active one at batch 4,096 compute-bound
    for active, batch, memory_bound in ((70_000_000_000, 16, True), (8_000_000_000, 4096, False)):
        a = oc.Assumptions(batch_size=batch)
        plan = plan_replica(70_000_000_000, active, a)
        gpus = plan.gpus_per_replica
        flops = h100.bf16_tflops * 1e12 * gpus * a.compute_efficiency
        bandwidth = h100.bandwidth_tbs * 1e12 * gpus * a.bandwidth_efficiency
        assert plan.weights_gb == pytest.approx(140.0)
        assert plan.prefill_tokens_per_second == pytest.approx(flops / (2 * active))
        # a decode step reads all the weights once, or does 2 x active x batch operations
        read, compute = 70e9 * 2 / bandwidth, 2 * active * batch / flops
        assert (read > compute) is memory_bound
        assert plan.decode_tokens_per_second == pytest.approx(batch / max(read, compute))
        # an image: 2 x active operations for each of 4,096 latent tokens, over 30 steps
        assert plan.seconds_per_image == pytest.approx(2 * active * 4096 * 30 / flops)


def test_your_gpu_price_memory_and_bytes_per_parameter_replace_the_defaults() -> None:
    a = oc.Assumptions(gpu_hourly_usd=2.0, gpu_memory_gb=40, bytes_per_parameter=0.5)
    plan = plan_replica(70_000_000_000, 70_000_000_000, a)
    assert plan.precision == "0.5 bytes"
    assert plan.weights_gb == pytest.approx(35.0)
    assert plan.gpus_per_replica == 2  # 42 GB on 40 GB GPUs
    assert (plan.gpu.hourly_usd, plan.gpu.memory_gb, plan.gpu.price_source) == (2.0, 40, "your assumption")
    assert plan_replica(70_000_000_000, 70_000_000_000, oc.Assumptions()).precision == "bf16"


def test_a_self_hosting_estimate_explains_its_gpus_hours_and_people() -> None:
    model = attrs.evolve(oc.models["mistral-7b"], parameters=70_000_000_000, active_parameters=None)
    # thousands of hours of prefill and decode a month: the note's rounding shows a wrong unit
    req = oc.Requirements(
        workload={"monthly_tokens": 2e11, "output_share": 0.25}, in_house_expertise="expert"
    )
    cost = estimate_cost(model, Route.SELF_HOST, req)
    plan = plan_replica(70_000_000_000, 70_000_000_000, req.assumptions)
    prefill_h = 1.5e11 / plan.prefill_tokens_per_second / 3600
    decode_h = 0.5e11 / plan.decode_tokens_per_second / 3600
    assert cost.replicas == math.ceil((prefill_h + decode_h) / (730 * 0.5))
    assert cost.gpus == cost.replicas * 4
    setup, upkeep = engineering_hours(1.0, cost.gpus)
    assert (cost.setup_hours, cost.maintenance_hours_per_month) == (setup, upkeep)
    assert cost.note == (
        f"{cost.gpus} GPU(s) (H100 at $3.99/h), {cost.replicas} x 4: 140 GB of bf16 weights "
        f"(release precision not recorded); "
        f"{plan.prefill_tokens_per_second:,.0f} input and {plan.decode_tokens_per_second:,.0f} output "
        f"tokens/s per replica; {prefill_h:,.0f} h of prefill, {decode_h:,.0f} h of decode a month "
        f"at 50% use; setup {setup:.0f} h over 24 months, upkeep {upkeep:.0f} h/month"
    )
    owned = estimate_cost(model, Route.OWN_HARDWARE, req)
    assert owned.note.startswith(f"{cost.gpus} GPU(s) (your own H100s), ")


def test_only_an_image_model_pays_gpu_time_for_images() -> None:
    req = oc.Requirements(workload={"monthly_tokens": 1e6, "monthly_images": 1e7})  # thousands of hours
    text = attrs.evolve(oc.models["mistral-7b"], parameters=8_000_000_000, active_parameters=None)
    image = attrs.evolve(text, tasks=(oc.Task.TEXT_TO_IMAGE,))
    plan = plan_replica(8_000_000_000, 8_000_000_000, req.assumptions)
    assert "of images" not in estimate_cost(text, Route.SELF_HOST, req).note
    images_h = 1e7 * plan.seconds_per_image / 3600
    with_images = estimate_cost(image, Route.SELF_HOST, req)
    assert f", {images_h:,.0f} h of images a month" in with_images.note
    busy_h = 0.75e6 / plan.prefill_tokens_per_second / 3600 + 0.25e6 / plan.decode_tokens_per_second / 3600
    assert with_images.replicas == math.ceil((busy_h + images_h) / (730 * 0.5))


def test_self_hosting_has_no_estimate_without_a_parameter_count_or_for_audio_and_video() -> None:
    model = attrs.evolve(oc.models["mistral-7b"], parameters=None)
    cost = estimate_cost(model, Route.SELF_HOST, oc.Requirements())
    assert (cost.monthly_usd, cost.note) == (None, "parameter count unknown, so GPU needs are unknown")
    media = oc.Requirements(workload={"monthly_media_seconds": 60})
    cost = estimate_cost(oc.models["mistral-7b"], Route.SELF_HOST, media)
    assert (cost.monthly_usd, cost.note) == (
        None,
        "no throughput model for generated audio or video on your own GPUs",
    )
    audio_and_pages = oc.Requirements(workload={"monthly_input_audio_seconds": 60, "monthly_pages": 3})
    cost = estimate_cost(oc.models["mistral-7b"], Route.SELF_HOST, audio_and_pages)
    assert (cost.monthly_usd, cost.note) == (
        None,
        "no throughput model for audio read or pages read on your own GPUs",
    )


@pytest.mark.parametrize(
    ("tasks", "reads_only"),
    [
        ((), False),  # no recorded task: not known to only read
        (("feature-extraction",), True),
        (("text-ranking", "text-classification"), True),
        (("feature-extraction", "text-generation"), False),
    ],
)
def test_only_a_model_whose_every_task_reads_is_billed_as_input_only(
    tasks: tuple[str, ...], reads_only: bool
) -> None:
    model = attrs.evolve(oc.models["mistral-7b"], tasks=tuple(oc.Task(t) for t in tasks))
    assert input_only(model) is reads_only


@pytest.mark.parametrize("expertise", ["none", "expert"])
def test_the_cost_criterion_scores_the_cost_each_entry_shows(expertise: str) -> None:
    # self-hosted routes add the people to the GPUs: the cost shown is the cost scored
    req = oc.Requirements(workload={"monthly_tokens": 5e8}, in_house_expertise=expertise)
    rec = oc.recommend(req)
    reference = rec.cost_reference_usd
    assert reference is not None
    routes = set()
    for entry in rec.ranking:  # every entry: cheap API models can fill any fixed top slice
        (cost,) = [c for c in entry.breakdown if c.criterion is oc.Criterion.COST]
        assert cost.utility == pytest.approx(cost_utility(entry.cost.monthly_usd, reference))
        routes.add(entry.route)
    assert Route.SELF_HOST in routes
    assert Route.VENDOR in routes


# --------------------------------------------------------------------------- screening


def test_the_model_screen_names_each_reason_in_words() -> None:
    cat = catalog(
        _model("old", status="retired", status_date="2024-05-01"),
        _model("gone", status="retired"),
        _model("moved", status="renamed", renamed_to="lab-1b"),
    )
    orgs = {o.id: o for o in cat.organizations}
    req = oc.Requirements(constraints={"tasks": ["text-generation", "feature-extraction"]})
    assert screen_model(cat.models["old"], req) == [
        "it is retired since 2024-05-01",
        "it does not do feature-extraction",
    ]
    assert screen_model(cat.models["gone"], oc.Requirements()) == ["it is retired"]
    assert screen_model(cat.models["moved"], oc.Requirements()) == ["it was renamed to 'lab-1b'"]
    assert screen_model(cat.models["old"], oc.Requirements(constraints={"include_retired": True})) == []
    shortlist = oc.Requirements(constraints={"shortlist": ["lab-1b"]})
    assert screen_model(cat.models["lab-1b"], shortlist) == []
    assert screen_model(cat.models["old"], shortlist, orgs)[0] == "it is not on your shortlist"


@pytest.mark.parametrize(
    ("unknown_facts", "reasons"),
    [("exclude", ["the catalog does not know where its maker, Open Lab, is based"]), ("allow", [])],
)
def test_a_maker_of_unknown_country_is_excluded_unless_unknown_facts_are_allowed(
    unknown_facts: str, reasons: list[str]
) -> None:
    cat = catalog()
    orgs = {o.id: o for o in cat.organizations}
    req = oc.Requirements(constraints={"exclude_countries": ["CN"], "unknown_facts": unknown_facts})
    assert screen_model(cat.models["lab-1b"], req, orgs) == reasons  # Open Lab has no country
    assert screen_model(cat.models["acme-pro"], req, orgs) == []  # Acme AI is in the US
    us = oc.Requirements(constraints={"exclude_countries": ["US"]})
    assert screen_model(cat.models["acme-pro"], us, orgs) == ["its maker, Acme AI, is based in US"]


def test_a_user_cap_binds_above_it_not_at_it() -> None:
    cat = catalog()
    licenses = {lic.id: lic for lic in cat.licenses}
    orgs = {o.id: o for o in cat.organizations}
    model = cat.models["acme-open-7b"]  # the Acme Community License: a separate license above 1,000 users
    at = oc.Requirements(constraints={"organization_mau": 1000})
    above = oc.Requirements(constraints={"organization_mau": 1001})
    assert screen_route(model, Route.SELF_HOST, None, at, licenses, orgs) == []
    (reason,) = screen_route(model, Route.SELF_HOST, None, above, licenses, orgs)
    assert reason.startswith("the Acme Community License requires a separate license from Acme AI above ")


def test_data_residency_reads_the_offers_regions() -> None:
    cat = catalog()
    licenses = {lic.id: lic for lic in cat.licenses}
    orgs = {o.id: o for o in cat.organizations}
    model = cat.models["acme-open-7b"]
    (offer,) = [o for o in model.offers if o.kind is not oc.OfferKind.MAKER]  # regions DE and US
    for region, reasons in (
        ("EU", []),  # DE is in the EU
        ("US", []),
        ("JP", ["its data cannot be kept in JP (regions: DE, US)"]),
    ):
        req = oc.Requirements(constraints={"data_residency": region})
        assert screen_route(model, Route.PROVIDER, offer, req, licenses, orgs) == reasons
        assert screen_route(model, Route.SELF_HOST, None, req, licenses, orgs) == []  # your own GPUs
    req = oc.Requirements(constraints={"data_residency": "EU"})
    pro = cat.models["acme-pro"]  # its maker's offer records no region
    assert screen_route(pro, Route.VENDOR, pro.maker_offer, req, licenses, orgs) == [
        "the catalog does not know whether its maker keeps its data in EU"
    ]


def test_a_reported_result_equal_to_the_stated_minimum_is_enough() -> None:
    model = oc.models["llama-3.1-8b"]
    best = max(b.score for b in model.benchmarks if b.benchmark == "gpqa-diamond")
    at = oc.Requirements(constraints={"min_benchmarks": {"gpqa-diamond": best}})
    assert capability_reasons(model, at) == []
    (reason,) = capability_reasons(
        model, oc.Requirements(constraints={"min_benchmarks": {"gpqa-diamond": 99}})
    )
    assert reason.startswith(f"its best reported gpqa-diamond result, {best:g} (")
    assert reason.endswith(", is below 99")


def test_a_toolkits_weights_license_governs_before_its_code_license() -> None:
    cat = catalog(_model("kit", kind="toolkit", licenses={"weights": "LicenseRef-nc", "code": "Apache-2.0"}))
    licenses = {lic.id: lic for lic in cat.licenses}
    orgs = {o.id: o for o in cat.organizations}
    req = oc.Requirements(constraints={"commercial_use": True})
    kit = cat.models["kit"]
    assert screen_route(kit, Route.SELF_HOST, None, req, licenses, orgs) == [
        "its license LicenseRef-nc does not allow commercial use"
    ]


def test_screen_gives_the_first_route_and_every_reason_on_it() -> None:
    cat = catalog()
    licenses = {lic.id: lic for lic in cat.licenses}
    orgs = {o.id: o for o in cat.organizations}
    req = oc.Requirements(constraints={"commercial_use": True, "tasks": ["feature-extraction"]})
    assert screen(cat.models["acme-open-7b"], req, licenses, orgs) == (
        Route.SELF_HOST,
        ["it does not do feature-extraction"],
    )
    nc = catalog(_model("m", licenses={"weights": "LicenseRef-nc"}))
    assert screen(nc.models["m"], req, {lic.id: lic for lic in nc.licenses}, orgs) == (
        Route.SELF_HOST,
        ["it does not do feature-extraction", "its license LicenseRef-nc does not allow commercial use"],
    )
    hosted_only = oc.Requirements(constraints={"self_hosted_only": True})
    assert screen(cat.models["acme-pro"], hosted_only, licenses, orgs) == (None, ["it cannot be self-hosted"])


def test_unknown_licence_fine_tuning_and_provider_facts_exclude_unless_allowed() -> None:
    offer = {
        "id": "open-lab/m",
        "model": "m",
        "provider": "open-lab",
        "kind": "inference-host",
        "sources": SOURCE,
    }
    cat = catalog(_model("m", licenses={}, support={"fine_tuning": "unknown"}), offers=(offer,))
    licenses = {lic.id: lic for lic in cat.licenses}
    orgs = {o.id: o for o in cat.organizations}
    model = cat.models["m"]
    (host,) = [o for o in model.offers if o.kind is not oc.OfferKind.MAKER]
    strict = oc.Requirements(
        constraints={
            "commercial_use": False,
            "osi_only": True,
            "require_fine_tuning": True,
            "exclude_countries": ["CN"],
        }
    )
    lenient = oc.Requirements(
        constraints={
            "commercial_use": False,
            "osi_only": True,
            "require_fine_tuning": True,
            "exclude_countries": ["CN"],
            "unknown_facts": "allow",
        }
    )
    assert screen_route(model, Route.SELF_HOST, None, strict, licenses, orgs) == [
        "the catalog does not know its license, so not whether the OSI approved it"
    ]  # downloadable weights can always be fine-tuned
    assert screen_route(model, Route.PROVIDER, host, strict, licenses, orgs) == [
        "the catalog does not know its license, so not whether the OSI approved it",
        "the catalog does not know whether it can be fine-tuned",
        "the catalog does not know where its provider, Open Lab, is based",
    ]
    for route, via in ((Route.SELF_HOST, None), (Route.PROVIDER, host)):
        assert screen_route(model, route, via, lenient, licenses, orgs) == []
    never = catalog(_model("m", support={"fine_tuning": "none"}))
    assert screen_route(never.models["m"], Route.SELF_HOST, None, lenient, licenses, orgs) == [
        "it cannot be fine-tuned"
    ]


def test_a_makers_own_service_is_not_screened_again_as_a_provider() -> None:
    cat = catalog()
    licenses = {lic.id: lic for lic in cat.licenses}
    orgs = {o.id: o for o in cat.organizations}
    pro = cat.models["acme-pro"]  # made and served by Acme AI, in the US
    req = oc.Requirements(constraints={"exclude_countries": ["US"]})
    assert screen_route(pro, Route.VENDOR, pro.maker_offer, req, licenses, orgs) == []
    assert screen_model(pro, req, orgs) == ["its maker, Acme AI, is based in US"]


def test_a_region_name_the_offers_cannot_hold_is_refused_up_front() -> None:
    # before 26.7 "Mars" was accepted and then excluded every service for a region no
    # offer could ever list
    with pytest.raises(oc.InvalidRequirementsError, match="data_residency: expected an ISO 3166-1"):
        oc.Requirements(constraints={"data_residency": "Mars"})
    cat = catalog()
    model = cat.models["acme-open-7b"]
    (host,) = [o for o in model.offers if o.kind is not oc.OfferKind.MAKER]  # regions DE and US
    licenses = {lic.id: lic for lic in cat.licenses}
    orgs = {o.id: o for o in cat.organizations}
    for region, reasons in (
        ("fr", ["its data cannot be kept in FR (regions: DE, US)"]),
        ("eu", []),
        ("US", []),
    ):
        req = oc.Requirements(constraints={"data_residency": region})
        assert screen_route(model, Route.PROVIDER, host, req, licenses, orgs) == reasons


def test_a_licence_excluding_territories_binds_only_in_them() -> None:
    document = make_document()
    restrictions = document["licenses"][1]["restrictions"]  # the Acme Community License
    restrictions.update(
        geographic_carve_out=True, excluded_territories=["EU"], territories_clause="not in the EU"
    )
    cat = oc.load_catalog(document)
    licenses = {lic.id: lic for lic in cat.licenses}
    orgs = {o.id: o for o in cat.organizations}
    model = cat.models["acme-open-7b"]
    for country, reasons in (
        ("US", []),
        ("FR", ["its license LicenseRef-acme-community does not grant rights in FR (it excludes EU)"]),
    ):
        req = oc.Requirements(constraints={"country": country})
        assert screen_route(model, Route.SELF_HOST, None, req, licenses, orgs) == reasons


def test_each_class_of_route_is_screened_on_its_own_terms() -> None:
    """The scorer screens a model's licence terms once per class of route (your GPUs,
    another provider, the maker's service): each class under the terms that bind it."""
    from openclosed._loader import build_catalog
    from openclosed.scoring.engine import Scorer

    document = make_document()
    model = next(m for m in document["models"] if m["id"] == "acme-open-7b")
    model["access"]["deployments"] = ["self-host", "api"]
    model["licenses"]["service"] = "LicenseRef-acme-terms"
    document["offers"].append(
        {
            "id": "acme/acme-open-7b",
            "model": "acme-open-7b",
            "provider": "acme",
            "kind": "maker",
            "prices": [
                {
                    "input_per_mtok": 0.5,
                    "output_per_mtok": 0.5,
                    "as_of": "2024-06-01",
                    "source": SOURCE[0]["url"],
                }
            ],
            "sources": SOURCE,
        }
    )
    cat = build_catalog(document)
    open_7b = cat.models["acme-open-7b"]

    def eligible(**constraints: Any) -> list[str]:
        scorer = Scorer(oc.Requirements(constraints=constraints), cat)
        return [route.value for route, _, _ in scorer.eligible_routes(open_7b)[1]]

    assert eligible() == ["self-host", "vendor", "provider"]
    # the weights licence caps users wherever the weights run, the maker's terms do not
    assert eligible(organization_mau=5000) == ["vendor"]
    # fine-tuning of unknown support: only on GPUs you control is it yours to do
    assert eligible(require_fine_tuning=True) == ["self-host"]


def test_without_organizations_the_makers_country_is_not_screened() -> None:
    """``screen_model`` screens the maker's country only when given the organizations to
    look it up in; without them, ``exclude_countries`` leaves the model alone."""
    cat = oc.load_catalog(make_document())
    req = oc.Requirements(constraints={"exclude_countries": ["US"]})
    model = cat.models["acme-pro"]
    assert screen_model(model, req) == []
    assert screen_model(model, req, {o.id: o for o in cat.organizations}) == [
        "its maker, Acme AI, is based in US"
    ]


def test_a_misspelt_shortlisted_id_is_named_with_three_close_ids() -> None:
    with pytest.raises(oc.InvalidRequirementsError) as caught:
        oc.recommend(oc.Requirements(constraints={"shortlist": ["gpt-5.9"]}))
    message = str(caught.value)
    assert "'gpt-5.9' is not a model id of this catalog; did you mean" in message
    suggested = message.split("did you mean", 1)[1]
    assert suggested.count("'gpt-5.") == 3  # many are close; the three closest are named


def test_a_price_in_other_units_than_tokens_says_which_volume_to_give() -> None:
    """The default workload is all tokens; a transcription model priced by the minute is not
    missing a price but measured in another unit, and the note says which volume prices it."""
    per_minute = _price(input_per_minute=0.006)
    cost = service_cost(Route.VENDOR, per_minute, oc.Requirements())
    assert cost.monthly_usd is None
    assert cost.note == (
        "the catalog lacks token prices; its price is for audio read (monthly_input_audio_seconds): "
        "give that volume, and monthly_tokens=0 if the work has no tokens"
    )
    # a price with one token rate lacks the other: no hint about units
    half = _price(input_per_mtok=1.0, input_per_minute=0.006)
    assert service_cost(Route.VENDOR, half, oc.Requirements()).note == "the catalog lacks token prices"
    # once the volume is given, the hint goes and only the missing token price is named
    audio = oc.Requirements(workload={"monthly_input_audio_seconds": 60})
    assert service_cost(Route.VENDOR, per_minute, audio).note == "the catalog lacks token prices"
    # and with no tokens the cost is known
    no_tokens = oc.Requirements(workload={"monthly_tokens": 0, "monthly_input_audio_seconds": 60})
    assert service_cost(Route.VENDOR, per_minute, no_tokens).monthly_usd == pytest.approx(0.006)
    # without tokens, a missing image price is only that: no hint about the audio rate
    images = oc.Requirements(workload={"monthly_tokens": 0, "monthly_images": 10})
    assert service_cost(Route.VENDOR, per_minute, images).note == "the catalog lacks an image price"


def test_a_price_per_request_prices_the_catalogs_music_model() -> None:
    """Lyria 3.5 is priced per song: a workload of requests meets that rate, and the default
    all-token workload gets an unknown cost whose note names the volume."""
    songs = oc.Requirements(
        constraints={"tasks": ["text-to-audio"]}, workload={"monthly_tokens": 0, "monthly_requests": 100}
    )
    rate = oc.offers["google-deepmind/lyria-3.5"].price
    assert rate is not None
    assert rate.per_request is not None
    lyria = oc.recommend(songs).score_of("lyria-3.5")
    assert lyria is not None
    assert lyria.cost.api_requests_usd == pytest.approx(100 * rate.per_request)
    assert lyria.cost.monthly_usd == pytest.approx(100 * rate.per_request)
    default = oc.recommend(oc.Requirements(constraints={"tasks": ["text-to-audio"]})).score_of("lyria-3.5")
    assert default is not None
    assert default.cost.monthly_usd is None
    assert "requests (monthly_requests)" in default.cost.note
