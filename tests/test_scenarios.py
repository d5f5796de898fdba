"""Golden scenarios on the shipped catalog, written as a user would state them."""

from __future__ import annotations

import openclosed as oc
from openclosed import Choice, Requirements, Route, Side


def test_startup_without_ml_staff_and_low_volume_goes_closed() -> None:
    rec = oc.recommend(
        Requirements(
            customization="off-the-shelf",
            in_house_expertise="none",
            workload={"monthly_tokens": 2_000_000},
            constraints={"tasks": ["text-generation"]},
        )
    )
    assert rec.verdict.choice is Choice.CLOSED
    assert rec.ranking[0].side is Side.CLOSED
    best_open = rec.score_of(rec.verdict.best_open or "")
    assert best_open is not None
    # its best open option is an open model used through an API, not a GPU fleet to run
    assert best_open.route in (Route.VENDOR, Route.PROVIDER)
    assert best_open.offer is not None
    assert best_open.cost.monthly_usd is not None
    assert best_open.cost.monthly_usd < 1000


def test_regulated_bank_with_an_expert_team_keeps_data_in_house() -> None:
    rec = oc.recommend(
        Requirements(
            in_house_expertise="expert",
            security="own-control",
            importance={"security": 5, "customization": 4},
            workload={"monthly_tokens": 500_000_000},
            constraints={
                "self_hosted_only": True,
                "allow_private_deployment": False,
                "tasks": ["text-generation"],
            },
        )
    )
    assert rec.ranking
    assert {s.route for s in rec.ranking} == {Route.SELF_HOST}
    for s in rec.ranking:
        assert oc.models[s.model_id].access.self_hostable or oc.models[s.model_id].kind is oc.Kind.TOOLKIT
    assert rec.verdict.choice is Choice.OPEN
    gpt4 = next(e for e in rec.excluded if e.model_id == "gpt-4o")
    assert "it cannot be self-hosted" in gpt4.reasons


def test_more_than_700_million_users_excludes_llama_2_with_the_license_reason() -> None:
    rec = oc.recommend(Requirements(constraints={"organization_mau": 800_000_000}))
    reason = "requires a separate license from Meta above 700 million monthly active users"
    for model_id in ("llama-2-7b", "llama-2-13b", "llama-2-70b"):
        exclusion = next(e for e in rec.excluded if e.model_id == model_id)
        assert any(reason in r and r.startswith("the Llama 2 Community License") for r in exclusion.reasons)
    small = oc.recommend(Requirements(constraints={"organization_mau": 5_000_000}))
    assert small.score_of("llama-2-7b") is not None


def test_image_generation_ranks_only_image_models() -> None:
    rec = oc.recommend(
        Requirements(
            constraints={"tasks": ["text-to-image"]}, workload={"monthly_tokens": 0, "monthly_images": 5000}
        )
    )
    assert rec.ranking
    for s in rec.ranking:
        assert oc.Task.TEXT_TO_IMAGE in oc.models[s.model_id].tasks
    assert "stable-diffusion-xl" in {s.model_id for s in rec.ranking}
    assert all(e.model_id != "stable-diffusion-xl" for e in rec.excluded)


def test_command_r_weights_are_for_non_commercial_projects_only() -> None:
    research = oc.recommend(Requirements(constraints={"commercial_use": False}))
    assert research.score_of("command-r") is not None
    business = oc.recommend(Requirements(constraints={"commercial_use": True}))
    # the weights are non-commercial, but Cohere's API is a route the license screen allows
    command_r = business.score_of("command-r")
    assert command_r is not None
    assert command_r.route is Route.VENDOR
    assert command_r.offer == "cohere/command-r"
    own_hardware = {"commercial_use": True, "self_hosted_only": True, "allow_private_deployment": False}
    self_hosted = oc.recommend(Requirements(constraints=own_hardware))
    (excluded,) = [e for e in self_hosted.excluded if e.model_id == "command-r"]
    assert excluded.reasons == ("its license CC-BY-NC-4.0 does not allow commercial use",)


def test_bard_appears_only_with_retired_entries_and_then_as_renamed_to_gemini() -> None:
    default = oc.recommend(Requirements())
    assert default.score_of("bard") is None
    (excluded,) = [e for e in default.excluded if e.model_id == "bard"]
    assert excluded.reasons[0] == "it was renamed to 'gemini-app' on 2024-02-08"
    with_retired = oc.recommend(Requirements(constraints={"include_retired": True, "unknown_facts": "allow"}))
    bard = with_retired.score_of("bard")
    assert bard is not None
    assert bard.reasons[0] == "renamed to 'gemini-app' on 2024-02-08"


def test_the_what_if_of_a_real_recommendation_flips_it() -> None:
    req = Requirements(
        customization="off-the-shelf", in_house_expertise="none", workload={"monthly_tokens": 2e6}
    )
    rec = oc.recommend(req)
    what_if = rec.verdict.what_if
    assert what_if is not None
    field = what_if.field.removeprefix("importance.")
    if what_if.field.startswith("importance."):
        changed = Requirements(
            customization=req.customization,
            in_house_expertise=req.in_house_expertise,
            workload=req.workload,
            importance={
                **{c.value: getattr(req.importance, c.value) for c in oc.Criterion},
                field: int(what_if.proposed),
            },
        )
    else:
        changed = Requirements(
            **{
                "customization": req.customization,
                "in_house_expertise": req.in_house_expertise,
                field: what_if.proposed,
            },
            workload=req.workload,
        )
    assert oc.recommend(changed).verdict.choice is what_if.new_choice
    assert what_if.new_choice is not rec.verdict.choice
