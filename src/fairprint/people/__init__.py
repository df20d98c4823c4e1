"""The people side: who did the data work behind a model, where, for how much.

Public names (other packages import only these): the data-work sheet of a model
(``datawork_sheet``), wage standards and conversions (``wage_reference``,
``convert_to_ppp_usd``, ``convert_to_local``, ``to_ppp_usd``, ``load_living_wages``) and
the FMTI labour-transparency scorecard (``provider_score``, ``scorecard``,
``edition_ranking``). The registry row schemas of the people tables live in
``fairprint.registry.people_schema``; the hours kernels in ``fairprint.impacts.datawork``.
"""

from fairprint.people.datawork import (
    CORE_FIELDS,
    ClientShare,
    DataworkSheet,
    SheetField,
    WageComparison,
    datawork_sheet,
)
from fairprint.people.transparency import (
    EditionRank,
    EditionScore,
    ProviderScore,
    edition_ranking,
    provider_score,
    scale_note,
    scorecard,
)
from fairprint.people.wages import (
    LIVING_WAGE_COLUMNS,
    Conversion,
    LivingWage,
    LivingWageTable,
    WageReference,
    convert_to_local,
    convert_to_ppp_usd,
    load_living_wages,
    local_currency,
    to_ppp_usd,
    wage_reference,
)

__all__ = [
    "CORE_FIELDS",
    "LIVING_WAGE_COLUMNS",
    "ClientShare",
    "Conversion",
    "DataworkSheet",
    "EditionRank",
    "EditionScore",
    "LivingWage",
    "LivingWageTable",
    "ProviderScore",
    "SheetField",
    "WageComparison",
    "WageReference",
    "convert_to_local",
    "convert_to_ppp_usd",
    "datawork_sheet",
    "edition_ranking",
    "load_living_wages",
    "local_currency",
    "provider_score",
    "scale_note",
    "scorecard",
    "to_ppp_usd",
    "wage_reference",
]
