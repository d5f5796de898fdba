"""Closed vocabularies of the catalog.

Every enum is a plain :class:`enum.Enum` whose values are the strings used in the JSON
data and accepted by the query helpers. Their reprs are short (``Level.OPEN_WEIGHTS``)
so that record reprs stay readable and can be pasted back into Python.
"""

from __future__ import annotations

import enum
from types import MappingProxyType

__all__ = [
    "CommercialUse",
    "Community",
    "Deployment",
    "FineTuning",
    "Grade",
    "Kind",
    "Level",
    "Modality",
    "OfferKind",
    "OrganizationKind",
    "Side",
    "Status",
    "Task",
    "TerritoriesScope",
    "WeightsAccess",
]


class _ShortEnum(enum.Enum):
    """An enum whose repr is ``Name.MEMBER`` and whose str is its value."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __str__(self) -> str:
        return str(self.value)


class Level(_ShortEnum):
    """How open a model is, derived from its access, licenses and components.

    Ordered from most to least open; see :func:`openclosed.openness.derive_openness`.
    """

    OPEN_SOURCE = "open-source"
    OPEN_WEIGHTS = "open-weights"
    RESTRICTED_WEIGHTS = "restricted-weights"
    API = "api"
    HOSTED = "hosted"


class Side(_ShortEnum):
    """The source article's binary view: open or closed."""

    OPEN = "open"
    CLOSED = "closed"


class Grade(_ShortEnum):
    """How open one component (weights, code, data, ...) is.

    ``NOT_APPLICABLE`` is for components a record cannot have, such as the weights
    of a toolkit; it does not count towards the openness score.
    """

    OPEN = "open"
    PARTIAL = "partial"
    CLOSED = "closed"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not-applicable"


class Kind(_ShortEnum):
    """What a catalog entry is: one model, a family of models, a product, or a toolkit."""

    MODEL = "model"
    FAMILY = "family"
    PRODUCT = "product"
    TOOLKIT = "toolkit"


class OrganizationKind(_ShortEnum):
    COMPANY = "company"
    NONPROFIT = "nonprofit"
    ACADEMIC = "academic"
    GOVERNMENT = "government"
    COMMUNITY = "community"


class Status(_ShortEnum):
    """Where an entry is in its life. Renamed and retired entries keep their ids."""

    ACTIVE = "active"
    DEPRECATED = "deprecated"
    RETIRED = "retired"
    RENAMED = "renamed"


class OfferKind(_ShortEnum):
    """Who serves a model in an offer.

    ``maker``: the model's maker, through its API (or, for a product, the product itself);
    ``cloud-marketplace``: a cloud's model catalog (Amazon Bedrock, Vertex AI, Azure AI
    Foundry); ``inference-host``: a company that runs other makers' models as a service.
    """

    MAKER = "maker"
    CLOUD_MARKETPLACE = "cloud-marketplace"
    INFERENCE_HOST = "inference-host"


class WeightsAccess(_ShortEnum):
    """Whether the weights can be downloaded: freely, after a click-through gate, or not at all."""

    PUBLIC = "public"
    GATED = "gated"
    NONE = "none"


class Deployment(_ShortEnum):
    """Ways to use a model: run it yourself, call a vendor API, a vendor's private
    deployment (VPC or on-premises), or only through a finished product."""

    SELF_HOST = "self-host"
    API = "api"
    PRIVATE_DEPLOYMENT = "private-deployment"
    PRODUCT = "product"


class CommercialUse(_ShortEnum):
    """What a license says about commercial use."""

    YES = "yes"
    CONDITIONAL = "conditional"
    NO = "no"


class FineTuning(_ShortEnum):
    """How a model can be adapted: train the weights yourself, through a vendor API, or not at all."""

    WEIGHTS = "weights"
    VENDOR_API = "vendor-api"
    NONE = "none"
    UNKNOWN = "unknown"


class Community(_ShortEnum):
    """Rough size of the ecosystem around a model (tooling, fine-tunes, answers online)."""

    VERY_LARGE = "very-large"
    ACTIVE = "active"
    SMALL = "small"
    UNKNOWN = "unknown"


class Modality(_ShortEnum):
    TEXT = "text"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"


class Task(_ShortEnum):
    """Tasks, named as Hugging Face ``pipeline_tag`` values.

    One addition: ``code-generation``. The Hub tags code models ``text-generation``;
    catalog entries for code models carry both, so they can be found either way.
    ``image-to-video`` is for models that animate a given image; those that also take a
    bare text prompt carry ``text-to-video`` too. ``video-to-video`` is for models that
    edit or transform a given clip.
    """

    TEXT_GENERATION = "text-generation"
    CODE_GENERATION = "code-generation"
    TEXT_TO_IMAGE = "text-to-image"
    IMAGE_TO_IMAGE = "image-to-image"
    IMAGE_TEXT_TO_TEXT = "image-text-to-text"
    AUTOMATIC_SPEECH_RECOGNITION = "automatic-speech-recognition"
    TEXT_TO_SPEECH = "text-to-speech"
    TRANSLATION = "translation"
    FEATURE_EXTRACTION = "feature-extraction"
    TEXT_TO_VIDEO = "text-to-video"
    IMAGE_TO_VIDEO = "image-to-video"
    VIDEO_TO_VIDEO = "video-to-video"
    SUMMARIZATION = "summarization"
    TEXT_CLASSIFICATION = "text-classification"
    SENTENCE_SIMILARITY = "sentence-similarity"
    TEXT_RANKING = "text-ranking"
    AUDIO_TO_AUDIO = "audio-to-audio"
    TEXT_TO_AUDIO = "text-to-audio"
    IMAGE_CLASSIFICATION = "image-classification"


class TerritoriesScope(_ShortEnum):
    """What a licence's territorial exclusion covers."""

    #: Every use of the grant (Tencent Hunyuan: the EU, the UK and South Korea).
    ALL = "all"
    #: Only the multimodal models under the licence (Llama 3.2 and later, in the EU).
    MULTIMODAL_MODELS = "multimodal-models"
    #: Only the free tier of a service (the Gemini API's unpaid services in the EEA).
    UNPAID_SERVICES = "unpaid-services"


#: The precisions the cost model serves weights at, with bytes per parameter of the served
#: weights (a model's ``weights_precision`` and ``Assumptions(precision=...)`` name one).
PRECISIONS: MappingProxyType[str, float] = MappingProxyType({"bf16": 2.0, "fp8": 1.0, "int4": 0.5})
