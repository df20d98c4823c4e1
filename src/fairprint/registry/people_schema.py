"""Row schemas of the people-side registry tables.

Why in ``registry/`` but apart from ``registry/schema.py``: these tables are loaded on demand
with ``registry.extra_table(name, schema)``, so the core registry stays small; being row
schemas of registry tables, they sit in the registry layer, so that ``impacts`` (which reads
the data-work table) never imports ``people`` (registry -> impacts -> people).

The tables (all under ``src/fairprint/registry/data/``):

* ``datawork.csv`` — long format, one row per (family, field, item): annotation counts,
  time per annotation, workers, vendors, countries, pay. ``status`` says whether the value
  was *disclosed*, *estimated* (reasoning in ``notes``) or is *undisclosed* (value empty);
  ``disclosed_by`` says who made it public (developer, vendor, dataset card, press, court).
  ``family = *`` marks a provider-wide fact not tied to one model family; with a vendor as
  ``provider`` (e.g. ``scale-ai``) it is a vendor fact, shown on the sheets that name it.
* ``transparency.csv`` — FMTI data-labour indicators per provider and edition (0/1).
* ``wages.csv`` — statutory minimum (and openly licensed living) wages per country.
* ``currency.csv`` — PPP conversion factors and exchange rates (World Bank WDI).
"""

from __future__ import annotations

from fairprint.registry.schema import TableSchema

DATAWORK_FIELDS: tuple[str, ...] = (
    "sft_demonstrations",
    "preference_comparisons",
    "red_team",
    "safety_labels",
    "quality_ratings",
    "minutes_per_annotation",
    "annotation_hours",
    "workers",
    "vendors",
    "countries",
    "pay_per_hour",
    "client_rate_per_hour",
    "total_paid",
    "hours_per_day",
    "health_findings",
    "payment_issues",
    "minutes_per_task",
    "pay_per_month",
    "fairwork_score",
    "legal_action",
    "testimony",
    "working_conditions",
    "annotated_examples",
)
"""Fields a data-work row may describe; the first five are annotation counts by kind.

``annotated_examples`` is a disclosed count of human-annotated examples whose kind is not
broken down (e.g. Llama 3's "over 10M"): shown as a fact, never fed to the analogy, which
needs the kind to apply a time per annotation.

``minutes_per_task`` is a published (or openly derived) time per task, with the task type
named in ``item`` or ``unit``; it feeds the estimate by analogy. ``fairwork_score`` is a
Fairwork Cloudwork rating (points of 10) of the platform named in ``provider``."""

SCOPES: tuple[str, ...] = ("model", "family", "provider", "vendor", "industry")
"""What a data-work row is about: this model, its family, the provider in general, a vendor
or platform, or the data-work industry as a whole (shown apart from the model's own facts).
Optional in the schema so that older user tables still load; every shipped row has one."""

ANNOTATION_KINDS: tuple[str, ...] = DATAWORK_FIELDS[:5]

STATUSES: tuple[str, ...] = ("disclosed", "estimated", "undisclosed")

DISCLOSERS: tuple[str, ...] = (
    "developer",
    "vendor",
    "dataset",
    "press",
    "court",
    "research",
    "worker",
)
"""Who made a fact public; ``research`` = an independent study or index (Fairwork, FMTI),
``worker`` = a worker's own testimony (e.g. the Data Workers' Inquiry)."""

DATAWORK = TableSchema(
    name="datawork",
    key=("family", "provider", "field", "item"),
    text=(
        "family",
        "provider",
        "field",
        "item",
        "unit",
        "currency",
        "country",
        "text_value",
        "status",
        "disclosed_by",
        "scope",
        "vendor",
        "notes",
    ),
    numeric=("value_low", "value", "value_high"),
    ranges=(("value_low", "value", "value_high"),),
    optional=(
        "item",
        "unit",
        "currency",
        "country",
        "text_value",
        "disclosed_by",
        "scope",
        "vendor",
        "notes",
    ),
    choices={
        "field": DATAWORK_FIELDS,
        "status": STATUSES,
        "disclosed_by": DISCLOSERS,
        "scope": SCOPES,
    },
)

FMTI_EDITIONS: tuple[str, ...] = ("2023-10", "2024-05", "2025-12")

FMTI_LABOUR_INDICATORS: dict[str, tuple[str, ...]] = {
    "2023-10": (
        "use_of_human_labor",
        "employment_of_data_laborers",
        "geographic_distribution_of_data_laborers",
        "wages",
        "instructions_for_creating_data",
        "labor_protections",
        "third_party_partners",
    ),
    "2025-12": (
        "new_human_generated_data_sources",
        "instructions_for_data_generation",
        "data_laborer_practices",
    ),
}
"""The data-labour indicators of each FMTI edition (2024 reused the 2023 indicators)."""
FMTI_LABOUR_INDICATORS["2024-05"] = FMTI_LABOUR_INDICATORS["2023-10"]

TRANSPARENCY = TableSchema(
    name="transparency",
    key=("provider", "edition", "indicator"),
    text=(
        "provider",
        "provider_name",
        "fmti_developer",
        "edition",
        "indicator",
        "evidence",
        "evidence_url",
    ),
    numeric=("score",),
    optional=("evidence_url",),
    choices={
        "edition": FMTI_EDITIONS,
        "indicator": tuple(sorted({i for v in FMTI_LABOUR_INDICATORS.values() for i in v})),
    },
)

WAGE_KINDS: tuple[str, ...] = ("minimum", "living", "living_proxy")
"""``living`` = a published benchmark (cited figure by figure); ``living_proxy`` = derived
openly from World Bank poverty lines (method in docs/people-data.md), never mixed with them."""

WAGES = TableSchema(
    name="wages",
    key=("country", "kind", "scope", "effective_date"),
    text=(
        "country",
        "country_name",
        "kind",
        "scope",
        "period",
        "hours_basis",
        "currency",
        "effective_date",
        "household",
        "notes",
    ),
    numeric=("amount", "hours_per_period"),
    optional=("hours_basis", "effective_date", "household", "notes"),
    choices={"kind": WAGE_KINDS, "period": ("hour", "day", "week", "month")},
)

CURRENCY_INDICATORS: tuple[str, ...] = ("ppp_private_consumption", "exchange_rate_usd", "ppp_gdp")
"""``ppp_gdp`` (World Bank PA.NUS.PPP) is the factor the living-wage proxies are built with."""

CURRENCY = TableSchema(
    name="currency",
    key=("country", "indicator", "year"),
    text=("country", "currency", "indicator", "notes"),
    numeric=("value",),
    optional=("notes",),
    choices={"indicator": CURRENCY_INDICATORS},
)

PEOPLE_TABLES: dict[str, TableSchema] = {
    s.name: s for s in (DATAWORK, TRANSPARENCY, WAGES, CURRENCY)
}
