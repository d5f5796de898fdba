"""Cross-check the catalog against local snapshots of public model catalogs.

Compares openclosed with LiteLLM's price map, the models.dev tree, pydantic's genai-prices
``data.json``, Portkey's ``pricing/`` directory and, optionally, a directory of Hugging Face
``config.json`` files, and prints a table of what to look at:

- ``missing``: models those catalogs know, from makers present in our catalog, that our
  catalog lacks (dated snapshots of one model collapsed into one row);
- ``disagreement``: a price, context window, release date, retirement date, status,
  licence or open-weights flag where their figure differs from ours;
- ``rounding``: context windows that differ only as 128000 vs 131072 (x1000 vs x1024);
- ``gap``: a field we leave empty that they fill.

Their figures are secondary sources: every row is a to-do for a maintainer to read the
primary source, never a fact to copy (see docs/maintainers.md).

    python tools/crosscheck.py --litellm model_prices_and_context_window.json \\
        --models-dev path/to/models.dev [--genai-prices prices/data.json] \\
        [--portkey path/to/pricing] [--hf-configs DIR] [--catalog PATH] \\
        [--format markdown|tsv] [--only missing|disagreements]

Inputs are local files only; nothing is fetched. Reading the models.dev tree needs Python
3.11 or later (``tomllib``). Exit status 0, or 2 with a one-line error when an input cannot
be read. Malformed entries are skipped with a ``warning:`` line on standard error.

The comparison runs over :class:`Fact`, a neutral record of what one source says about
one entry. Each source has one extraction function (``litellm_facts``,
``models_dev_facts``, ``genai_prices_facts``, ``portkey_facts``, ``hf_facts``,
``offer_facts``); a new source needs one more.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # pragma: no cover - depends on how it is run
    sys.path.insert(0, str(ROOT / "src"))

import openclosed as oc  # noqa: E402
from openclosed._catalog import normalize_key  # noqa: E402

# --------------------------------------------------------------------------- mappings

#: LiteLLM ``litellm_provider`` values sold by the model's maker, to our organization id.
LITELLM_FIRST_PARTY: dict[str, str] = {
    "openai": "openai",
    "text-completion-openai": "openai",
    "anthropic": "anthropic",
    "gemini": "google-deepmind",
    "vertex_ai-language-models": "google-deepmind",
    "vertex_ai-embedding-models": "google-deepmind",
    "mistral": "mistral-ai",
    "codestral": "mistral-ai",
    "text-completion-codestral": "mistral-ai",
    "deepseek": "deepseek",
    "xai": "xai",
    "cohere": "cohere",
    "cohere_chat": "cohere",
    "moonshot": "moonshot-ai",
    "minimax": "minimax",
    "zhipu": "zhipu-ai",
    "dashscope": "alibaba",
    "ai21": "ai21-labs",
    "upstage": "upstage",
}

#: models.dev provider directories sold by the model's maker.
MODELS_DEV_FIRST_PARTY: dict[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "google-deepmind",
    "mistral": "mistral-ai",
    "deepseek": "deepseek",
    "xai": "xai",
    "cohere": "cohere",
    "moonshotai": "moonshot-ai",
    "moonshotai-cn": "moonshot-ai",
    "minimax": "minimax",
    "minimax-cn": "minimax",
    "zhipuai": "zhipu-ai",
    "zai": "zhipu-ai",
    "alibaba": "alibaba",
    "alibaba-cn": "alibaba",
    "nova": "amazon",
    "upstage": "upstage",
    "llama": "meta",
}

#: models.dev provider directories that sell in mainland China only, at prices of their own.
#: Their prices compare with a maker offer only if that offer serves mainland China (CN).
MODELS_DEV_MAINLAND: frozenset[str] = frozenset({"alibaba-cn", "minimax-cn", "moonshotai-cn", "zhipuai"})

#: genai-prices provider ids to our organization ids. The first group sells its own models
#: (a first-party price, when the name is the provider's own); the rest are hosts whose
#: prices compare with our offer from the same provider.
GENAI_PRICES_FIRST_PARTY: dict[str, str] = {
    "anthropic": "anthropic",
    "cohere": "cohere",
    "deepseek": "deepseek",
    "google": "google-deepmind",
    "minimax": "minimax",
    "mistral": "mistral-ai",
    "moonshotai": "moonshot-ai",
    "openai": "openai",
    "x-ai": "xai",
    "zhipuai": "zhipu-ai",
}
GENAI_PRICES_HOSTS: dict[str, str] = {
    "aws": "amazon",
    "azure": "microsoft",
    "cerebras": "cerebras",
    "doubleword": "doubleword",
    "fireworks": "fireworks-ai",
    "groq": "groq",
    "huggingface_nebius": "nebius",
    "novita": "novita-ai",
    "ovhcloud": "ovhcloud",
    "together": "together-ai",
}

#: Portkey ``pricing/<provider>.json`` files: the makers' own, then hosts we record offers from.
PORTKEY_FIRST_PARTY: dict[str, str] = {
    "ai21": "ai21-labs",
    "anthropic": "anthropic",
    "byteplus": "bytedance",
    "cohere": "cohere",
    "dashscope": "alibaba",
    "deepgram": "deepgram",
    "deepseek": "deepseek",
    "google": "google-deepmind",
    "minimax": "minimax",
    "mistral-ai": "mistral-ai",
    "moonshot": "moonshot-ai",
    "openai": "openai",
    "reka-ai": "reka",
    "stability-ai": "stability-ai",
    "x-ai": "xai",
    "z-ai": "zhipu-ai",
    "zhipu": "zhipu-ai",
}
PORTKEY_HOSTS: dict[str, str] = {
    "azure-ai": "microsoft",
    "bedrock": "amazon",
    "bedrock-mantle": "amazon",
    "cerebras": "cerebras",
    "deepinfra": "deepinfra",
    "fireworks-ai": "fireworks-ai",
    "groq": "groq",
    "nebius": "nebius",
    "novita-ai": "novita-ai",
    "together-ai": "together-ai",
}

#: Price lists of the mainland-China sites (open.bigmodel.cn and the like), from any source:
#: they compare with a maker offer only if that offer serves mainland China (CN).
MAINLAND_PRICE_LISTS: frozenset[str] = MODELS_DEV_MAINLAND | {"genai-prices:zhipuai", "portkey:zhipu"}

#: models.dev ``models/<lab>/`` directories (provider-agnostic facts) to our organization id.
MODELS_DEV_LABS: dict[str, str] = {
    "alibaba": "alibaba",
    "anthropic": "anthropic",
    "cohere": "cohere",
    "deepseek": "deepseek",
    "google": "google-deepmind",
    "meta": "meta",
    "minimax": "minimax",
    "mistral": "mistral-ai",
    "moonshotai": "moonshot-ai",
    "nvidia": "nvidia",
    "openai": "openai",
    "tencent": "tencent",
    "xai": "xai",
    "zhipuai": "zhipu-ai",
}

#: A vendor prefix (Bedrock ``vendor.model``, Hugging Face ``org/model``) to the maker.
VENDOR_PREFIXES: dict[str, str] = {
    "amazon": "amazon",
    "anthropic": "anthropic",
    "meta": "meta",
    "meta-llama": "meta",
    "mistral": "mistral-ai",
    "mistralai": "mistral-ai",
    "cohere": "cohere",
    "coherelabs": "cohere",
    "deepseek": "deepseek",
    "deepseek-ai": "deepseek",
    "qwen": "alibaba",
    "google": "google-deepmind",
    "openai": "openai",
    "nvidia": "nvidia",
    "microsoft": "microsoft",
    "moonshotai": "moonshot-ai",
    "minimaxai": "minimax",
    "zai-org": "zhipu-ai",
    "thudm": "zhipu-ai",
    "ibm-granite": "ibm",
    "ai21": "ai21-labs",
    "writer": "",
}

#: A model name's first word to its maker: tells a first-party provider's resale of another
#: lab's model (DashScope's ``deepseek-r1``, ``glm-5``) from its own.
NAME_MAKERS: dict[str, str] = {
    "claude": "anthropic",
    "codestral": "mistral-ai",
    "command": "cohere",
    "deepseek": "deepseek",
    "devstral": "mistral-ai",
    "gemini": "google-deepmind",
    "gemma": "google-deepmind",
    "glm": "zhipu-ai",
    "gpt": "openai",
    "grok": "xai",
    "kimi": "moonshot-ai",
    "llama": "meta",
    "minimax": "minimax",
    "mistral": "mistral-ai",
    "mixtral": "mistral-ai",
    "moonshot": "moonshot-ai",
    "nova": "amazon",
    "pixtral": "mistral-ai",
    "qvq": "alibaba",
    "qwen": "alibaba",
    "qwq": "alibaba",
}

#: Names whose suffix stripping does not reach our id; external key (normalised) -> our id.
#: Only unambiguous renames belong here: a rolling alias that follows whichever model is
#: current ("deepseek-chat") does not (see ``ROLLING``).
EXPLICIT: dict[str, str] = {
    normalize_key(k): v
    for k, v in {
        "claude-4-opus": "claude-opus-4",
        "claude-4-sonnet": "claude-sonnet-4",
        "claude-opus-4-0": "claude-opus-4",
        "claude-sonnet-4-0": "claude-sonnet-4",
        "claude-3-5-sonnet": "claude-3.5-sonnet",
        "claude-3-5-haiku": "claude-3.5-haiku",
        "claude-3-7-sonnet": "claude-3.7-sonnet",
        "llama-3.3-70b-instruct": "llama-3.3-70b",
        "llama3-3-70b-instruct": "llama-3.3-70b",
        "llama-4-maverick-17b-instruct": "llama-4-maverick",
        "llama-4-maverick-17b-128e-instruct": "llama-4-maverick",
        "llama-4-scout-17b-instruct": "llama-4-scout",
        "llama-4-scout-17b-16e-instruct": "llama-4-scout",
        "nova-lite": "amazon-nova-lite",
        "nova-micro": "amazon-nova-micro",
        "nova-pro": "amazon-nova-pro",
        "kimi-k2-instruct": "kimi-k2",
        "minimax-01": "minimax-text-01",
        "embed-english-v3.0": "embed-english-v3",
        "mixtral-8x22b-instruct": "mixtral-8x22b",
        "mistral-small-3.1-24b-instruct": "mistral-small-3.1",
        "mistral-small-3.2-24b-instruct": "mistral-small-3.2",
        "gemini-flash-1.5": "gemini-1.5-flash",
        "gemini-pro-1.5": "gemini-1.5-pro",
        "grok-4.20-multi-agent": "grok-4.20",
    }.items()
}

#: Rolling aliases: names that follow whichever model is current. Never matched, never
#: reported missing; a maintainer reads them on the maker's page instead.
ROLLING: frozenset[str] = frozenset(
    normalize_key(k)
    for k in (
        "deepseek-chat",
        "deepseek-reasoner",
        "gemini-flash-latest",
        "gemini-flash-lite-latest",
        "gemini-pro-latest",
        "mistral-large-latest",
        "mistral-medium-latest",
        "mistral-small-latest",
        "codestral-latest",
        "devstral-latest",
    )
)

#: LiteLLM modes worth a "missing" row: text, embedding, image and audio models (``responses``
#: is LiteLLM's mode for models served only by OpenAI's Responses API). Fine-tuning,
#: moderation, rerank and realtime entries are not.
MISSING_MODES = frozenset(
    {
        "chat",
        "completion",
        "responses",
        "embedding",
        "image_generation",
        "audio_speech",
        "audio_transcription",
    }
)

_DATE_SUFFIX = re.compile(
    r"(?:[-_@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{6}|default|latest)|-v\d+(?::\d+)?|:\d+)$", re.IGNORECASE
)
_REGION_PREFIX = re.compile(r"^(?:us|eu|apac|au|jp|global|us-gov)\.", re.IGNORECASE)
_BEDROCK_VENDOR = re.compile(r"^([a-z0-9-]+)\.(?=[a-z])")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Fact:
    """What one source says about one of its entries, in our units (USD per 1M tokens)."""

    source: str
    key: str
    provider: str
    #: Our organization id of the model's maker, when the source lets us tell.
    maker: str | None
    #: The maker's own word: sold by the maker, or a models.dev lab file. Only such facts
    #: compare with ``Model.pricing`` and with the model-level fields (context, dates,
    #: status, licence); resellers cap context windows and date their own listings.
    first_party: bool
    mode: str | None = None
    input_per_mtok: float | None = None
    output_per_mtok: float | None = None
    context: int | None = None
    released: datetime.date | None = None
    retired: datetime.date | None = None
    status: str | None = None
    license: str | None = None
    open_weights: bool | None = None
    #: Set by :func:`match`: our model id, and whether the key names the model itself
    #: (possibly with a date suffix) rather than a variant alias such as ``gpt-4-32k``.
    model_id: str | None = None
    exact: bool = False

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.key}"


@dataclass(frozen=True)
class Finding:
    kind: str
    model_id: str
    field: str
    ours: str
    theirs: str
    source_key: str


GOOGLE = frozenset({"google", "google-deepmind"})

KINDS = ("disagreement", "rounding", "gap", "missing")

Warn = Callable[[str], None]


def _stderr_warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


class InputError(Exception):
    """An input cannot be read at all (exit status 2)."""


# --------------------------------------------------------------------------- helpers


def _date(value: object) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}", text):
            text += "-01"
        return datetime.date.fromisoformat(text[:10])
    raise ValueError(f"not a date: {value!r}")


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"not a number: {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"not a price: {value!r}")
    return float(value)


def _int(value: object) -> int | None:
    """A positive token count; 0 (models.dev's "not applicable") reads as unknown. A float
    with no fractional part counts (LiteLLM writes some windows as ``2000000.0``)."""
    if value is None or value == 0:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"not a positive integer: {value!r}")
    return value


def _per_mtok(per_token: object) -> float | None:
    value = _number(per_token)
    return None if value is None else value * 1_000_000


def strip_prefixes(key: str) -> str:
    """``bedrock/us.meta.llama3-3-70b-instruct-v1:0`` -> ``llama3-3-70b-instruct-v1:0``."""
    name = key.rsplit("/", 1)[-1]
    name = _REGION_PREFIX.sub("", name)
    vendor = _BEDROCK_VENDOR.match(name)
    if vendor and vendor.group(1).lower() in VENDOR_PREFIXES:
        name = name[vendor.end() :]
    return name


def strip_suffixes(name: str) -> str:
    """Drop date and version suffixes: ``-2024-08-06``, ``-20241022``, ``-latest``, ``-v1:0``."""
    while True:
        shorter = _DATE_SUFFIX.sub("", name)
        if shorter == name or not shorter:
            return name
        name = shorter


def vendor_of(key: str) -> str | None:
    """The maker named by a key's vendor prefix (``meta-llama/...``, ``amazon.nova-...``)."""
    parts = key.split("/")
    for part in parts[:-1]:
        maker = VENDOR_PREFIXES.get(part.lower())
        if maker:
            return maker
    last = _REGION_PREFIX.sub("", parts[-1])
    vendor = _BEDROCK_VENDOR.match(last)
    if vendor:
        return VENDOR_PREFIXES.get(vendor.group(1).lower()) or None
    return None


def maker_by_name(key: str) -> str | None:
    """The maker a model name announces (``glm-5`` -> zhipu-ai), from ``NAME_MAKERS``."""
    word = re.split(r"[^a-z]", strip_prefixes(key).lower(), maxsplit=1)[0]
    return NAME_MAKERS.get(word)


#: Provider names of Amazon Bedrock in models.dev, genai-prices and Portkey.
BEDROCK_PROVIDERS = frozenset({"amazon-bedrock", "aws", "bedrock", "bedrock-mantle"})


def _bedrock_first_party(provider: str, name: str) -> str | None:
    """Bedrock sells Amazon's own models first-hand (``amazon.nova-...``) and others' as a host."""
    return "amazon" if provider in BEDROCK_PROVIDERS and vendor_of(name) == "amazon" else None


def _first_party(provider_maker: str | None, key: str) -> str | None:
    """The provider's organization, unless the key names another maker's model."""
    named = maker_by_name(key)
    if provider_maker is None or (named is not None and named != provider_maker):
        return None
    return provider_maker


def is_rounding(a: int, b: int) -> bool:
    """128000 vs 131072, 1000000 vs 1048576: the same round number in x1000 and x1024 units."""
    for low, high in ((a, b), (b, a)):
        for power in (1, 2):
            k, m = 1000**power, 1024**power
            if low % k == 0 and high % m == 0 and low // k == high // m and low != high:
                return True
    return False


def _same_price(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _fmt_price(value: float | None) -> str:
    return "-" if value is None else f"{value:.6g}"


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# --------------------------------------------------------------------------- sources


def _read_json(path: Path, what: str, expected: type, described: str) -> Any:
    """A whole-file JSON input of the expected shape, or an :class:`InputError` naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read {what} {path}: {error}") from error
    if not isinstance(data, expected):
        raise InputError(f"{what} {path} is not {described}")
    return data


def litellm_facts(path: Path, warn: Warn = _stderr_warn) -> list[Fact]:
    """One fact per entry of LiteLLM's ``model_prices_and_context_window.json``."""
    data = _read_json(path, "LiteLLM price map", dict, "a JSON object")
    facts = []
    for key, entry in data.items():
        if key == "sample_spec":
            continue
        try:
            facts.append(_litellm_fact(key, entry))
        except (TypeError, ValueError) as error:
            warn(f"litellm: skipping {key!r}: {error}")
    return facts


#: LiteLLM's whole map names well over a hundred providers; copies kept for other projects
#: filter it to a few (one such mirror keeps only Claude, GPT, Gemini and DeepSeek keys and
#: never updates a price once copied). Below this many providers a copy is taken as filtered.
FULL_MAP_MIN_PROVIDERS = 40


def warn_if_filtered(facts: Sequence[Fact], warn: Warn = _stderr_warn) -> bool:
    """Warn, and say so, when a LiteLLM file looks like a filtered copy of the map: its
    findings would silently miss every model and offer outside the copy."""
    providers = {fact.provider for fact in facts}
    if len(providers) >= FULL_MAP_MIN_PROVIDERS:
        return False
    warn(
        f"litellm: only {len(providers)} providers ({len(facts)} entries); this looks like a "
        "filtered copy of the map, so models and offers outside it go unchecked "
        "(see docs/maintainers.md, 'Taking the snapshots')"
    )
    return True


def _litellm_fact(key: str, entry: object) -> Fact:
    if not isinstance(entry, dict):
        raise ValueError("entry is not an object")
    provider = entry.get("litellm_provider")
    if not isinstance(provider, str):
        raise ValueError("no litellm_provider")
    mode = entry.get("mode")
    first = _first_party(LITELLM_FIRST_PARTY.get(provider), key)
    maker = first or vendor_of(key) or maker_by_name(key)
    if provider == "bedrock" and maker == "amazon":
        first = "amazon"
    return Fact(
        source="litellm",
        key=key,
        provider=provider,
        maker=maker,
        first_party=first is not None,
        mode=mode if isinstance(mode, str) else None,
        input_per_mtok=_per_mtok(entry.get("input_cost_per_token")),
        output_per_mtok=_per_mtok(entry.get("output_cost_per_token")),
        context=_int(entry.get("max_input_tokens")),
        retired=_date(entry.get("deprecation_date")),
    )


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib

        with path.open("rb") as handle:
            return tomllib.load(handle)
    raise InputError("reading models.dev needs Python 3.11 or later (tomllib)")  # pragma: no cover


def _merge(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _omit(data: dict[str, Any], dotted: str) -> None:
    *parents, last = dotted.split(".")
    node: Any = data
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


def models_dev_facts(root: Path, warn: Warn = _stderr_warn) -> list[Fact]:
    """One fact per ``providers/<p>/models/<id>.toml`` and per ``models/<lab>/<id>.toml``.

    ``base_model = "<lab>/<id>"`` is resolved as models.dev does: the lab file's tables
    are deep-merged under the provider file, then ``base_model_omit`` paths are removed.
    """
    providers = root / "providers"
    if not providers.is_dir():
        raise InputError(f"no providers/ directory under models.dev tree {root}")
    labs = root / "models"
    cache: dict[str, dict[str, Any]] = {}

    def lab_data(ref: str) -> dict[str, Any]:
        if ref not in cache:
            cache[ref] = _load_toml(labs / f"{ref}.toml")
        return cache[ref]

    facts: list[Fact] = []
    if labs.is_dir():
        for path in sorted(labs.rglob("*.toml")):
            ref = path.relative_to(labs).with_suffix("").as_posix()
            lab = ref.split("/", 1)[0]
            try:
                data = lab_data(ref)
                lab_maker = MODELS_DEV_LABS.get(lab)
                facts.append(_models_dev_fact(f"models/{ref}", lab, lab_maker, lab_maker is not None, data))
            except (OSError, ValueError, TypeError) as error:
                warn(f"models.dev: skipping models/{ref}: {error}")
    for path in sorted(providers.glob("*/models/**/*.toml")):
        provider = path.relative_to(providers).parts[0]
        model = path.relative_to(providers / provider / "models").with_suffix("").as_posix()
        key = f"{provider}/{model}"
        try:
            if path.is_symlink() and not path.exists():
                raise ValueError(f"dangling symlink to {path.readlink()}")
            data = _load_toml(path)
            base = data.pop("base_model", None)
            omit = data.pop("base_model_omit", [])
            maker: str | None = None
            if base is not None:
                if not isinstance(base, str):
                    raise ValueError("base_model is not a string")
                data = _merge(lab_data(base), data)
                for dotted in omit:
                    _omit(data, str(dotted))
                maker = MODELS_DEV_LABS.get(base.split("/", 1)[0])
            first = _first_party(MODELS_DEV_FIRST_PARTY.get(provider), model) or _bedrock_first_party(
                provider, model
            )
            if provider == "google-vertex" and model.startswith(("gemini", "gemma", "imagen", "veo")):
                first = "google-deepmind"
            if first and maker and first != maker:
                first = None  # a first-party provider reselling another lab's model
            maker = maker or first or vendor_of(model) or maker_by_name(model)
            facts.append(_models_dev_fact(key, provider, maker, bool(first), data))
        except (OSError, ValueError, TypeError) as error:
            warn(f"models.dev: skipping {key}: {error}")
    return facts


def _models_dev_fact(
    key: str, provider: str, maker: str | None, first: bool, data: Mapping[str, Any]
) -> Fact:
    cost = data.get("cost") or {}
    limit = data.get("limit") or {}
    if not isinstance(cost, dict) or not isinstance(limit, dict):
        raise ValueError("cost and limit must be tables")
    status = data.get("status")
    weights = data.get("open_weights")
    licence = data.get("license")
    return Fact(
        source="models.dev",
        key=key,
        provider=provider,
        maker=maker,
        first_party=first,
        input_per_mtok=_number(cost.get("input")),
        output_per_mtok=_number(cost.get("output")),
        context=_int(limit.get("context")),
        released=_date(data.get("release_date")),
        status=status if isinstance(status, str) else None,
        license=licence if isinstance(licence, str) else None,
        open_weights=weights if isinstance(weights, bool) else None,
    )


def genai_prices_facts(path: Path, warn: Warn = _stderr_warn) -> list[Fact]:
    """One fact per model of genai-prices' ``prices/data.json`` (a list of providers).

    Prices are USD per 1M tokens already. A tiered price counts at its base tier; a
    price that changes over time (a list of dated price sets) counts at its newest set.
    """
    data = _read_json(path, "genai-prices data", list, "a JSON list of providers")
    facts = []
    for provider in data:
        if not isinstance(provider, dict) or not isinstance(provider.get("id"), str):
            warn("genai-prices: skipping a provider without an id")
            continue
        pid = provider["id"]
        for model in provider.get("models") or ():
            key = f"{pid}/{model.get('id') if isinstance(model, dict) else '?'}"
            try:
                facts.append(_genai_prices_fact(pid, key, model))
            except (TypeError, ValueError, AttributeError) as error:
                warn(f"genai-prices: skipping {key!r}: {error}")
    return facts


#: genai-prices names that are a router's tier or a fine-tune of a model, not a model:
#: ``mistral-nemo:free``, ``gpt-4o:extended``, ``gpt-4o-mini-2024-07-18.ft-``, ``ft:gpt-4o``.
_GENAI_VARIANT = re.compile(r":(?:free|extended)$|\.ft-|^ft:")


#: genai-prices' own note that a maker's entry carries OpenRouter's price ("Imported from
#: OpenRouter pricing; verify against ... when native API pricing is published").
_GENAI_RESOLD = re.compile(r"(?:imported from|seen on) openrouter", re.IGNORECASE)


def _genai_price(value: object) -> float | None:
    """A price as given, or the base of a tiered one (``{"base": 5, "tiers": [...]}``)."""
    return _number(value.get("base") if isinstance(value, dict) else value)


def _genai_prices_fact(pid: str, key: str, model: object) -> Fact:
    if not isinstance(model, dict) or not isinstance(model.get("id"), str):
        raise ValueError("model has no id")
    name = model["id"]
    prices = model.get("prices")
    if isinstance(prices, list):  # price sets over time: the newest start date wins
        dated = [p for p in prices if isinstance(p, dict)]
        if not dated:
            raise ValueError("an empty list of prices")
        prices = max(dated, key=lambda p: str((p.get("constraint") or {}).get("start_date", ""))).get(
            "prices"
        )
    if not isinstance(prices, dict):
        raise ValueError("prices is not an object")
    if _GENAI_RESOLD.search(str(model.get("price_comments") or "")):
        pid = "openrouter"  # the source says the price is a reseller's, filed under the maker
    first = None if _GENAI_VARIANT.search(name) else _first_party(GENAI_PRICES_FIRST_PARTY.get(pid), name)
    first = first or _bedrock_first_party(pid, name)
    host = GENAI_PRICES_HOSTS.get(pid)
    return Fact(
        source="genai-prices",
        key=key,
        provider=first or host or pid,
        maker=first or vendor_of(name) or maker_by_name(name),
        first_party=first is not None,
        input_per_mtok=_genai_price(prices.get("input_mtok")),
        output_per_mtok=_genai_price(prices.get("output_mtok")),
        context=_int(model.get("context_window")),
        status="deprecated" if model.get("deprecated") is True else None,
    )


def portkey_facts(root: Path, warn: Warn = _stderr_warn) -> list[Fact]:
    """One fact per model of Portkey's ``pricing/<provider>.json`` files.

    Portkey gives prices in US cents per token (its README: "Prices are in cents per token,
    not dollars"), so a rate times 10,000 is USD per 1M tokens. Only the pay-as-you-go token
    rates are read; a zero rate (Portkey's placeholder, as for the output of an embedding or
    image model) and a rate too high to be per token read as no price.
    """
    if not root.is_dir():
        raise InputError(f"no such directory for Portkey pricing files: {root}")
    facts = []
    for path in sorted(root.glob("*.json")):
        pid = path.stem
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as error:
            warn(f"portkey: skipping {path.name}: {error}")
            continue
        for name, entry in data.items():
            if name == "default":
                continue
            try:
                facts.append(_portkey_fact(pid, name, entry))
            except (TypeError, ValueError, AttributeError) as error:
                warn(f"portkey: skipping {pid}/{name}: {error}")
    return facts


#: Above this many USD per 1M tokens a Portkey "token" rate is some other unit (a rerank
#: search, an audio minute): the dearest token prices are a few hundred dollars per 1M.
PORTKEY_MAX_PER_MTOK = 1000.0


def _portkey_rate(rates: Mapping[str, Any], field: str) -> float | None:
    """A rate in USD per 1M tokens; 0 is Portkey's placeholder for "not billed this way"."""
    rate = rates.get(field)
    value = _number(rate.get("price") if isinstance(rate, dict) else None)
    if not value:
        return None
    per_mtok = round(value * 10_000, 9)
    return per_mtok if per_mtok <= PORTKEY_MAX_PER_MTOK else None


def _portkey_fact(pid: str, name: str, entry: object) -> Fact:
    if not isinstance(entry, dict):
        raise ValueError("entry is not an object")
    config = entry.get("pricing_config") or {}
    rates = (config.get("pay_as_you_go") or {}) if isinstance(config, dict) else {}
    if not isinstance(rates, dict):
        raise ValueError("pay_as_you_go is not an object")
    price_in, price_out = _portkey_rate(rates, "request_token"), _portkey_rate(rates, "response_token")
    first = _first_party(PORTKEY_FIRST_PARTY.get(pid), name) or _bedrock_first_party(pid, name)
    return Fact(
        source="portkey",
        key=f"{pid}/{name}",
        provider=first or PORTKEY_HOSTS.get(pid) or pid,
        maker=first or vendor_of(name) or maker_by_name(name),
        first_party=first is not None,
        input_per_mtok=price_in,
        output_per_mtok=price_out,
    )


def hf_facts(root: Path, warn: Warn = _stderr_warn) -> list[Fact]:
    """One fact per ``<org>__<repo>/config.json``: ``max_position_embeddings`` as context.

    The key is the Hugging Face repo id ``org/repo``; a nested ``text_config`` (vision
    and multimodal models) is read when the top level has no such field.
    """
    if not root.is_dir():
        raise InputError(f"no such directory for Hugging Face configs: {root}")
    facts = []
    for path in sorted(root.glob("*/config.json")):
        repo = path.parent.name.replace("__", "/", 1)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("config is not an object")
            value = data.get("max_position_embeddings")
            text_config = data.get("text_config")
            if value is None and isinstance(text_config, dict):
                value = text_config.get("max_position_embeddings")
            facts.append(
                Fact(
                    source="hf",
                    key=repo,
                    provider="huggingface",
                    maker=vendor_of(repo),
                    first_party=False,
                    context=_int(value),
                )
            )
        except (OSError, ValueError, TypeError) as error:
            warn(f"hf: skipping {repo}: {error}")
    return facts


def offer_facts(catalog: Any) -> list[Fact]:
    """Our own offers (``catalog.offers``, when the catalog has them) as facts.

    They are the reference for third-party prices: an external entry from provider P for
    model M compares with our offer of M by P. Read defensively so that the tool works
    with catalogs that predate offers.
    """
    facts = []
    for offer in getattr(catalog, "offers", ()):
        model = getattr(offer, "model", None)
        provider = getattr(offer, "provider", None)
        price = getattr(offer, "price", None) or getattr(offer, "pricing", None)
        if not isinstance(model, str) or not isinstance(provider, str):
            continue
        if not _in_usd(price):
            continue  # the sources list dollars: a price in another currency is not compared
        facts.append(
            Fact(
                source="offers",
                key=f"{provider}/{model}",
                provider=provider,
                maker=None,
                first_party=False,
                input_per_mtok=getattr(price, "input_per_mtok", None),
                output_per_mtok=getattr(price, "output_per_mtok", None),
                model_id=model,
                exact=True,
            )
        )
    return facts


# --------------------------------------------------------------------------- matching


def candidates(key: str) -> tuple[str, str, str]:
    """The key, the key without prefixes, and that without date/version suffixes.

    >>> candidates("bedrock/us.anthropic.claude-3-opus-20240229-v1:0")
    ('bedrock/us.anthropic.claude-3-opus-20240229-v1:0', 'claude-3-opus-20240229-v1:0', 'claude-3-opus')
    """
    bare = strip_prefixes(key)
    return key, bare, strip_suffixes(bare)


#: Aliases that name a sibling variant with its own context window or dates (``gpt-4-32k``,
#: ``Phi-3-mini-4k-instruct``, ``gemini-2.0-flash-exp``): a match through them is not exact.
VARIANT_ALIAS = re.compile(r"\d+k\b|[-_ ](?:exp|preview|base|reward|pt)\b", re.IGNORECASE)


def canonical_names(model: Any) -> set[str]:
    """Normalised names that denote the model itself: id, name, non-variant aliases."""
    names = {normalize_key(model.id), normalize_key(model.name)}
    for alias in model.aliases:
        if not VARIANT_ALIAS.search(alias):
            names.add(normalize_key(strip_suffixes(strip_prefixes(alias))))
    return names


def match(fact: Fact, catalog: Any) -> Fact:
    """The fact with ``model_id`` set when its key names a model of the catalog.

    Tries ``catalog.models.get`` on the full key, the key without prefixes and the key
    without suffixes (aliases often carry them: ``amazon.nova-lite-v1:0``), then the
    ``EXPLICIT`` table. The match is *exact* when the key without prefixes and suffixes
    is the model's id or name (or an ``EXPLICIT`` name): ``claude-3-opus-20240229`` is
    exact for ``claude-3-opus``, the alias ``gpt-4-32k`` is not exact for ``gpt-4``.
    """
    if fact.model_id is not None:
        return fact
    key, bare, base = candidates(fact.key)
    folded = normalize_key(base)
    if folded in ROLLING or normalize_key(bare) in ROLLING:
        return fact
    explicit = EXPLICIT.get(folded)
    models = catalog.models
    model = models.get(key) or models.get(bare) or models.get(base)
    if model is None and explicit is not None:
        model = models.get(explicit)
    if model is None:
        return fact
    exact = folded in canonical_names(model) or explicit == model.id
    return dataclasses.replace(fact, model_id=model.id, exact=exact)


# --------------------------------------------------------------------------- comparison


def _ours_retirement(model: Any) -> datetime.date | None:
    status = model.status.value
    return model.status_date if status == "retired" else None


def _ours_open(model: Any) -> bool:
    return bool(model.access.weights.value != "none")


def compare(facts: Iterable[Fact], catalog: Any) -> list[Finding]:
    """Findings for matched facts: prices, context, dates, status, licence, open weights."""
    models = catalog.models
    matched = [f for f in facts if f.model_id is not None]
    offers: dict[tuple[str, str], Fact] = {}
    for fact in matched:
        if fact.source == "offers":
            offers[(fact.model_id or "", normalize_key(fact.provider))] = fact
    findings: list[Finding] = []
    earliest: dict[tuple[str, str], Fact] = {}
    for fact in matched:
        if fact.source == "offers":
            continue
        model = models.get(fact.model_id)
        if model is None:
            continue
        findings.extend(_price_findings(fact, model, offers))
        if not fact.exact or not (fact.source == "hf" or (fact.first_party and _same_maker(fact, model))):
            continue
        findings.extend(_context_findings(fact, model))
        if fact.released is not None:
            slot = (fact.source, model.id)
            prior = earliest.get(slot)
            if prior is None or (prior.released is not None and fact.released < prior.released):
                earliest[slot] = fact
        findings.extend(_lifecycle_findings(fact, model))
        if fact.license is not None and model.kind.value == "model":
            ours = model.licenses.weights
            if ours is None or normalize_key(ours) != normalize_key(fact.license):
                findings.append(
                    Finding("disagreement", model.id, "license", _fmt(ours), fact.license, fact.ref)
                )
        if (
            fact.open_weights is not None
            and model.kind.value == "model"
            and fact.open_weights != _ours_open(model)
        ):
            findings.append(
                Finding(
                    "disagreement",
                    model.id,
                    "open_weights",
                    f"{_fmt(_ours_open(model))} (weights: {model.access.weights.value})",
                    _fmt(fact.open_weights),
                    fact.ref,
                )
            )
    for (_, model_id), fact in earliest.items():
        model = models.get(model_id)
        if model.released is None:
            findings.append(Finding("gap", model_id, "released", "-", _fmt(fact.released), fact.ref))
        elif model.released != fact.released:
            findings.append(
                Finding(
                    "disagreement", model_id, "released", _fmt(model.released), _fmt(fact.released), fact.ref
                )
            )
    return findings


def _in_usd(price: Any) -> bool:
    """Whether a price of ours (or no price) is in dollars; catalogs before 26.19 have only dollars."""
    return getattr(price, "currency", "USD") == "USD"


def _same_maker(fact: Fact, model: Any) -> bool:
    """The fact's maker is the model's organization (Google's two ids count as one)."""
    return fact.maker == model.organization or {fact.maker, model.organization} <= GOOGLE


def _price_findings(fact: Fact, model: Any, offers: Mapping[tuple[str, str], Fact]) -> Iterator[Finding]:
    if fact.first_party and _same_maker(fact, model):
        if _mainland_list(fact) and not _serves_mainland(model):
            return  # the maker's mainland price list, not the offer recorded here
        pricing = model.pricing
        if not _in_usd(pricing):
            return  # billed in another currency: the sources' dollar figures are conversions
        ours_in = pricing.input_per_mtok if pricing else None
        ours_out = pricing.output_per_mtok if pricing else None
        as_of = f" (as of {pricing.as_of})" if pricing and pricing.as_of else ""
        reference = "pricing"
    else:
        offer = offers.get((model.id, normalize_key(fact.provider)))
        if offer is None:
            return
        ours_in, ours_out, as_of = offer.input_per_mtok, offer.output_per_mtok, ""
        reference = f"offer {offer.key}"
    for field, ours, theirs in (
        ("input_per_mtok", ours_in, fact.input_per_mtok),
        ("output_per_mtok", ours_out, fact.output_per_mtok),
    ):
        if theirs is None or (ours is None and theirs == 0):
            continue
        label = field if reference == "pricing" else f"{field} [{reference}]"
        if ours is None:
            yield Finding("gap", model.id, label, "-", _fmt_price(theirs), fact.ref)
        elif not _same_price(ours, theirs):
            yield Finding(
                "disagreement", model.id, label, _fmt_price(ours) + as_of, _fmt_price(theirs), fact.ref
            )


def _mainland_list(fact: Fact) -> bool:
    """Whether the fact comes from a maker's mainland-China price list."""
    return (
        fact.provider in MODELS_DEV_MAINLAND
        if fact.source == "models.dev"
        else (f"{fact.source}:{fact.key.split('/', 1)[0]}" in MAINLAND_PRICE_LISTS)
    )


def _serves_mainland(model: Any) -> bool:
    """Whether the model's maker offer is the one sold in mainland China."""
    offer = getattr(model, "maker_offer", None)
    return offer is not None and "CN" in offer.regions


def _context_findings(fact: Fact, model: Any) -> Iterator[Finding]:
    if fact.context is None or model.kind.value == "product":
        return
    ours = model.context_window
    if ours is None:
        yield Finding("gap", model.id, "context_window", "-", str(fact.context), fact.ref)
    elif ours != fact.context:
        kind = "rounding" if is_rounding(ours, fact.context) else "disagreement"
        yield Finding(kind, model.id, "context_window", str(ours), str(fact.context), fact.ref)


def _lifecycle_findings(fact: Fact, model: Any) -> Iterator[Finding]:
    status = model.status.value
    if fact.retired is not None:
        ours = _ours_retirement(model)
        if ours is None:
            shown = f"{status} {model.status_date}" if model.status_date else status
            yield Finding("gap", model.id, "retirement", shown, _fmt(fact.retired), fact.ref)
        elif ours != fact.retired:
            yield Finding("disagreement", model.id, "retirement", _fmt(ours), _fmt(fact.retired), fact.ref)
    if fact.status == "deprecated" and status == "active":
        yield Finding("disagreement", model.id, "status", status, "deprecated", fact.ref)


# --------------------------------------------------------------------------- missing


_COLLAPSE = re.compile(r"-(?:\d{2}-\d{4}|\d{4})$")


def collapse_key(key: str) -> str:
    """Group key for "missing" rows: dated snapshots of one name fall together.

    Beyond :func:`strip_suffixes`, drops ``-MM-YYYY`` and four-digit ``-MMDD``/``-YYMM``
    suffixes (``command-r-08-2024``, ``mistral-medium-2505``), which matching must not do
    (``mistral-large-2407`` is not ``mistral-large``) but a to-do list may.
    """
    base = strip_suffixes(strip_prefixes(key))
    while True:
        shorter = strip_suffixes(_COLLAPSE.sub("", base))
        if shorter == base or not shorter:
            return normalize_key(base)
        base = shorter


#: Sources never read for "missing" rows: our own offers, Hugging Face configs, and Portkey,
#: whose price files keep retired and renamed models beside current ones with no dates.
PRICE_ONLY_SOURCES = frozenset({"offers", "hf", "portkey"})


def missing(facts: Iterable[Fact], catalog: Any) -> list[Finding]:
    """Entries from makers we catalog that match no model, one row per collapsed name.

    Only the maker's own entries count (first-party providers, models.dev lab files);
    a reseller's listing is not evidence that a model exists. LiteLLM entries count when
    their mode is in ``MISSING_MODES``; ``ft:`` keys and rolling aliases never count.
    """
    makers = {org.id for org in catalog.organizations}
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.model_id is not None or fact.source in PRICE_ONLY_SOURCES or fact.maker not in makers:
            continue
        if not fact.first_party:
            continue
        if fact.source == "litellm" and fact.mode not in MISSING_MODES:
            continue
        if strip_prefixes(fact.key).startswith("ft:") or normalize_key(strip_prefixes(fact.key)) in ROLLING:
            continue
        groups[(fact.maker or "", collapse_key(fact.key))].append(fact)
    rows = []
    for (maker, _), group in groups.items():
        group.sort(key=lambda f: (len(strip_prefixes(f.key)), strip_prefixes(f.key), len(f.ref), f.ref))
        released = min((f.released for f in group if f.released), default=None)
        retired = max((f.retired for f in group if f.retired), default=None)
        details = [maker]
        if released:
            details.append(f"released {released}")
        if retired:
            details.append(f"deprecation {retired}")
        elif any(f.status == "deprecated" for f in group):
            details.append("status deprecated")
        names = sorted({strip_prefixes(f.key) for f in group})
        if len(names) > 1:
            details.append(f"{len(names)} names")
        refs = sorted({f.source: f.ref for f in reversed(group)}.values())
        theirs = f"{strip_prefixes(group[0].key)} ({'; '.join(details)})"
        rows.append(Finding("missing", "-", "model", "-", theirs, ", ".join(refs)))
    return rows


# --------------------------------------------------------------------------- report


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One row per (kind, model, field, ours, theirs, source); extra keys counted."""
    groups: dict[tuple[str, str, str, str, str, str], list[str]] = defaultdict(list)
    for f in findings:
        source = f.source_key.split(":", 1)[0]
        groups[(f.kind, f.model_id, f.field, f.ours, f.theirs, source)].append(f.source_key)
    out = []
    for (kind, model_id, field, ours, theirs, _), keys in groups.items():
        keys = sorted(set(keys))
        shown = keys[0] if len(keys) == 1 else f"{keys[0]} (+{len(keys) - 1} more)"
        out.append(Finding(kind, model_id, field, ours, theirs, shown))
    return sort_findings(out)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            KINDS.index(f.kind),
            f.model_id,
            f.field,
            f.theirs.casefold(),
            f.theirs,
            f.source_key,
            f.ours,
        ),
    )


def crosscheck(catalog: Any, facts: Sequence[Fact]) -> list[Finding]:
    """Match facts (our offers included) to the catalog and return every finding, sorted."""
    everything = [match(f, catalog) for f in [*offer_facts(catalog), *facts]]
    return dedupe([*compare(everything, catalog), *missing(everything, catalog)])


HEADER = ("kind", "our id", "field", "ours", "theirs", "source key", "explained")

#: How a record's notes mark what a cross-check found and why the record stays as it is.
EXPLAINED_MARK = "Cross-check of"


def _spellings(value: str) -> set[str]:
    """Ways a note may write an external value: as given, and numbers with separators, two
    decimals or in millions (``1000000`` as ``1,000,000``, ``0.6`` as ``0.60``, ``1M``)."""
    out = {value}
    try:
        number = float(value)
    except ValueError:
        return out
    out.add(f"{number:g}")
    if round(number, 2) == number:  # 0.6 as 0.60, but never 0.144 as 0.14
        out.add(f"{number:.2f}")
    if number >= 1000 and number.is_integer():  # 0.4 is not "0"
        out.add(f"{number:,.0f}")
    if number >= 1_000_000 and number % 100_000 == 0:
        out.add(f"{number / 1_000_000:g}M")
    return out


def _names(notes: str, spelling: str) -> bool:
    """Whether ``notes`` writes ``spelling`` as a whole number: ``0.2`` is not in ``0.25``."""
    return re.search(rf"(?<![\d.]){re.escape(spelling)}(?!\d)", notes) is not None


#: Models the catalog leaves out on purpose, each with a written reason (see
#: ``docs/maintainers.md``): ``[{"name", "maker", "reason", "checked", "url"?}, ...]``.
#: The release ships it, so that a lookup of one of these names gives its reason.
UNCATALOGUED = Path(__file__).resolve().parents[1] / "catalog" / "left_out.json"


def load_reasons(path: Path) -> dict[str, dict[str, str]]:
    """The written reasons for models left out, by their "missing" group key; every entry
    must name the model and its maker, give a reason of a sentence and the day it was checked."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"{path}: {error}") from None
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected a list of reasons")
    out: dict[str, dict[str, str]] = {}
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise InputError(f"{path}: entry {number} is not an object")
        for field in ("name", "maker", "reason", "checked"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise InputError(f"{path}: entry {number} has no {field}")
        if len(entry["reason"].split()) < 5:
            raise InputError(f"{path}: entry {number} ({entry['name']}): a reason is a sentence, not a word")
        try:
            datetime.date.fromisoformat(entry["checked"])
        except ValueError:
            where = f"{path}: entry {number} ({entry['name']})"
            raise InputError(f"{where}: checked is not an ISO date") from None
        out[collapse_key(entry["name"])] = entry
    return out


#: The offer a price finding is about, as ``compare`` labels the field: ``"... [offer X]"``.
_OFFER_FIELD = re.compile(r"\[offer ([^\]]+)\]$")


def explained(finding: Finding, catalog: Any, reasons: Mapping[str, Any] | None = None) -> bool:
    """Whether the record's notes answer this finding: a cross-check note that names the
    external value. A disagreement is a reason to read the primary source; once read, the
    record either changes or its notes say why it stays different. A missing model is
    answered by a written reason in :data:`UNCATALOGUED`."""
    if finding.kind == "missing":
        name = finding.theirs.split(" (", 1)[0]
        return reasons is not None and collapse_key(name) in reasons
    model = catalog.models.get(finding.model_id) if finding.model_id != "-" else None
    notes = getattr(model, "notes", None) or ""
    offer_id = _OFFER_FIELD.search(finding.field)
    if offer_id:  # an offer's price is answered in the offer's notes, or the model's
        offer = catalog.offers.get(offer_id.group(1))
        notes = " ".join([notes, getattr(offer, "notes", None) or ""])
    if EXPLAINED_MARK not in notes:
        return False
    return any(_names(notes, spelling) for spelling in _spellings(finding.theirs))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(
    findings: Sequence[Finding],
    fmt: str,
    out: TextIO,
    catalog: Any = None,
    reasons: Mapping[str, Any] | None = None,
) -> None:
    answered = {f for f in findings if catalog is not None and explained(f, catalog, reasons)}
    rows = [
        (f.kind, f.model_id, f.field, f.ours, f.theirs, f.source_key, "yes" if f in answered else "-")
        for f in findings
    ]
    if fmt == "tsv":
        for row in (HEADER, *rows):
            out.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
    else:
        out.write("| " + " | ".join(HEADER) + " |\n")
        out.write("|" + "---|" * len(HEADER) + "\n")
        for row in rows:
            out.write("| " + " | ".join(_cell(cell) for cell in row) + " |\n")
    counts = {kind: sum(1 for f in findings if f.kind == kind) for kind in KINDS}
    out.write("\n")
    prefix = "" if fmt == "tsv" else "- "
    for kind in KINDS:
        done = sum(1 for f in answered if f.kind == kind)
        out.write(f"{prefix}{kind}: {counts[kind]}" + (f" ({done} explained)" if done else "") + "\n")
    out.write(f"{prefix}total: {len(findings)}\n")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--litellm", type=Path, help="LiteLLM model_prices_and_context_window.json")
    parser.add_argument("--models-dev", type=Path, help="models.dev checkout (has providers/ and models/)")
    parser.add_argument("--genai-prices", type=Path, help="genai-prices prices/data.json")
    parser.add_argument("--portkey", type=Path, help="Portkey-AI/models pricing/ directory")
    parser.add_argument("--hf-configs", type=Path, help="directory of <org>__<repo>/config.json")
    parser.add_argument("--catalog", type=Path, help="a catalog JSON file instead of the packaged one")
    parser.add_argument("--format", choices=("markdown", "tsv"), default="markdown")
    parser.add_argument(
        "--only",
        choices=("missing", "disagreements"),
        help="missing rows only, or every other kind (disagreement, rounding, gap)",
    )
    parser.add_argument(
        "--unexplained",
        action="store_true",
        help="leave out findings the records' notes (or, for missing models, the written reasons) explain",
    )
    parser.add_argument(
        "--reasons",
        type=Path,
        default=UNCATALOGUED,
        help="written reasons for models left out (default: catalog/left_out.json)",
    )
    args = parser.parse_args(argv)
    out = out or sys.stdout
    try:
        catalog = oc.load_catalog(args.catalog) if args.catalog else oc.catalog()
        facts: list[Fact] = []
        if args.litellm:
            litellm = litellm_facts(args.litellm)
            warn_if_filtered(litellm)
            facts += litellm
        if args.models_dev:
            facts += models_dev_facts(args.models_dev)
        if args.genai_prices:
            facts += genai_prices_facts(args.genai_prices)
        if args.portkey:
            facts += portkey_facts(args.portkey)
        if args.hf_configs:
            facts += hf_facts(args.hf_configs)
        reasons = load_reasons(args.reasons) if args.reasons.exists() else {}
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (OSError, oc.CatalogError) as error:
        print(f"error: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    findings = crosscheck(catalog, facts)
    if args.only == "missing":
        findings = [f for f in findings if f.kind == "missing"]
    elif args.only == "disagreements":
        findings = [f for f in findings if f.kind != "missing"]
    if args.unexplained:
        findings = [f for f in findings if not explained(f, catalog, reasons)]
    render(findings, args.format, out, catalog, reasons)
    return 0


if __name__ == "__main__":
    sys.exit(main())
