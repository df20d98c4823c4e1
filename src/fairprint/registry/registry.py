"""The reference-data registry: validated, frozen tables and the look-ups the kernels need.

A ``Registry`` is immutable and passed explicitly (no process-wide state). Its ``version``
(the ``data/VERSION`` file) is stamped on every computed impact, so a number can always be
traced back to the data that produced it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from fairprint.errors import RegistryError, UnknownModelError, UnknownRegionError
from fairprint.registry.loader import Table, read_table
from fairprint.registry.schema import TABLES, TableSchema

DATA_DIR = Path(__file__).with_name("data")

Row = Mapping[str, str | float | int]


@dataclass(frozen=True)
class Parameter:
    """A sourced modelling constant with its plausible range.

    ``favourable_end`` says which end of the range gives the *lower* impact; the value a
    scenario takes is chosen by ``fairprint.impacts.uncertainty.pick`` (the one rule).
    """

    name: str
    low: float
    central: float
    high: float
    unit: str
    favourable_end: str
    source: str


def _normalise(name: str) -> str:
    return name.strip().lower()


class Registry:
    """Every reference table, validated, with model/region/zone/hardware resolution."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.data_dir = Path(data_dir)
        version_file = self.data_dir / "VERSION"
        if not version_file.is_file():
            raise RegistryError(f"{version_file} is missing: a registry must carry a version")
        self.version = version_file.read_text(encoding="utf-8").strip()
        self.tables: Mapping[str, Table] = MappingProxyType(
            {
                name: read_table(self.data_dir / f"{name}.csv", schema)
                for name, schema in TABLES.items()
                if (self.data_dir / f"{name}.csv").is_file() or name in _REQUIRED
            }
        )
        self._extra: dict[tuple[str, int], Table] = {}
        self._models = self._index_models()
        self._datacenters = {
            (_normalise(str(r["provider"])), _normalise(str(r["region"]))): r
            for r in self.tables["datacenters"].rows
        }
        self._default_datacenter = {
            _normalise(str(r["provider"])): r
            for r in self.tables["datacenters"].rows
            if r["is_default"] == "yes"
        }
        self._grid: dict[str, dict[str, Row]] = {}
        for r in self.tables["grid_factors"].rows:
            self._grid.setdefault(_normalise(str(r["zone"])), {})[str(r["indicator"])] = r
        self._hardware = {
            _normalise(str(r["hardware_id"])): r for r in self.tables["hardware"].rows
        }
        self.parameters: Mapping[str, Parameter] = MappingProxyType(
            {
                str(r["name"]): Parameter(
                    name=str(r["name"]),
                    low=float(r["low"]),
                    central=float(r["central"]),
                    high=float(r["high"]),
                    unit=str(r["unit"]),
                    favourable_end=str(r["favourable_end"]),
                    source=str(r["source"]),
                )
                for r in self.tables["parameters"].rows
            }
        )
        self._architectures = {
            _normalise(str(r["model_id"])): r
            for r in (self.tables["architectures"].rows if "architectures" in self.tables else ())
        }
        self._check_references()

    @classmethod
    def default(cls) -> Registry:
        """The registry shipped with the package (loaded once, immutable)."""
        return _default_registry()

    def table(self, name: str) -> Table:
        """A validated table by name; raises ``RegistryError`` if it is not shipped."""
        try:
            return self.tables[name]
        except KeyError:
            raise RegistryError(
                f"no registry table {name!r}; known: {sorted(self.tables)}"
            ) from None

    def has_table(self, name: str) -> bool:
        """Whether the data folder ships table ``name`` (loaded or not)."""
        return name in self.tables or (self.data_dir / f"{name}.csv").is_file()

    def extra_table(self, name: str, schema: TableSchema) -> Table:
        """Load and validate a further table of the data folder against ``schema``.

        The registry itself does not change: ``tables``, ``table()`` and ``has_table()``
        answer the same before and after. The read table is memoised privately (keyed by
        name and schema), since the data files of a registry do not change.
        """
        if name in self.tables:
            return self.tables[name]
        key = (name, id(schema))
        table = self._extra.get(key)
        if table is None:
            table = read_table(self.data_dir / f"{name}.csv", schema)
            self._extra[key] = table
        return table

    # -- models -----------------------------------------------------------------------------
    def _index_models(self) -> dict[str, Row]:
        index: dict[str, Row] = {}
        for row in self.tables["models"].rows:
            names = [str(row["model_id"])]
            names += [a for a in str(row["aliases"]).split(";") if a.strip()]
            for name in names:
                key = _normalise(name)
                if key in index and index[key] is not row:
                    raise RegistryError(
                        f"models.csv: name {name!r} is used by {index[key]['model_id']!r} "
                        f"and {row['model_id']!r}"
                    )
                index[key] = row
        return index

    def model(self, name: str) -> Row:
        """The model row for an id or alias (case-insensitive; ``provider/model`` accepted)."""
        key = _normalise(name)
        row = self._models.get(key)
        if row is None and "/" in key:
            row = self._models.get(key.rsplit("/", 1)[1])
        if row is None:
            raise UnknownModelError(name, self.suggest_models(name))
        return row

    def suggest_models(self, name: str, limit: int = 5) -> list[str]:
        ids = sorted({str(r["model_id"]) for r in self._models.values()})
        key = _normalise(name)
        close = difflib.get_close_matches(key, [i.lower() for i in ids], n=limit, cutoff=0.5)
        by_lower = {i.lower(): i for i in ids}
        suggestions = [by_lower[c] for c in close]
        if not suggestions:
            suggestions = [i for i in ids if key and key.split("-")[0] in i.lower()][:limit]
        return suggestions

    @property
    def models(self) -> tuple[Row, ...]:
        return self.tables["models"].rows

    # -- datacenters and grids ----------------------------------------------------------------
    def datacenter(self, provider: str, region: str | None = None) -> Row:
        """The serving datacenter for a provider, in ``region`` or its default region."""
        provider_key = _normalise(provider)
        if region is None or region == "":
            row = self._default_datacenter.get(provider_key)
            if row is None:
                raise UnknownRegionError(
                    "provider", provider, sorted({p for p, _ in self._datacenters})
                )
            return row
        row = self._datacenters.get((provider_key, _normalise(region)))
        if row is None:
            regions = sorted(r for p, r in self._datacenters if p == provider_key)
            if not regions:
                raise UnknownRegionError(
                    "provider", provider, sorted({p for p, _ in self._datacenters})
                )
            raise UnknownRegionError(f"region of provider {provider!r}", region, regions)
        return row

    def knows_provider(self, provider: str) -> bool:
        return _normalise(provider) in self._default_datacenter

    @property
    def datacenters(self) -> tuple[Row, ...]:
        return self.tables["datacenters"].rows

    def grid(self, zone: str) -> dict[str, Row]:
        """Grid factors of a zone by indicator; indicators not listed are unknown."""
        factors = self._grid.get(_normalise(zone))
        if factors is None:
            close = difflib.get_close_matches(_normalise(zone), list(self._grid), n=5, cutoff=0.4)
            raise UnknownRegionError("grid zone", zone, [c.upper() for c in close])
        return factors

    def grid_value(self, zone: str, indicator: str, which: str = "central") -> float:
        """A grid factor (``low``/``central``/``high``); NaN where the zone lacks it."""
        row = self.grid(zone).get(indicator)
        if row is None:
            return math.nan
        value = float(row[which])
        return float(row["central"]) if math.isnan(value) else value

    def architecture(self, model_id: str) -> Row | None:
        """The model's attention-side figures (KV cache, attention FLOPs), or None."""
        if "architectures" not in self.tables:
            return None
        return self._architectures.get(_normalise(model_id))

    def reasoning_ratio(self, model_id: str) -> Row | None:
        """Hidden reasoning tokens per output token of a reasoning model, or None."""
        if "reasoning_tokens" not in self.tables:
            return None
        for row in self.tables["reasoning_tokens"].rows:
            if _normalise(str(row["model_id"])) == _normalise(model_id):
                return row
        return None

    def training(self, model_id: str) -> Row | None:
        """The model's disclosed training footprint (whole run), or None where undisclosed."""
        if "training" not in self.tables:
            return None
        for row in self.tables["training"].rows:
            if _normalise(str(row["model_id"])) == _normalise(model_id):
                return row
        return None

    def market_factor(self, provider: str) -> Row | None:
        """The provider's market-based emission factor row, or None where undisclosed."""
        if "market_factors" not in self.tables:
            return None
        for row in self.tables["market_factors"].rows:
            if _normalise(str(row["provider"])) == _normalise(provider):
                return row
        return None

    def hardware(self, hardware_id: str) -> Row:
        row = self._hardware.get(_normalise(hardware_id))
        if row is None:
            raise UnknownRegionError("hardware", hardware_id, sorted(self._hardware))
        return row

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise RegistryError(f"parameters.csv has no parameter {name!r}") from None

    def _check_references(self) -> None:
        for row in self.models:
            provider = str(row["provider"])
            region = str(row["default_region"])
            if (_normalise(provider), _normalise(region)) not in self._datacenters:
                raise RegistryError(
                    f"models.csv: {row['model_id']!r} is served from {provider}/{region}, "
                    "which datacenters.csv does not list"
                )
        for row in self.datacenters:
            if _normalise(str(row["grid_zone"])) not in self._grid:
                raise RegistryError(
                    f"datacenters.csv: grid zone {row['grid_zone']!r} of "
                    f"{row['provider']}/{row['region']} is not in grid_factors.csv"
                )
            if _normalise(str(row["accelerator"])) not in self._hardware:
                raise RegistryError(
                    f"datacenters.csv: accelerator {row['accelerator']!r} is not in hardware.csv"
                )
        missing = [p for p in REQUIRED_PARAMETERS if p not in self.parameters]
        if missing:
            raise RegistryError(f"parameters.csv lacks required parameters {missing}")


_REQUIRED = ("models", "datacenters", "grid_factors", "hardware", "parameters")

REQUIRED_PARAMETERS: tuple[str, ...] = (
    "bytes_per_parameter",
    "memory_overhead_factor",
    "prefill_utilisation",
    "decode_utilisation",
    "concurrent_sequences_per_accelerator",
    "memory_bandwidth_efficiency",
    "accelerator_power_fraction",
    "cached_token_cost_fraction",
    "host_energy_ratio",
    "idle_capacity_ratio",
    "hardware_lifetime_years",
)


@cache
def _default_registry() -> Registry:
    return Registry(DATA_DIR)
