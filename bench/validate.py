"""Benchmark: fairprint and EcoLogits beside the same held-out published figures.

Run: ``.venv/bin/python bench/validate.py [--cases]``. Both tools estimate every case of
``registry/data/validation_cases.csv`` (the cases ``fairprint validate`` shows) and the
same summary is printed for each: share of cases whose central value is within 2x of the
published value, share whose published value lies inside the tool's interval, median
interval width (high/low), and the geometric mean of central/published.

EcoLogits (PyPI ``ecologits``) is called through its public ``llm_impacts``. It takes
no input tokens and no boundary, publishes a min–max range without a central value (the
midpoint is used as its central), and knows only the models of its own list; a case it
cannot estimate counts as a miss, as a case fairprint refuses does. Its energy is a
facility figure (PUE included) and its carbon includes embodied hardware; it is compared
with every case as it is, and the per-case boundary mismatch is listed with ``--cases``.
"""

from __future__ import annotations

import argparse
import logging
import math
import warnings
from typing import Any

from fairprint.registry import Registry
from fairprint.validation import Comparison, ValidationCase, compare_cases, load_cases
from fairprint.validation.render import number, summary_lines
from fairprint.validation.summary import summarise

# fairprint model id -> (EcoLogits provider, EcoLogits model name) where the names differ
ECOLOGITS_NAMES: dict[str, tuple[str, str]] = {
    "mistral-large-2": ("huggingface_hub", "mistralai/Mistral-Large-Instruct-2407"),
    "mistral-nemo": ("huggingface_hub", "mistralai/Mistral-Nemo-Instruct-2407"),
    "mistral-medium-3": ("mistralai", "mistral-medium-3"),
    "llama-3.1-8b": ("huggingface_hub", "meta-llama/Meta-Llama-3.1-8B-Instruct"),
    "llama-3.1-70b": ("huggingface_hub", "meta-llama/Meta-Llama-3.1-70B-Instruct"),
    "llama-3.1-405b": ("huggingface_hub", "meta-llama/Meta-Llama-3.1-405B-Instruct"),
}
PROVIDERS = {"openai": "openai", "google": "google_genai", "anthropic": "anthropic"}

# indicator -> (EcoLogits impact attribute, factor from its unit to the indicator's unit)
ECOLOGITS_FIELDS: dict[str, tuple[str, float]] = {
    "energy_wh": ("energy", 1e3),
    "gwp_g": ("gwp", 1e3),
    "water_ml": ("wcf", 1e3),
    "adpe_mg": ("adpe", 1e6),
}


def ecologits_name(case: ValidationCase, registry: Registry) -> tuple[str, str] | None:
    """EcoLogits' provider and name for the case's model, if EcoLogits lists it."""
    from ecologits.model_repository import models as repository

    if case.model_id in ECOLOGITS_NAMES:
        return ECOLOGITS_NAMES[case.model_id]
    row = registry.model(case.model_id)
    provider = PROVIDERS.get(str(row["provider"]))
    if provider is None:
        return None
    names = [case.model_id, *[a for a in str(row["aliases"]).split(";") if a]]
    for name in names:
        if repository.find_model(provider=provider, model_name=name) is not None:
            return provider, name
    return None


def ecologits_comparison(case: ValidationCase, registry: Registry) -> Comparison:
    from ecologits.tracers.utils import llm_impacts

    resolved = ecologits_name(case, registry)
    if resolved is None:
        return Comparison(case, None, None, None, "facility", "not in EcoLogits' model list")
    if case.indicator not in ECOLOGITS_FIELDS:
        return Comparison(case, None, None, None, "facility", f"EcoLogits has no {case.indicator}")
    provider, name = resolved
    impacts: Any = llm_impacts(
        provider=provider,
        model_name=name,
        output_token_count=case.output_tokens,
        request_latency=math.inf,
    )
    field, factor = ECOLOGITS_FIELDS[case.indicator]
    impact = getattr(impacts, field, None)
    if impact is None:
        return Comparison(case, None, None, None, "facility", "EcoLogits returned no value")
    value = impact.value
    low, high = (value.min, value.max) if hasattr(value, "min") else (value, value)
    low, high = low * factor, high * factor
    note = "" if case.boundary in ("facility", "undisclosed") else f"EcoLogits: no {case.boundary}"
    return Comparison(case, low, (low + high) / 2, high, "facility", note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", action="store_true", help="print every case side by side")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    registry = Registry.default()
    cases = load_cases(registry)
    ours = compare_cases(cases, registry)
    try:
        theirs = [ecologits_comparison(case, registry) for case in cases]
    except ImportError:
        print("EcoLogits not installed: `pip install ecologits` to compare")
        return
    if args.cases:
        print(f"{'case':46} {'published':>9} {'fairprint':>9} {'EcoLogits':>9}")
        for mine, other in zip(ours, theirs, strict=True):
            print(
                f"{mine.case.case_id:46} {number(mine.case.value):>9} "
                f"{number(mine.central):>9} {number(other.central):>9}"
            )
        print()
    for label, comparisons in (("fairprint", ours), ("EcoLogits", theirs)):
        print(label)
        for line in summary_lines(summarise(comparisons), label):
            print(f"  {line}")
    both = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a.central and b.central]
    ours_both = summarise([ours[i] for i in both])
    theirs_both = summarise([theirs[i] for i in both])
    print(f"on the {len(both)} cases both tools estimate:")
    print(
        f"  within 2x: fairprint {ours_both.within_2x}, EcoLogits {theirs_both.within_2x}; "
        f"inside: fairprint {ours_both.inside}, EcoLogits {theirs_both.inside}"
    )


if __name__ == "__main__":
    main()
