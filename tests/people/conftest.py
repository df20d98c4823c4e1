"""A real Registry in a temporary folder: small core tables made here, plus the shipped
people tables (datawork, transparency, wages, currency), which a test may override."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from fairprint.registry.people_schema import PEOPLE_TABLES
from fairprint.registry.registry import DATA_DIR, REQUIRED_PARAMETERS, Registry
from fairprint.registry.schema import TABLES

PROVENANCE = {
    "source": "test fixture",
    "source_url": "https://example.org/fairprint-test-fixture",
    "year": "2024",
    "licence": "CC0",
}

MODELS = [
    # model_id, provider, family
    ("llama-2-70b-chat", "meta", "llama-2"),
    ("llama-3-test", "meta", "llama-3"),
    ("gpt-test", "openai", "gpt-test"),
    ("starcoder-15b", "bigcode", "starcoder"),
    ("mystery-model", "newco", "mystery"),
    ("no-family-model", "newco", ""),
]


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def _core_tables(folder: Path) -> None:
    (folder / "VERSION").write_text("test-1\n", encoding="utf-8")
    providers = sorted({p for _, p, _ in MODELS})
    _write(
        folder / "models.csv",
        TABLES["models"].columns,
        [
            {
                "model_id": m,
                "provider": p,
                "family": f,
                "architecture": "dense",
                "params_status": "unknown",
                "default_region": "r1",
                **PROVENANCE,
            }
            for m, p, f in MODELS
        ],
    )
    _write(
        folder / "datacenters.csv",
        TABLES["datacenters"].columns,
        [
            {
                "provider": p,
                "region": "r1",
                "operator": p,
                "grid_zone": "Z1",
                "accelerator": "acc",
                "is_default": "yes",
                "pue": "1.2",
                **PROVENANCE,
            }
            for p in providers
        ],
    )
    _write(
        folder / "grid_factors.csv",
        TABLES["grid_factors"].columns,
        [
            {
                "zone": "Z1",
                "zone_name": "zone",
                "indicator": "carbon_gco2e_per_kwh",
                "unit": "gCO2e/kWh",
                "central": "400",
                **PROVENANCE,
            }
        ],
    )
    _write(
        folder / "hardware.csv",
        TABLES["hardware"].columns,
        [
            {
                "hardware_id": "acc",
                "kind": "accelerator",
                "name": "test accelerator",
                "tdp_w": "700",
                **PROVENANCE,
            }
        ],
    )
    _write(
        folder / "parameters.csv",
        TABLES["parameters"].columns,
        [
            {
                "name": name,
                "unit": "1",
                "favourable_end": "low",
                "low": "1",
                "central": "1",
                "high": "1",
                **PROVENANCE,
            }
            for name in REQUIRED_PARAMETERS
        ],
    )


RegistryFactory = Callable[..., Registry]


@pytest.fixture
def make_registry(tmp_path: Path) -> RegistryFactory:
    """Build a registry; ``overrides`` maps a people table name to rows replacing it."""

    def build(**overrides: list[dict[str, str]]) -> Registry:
        folder = tmp_path / f"registry{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        _core_tables(folder)
        for name, schema in PEOPLE_TABLES.items():
            if name in overrides:
                _write(folder / f"{name}.csv", schema.columns, overrides[name])
            else:
                shutil.copy(DATA_DIR / f"{name}.csv", folder / f"{name}.csv")
        return Registry(folder)

    return build


@pytest.fixture
def registry(make_registry: RegistryFactory) -> Registry:
    return make_registry()
