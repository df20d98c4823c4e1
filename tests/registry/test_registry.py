"""Registry loading: bad data fails at load time with the file, line and column named."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairprint.errors import RegistryError
from fairprint.registry import Registry


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_mini_registry_loads_with_version(mini_registry) -> None:
    assert mini_registry.version == "test-1"
    assert mini_registry.model("ACME/Dense-70B")["model_id"] == "dense-70b"
    assert mini_registry.model("dense-70b-v1")["model_id"] == "dense-70b"


def test_row_without_source_is_rejected(registry_copy) -> None:
    _edit(
        registry_copy / "models.csv",
        "test fixture,https://example.org/fairprint-test-fixture,2025,CC0-1.0",
        ",https://example.org/fairprint-test-fixture,2025,CC0-1.0",
    )
    with pytest.raises(RegistryError, match=r"models.csv line 3.*source"):
        Registry(registry_copy)


def test_row_without_source_url_is_rejected(registry_copy) -> None:
    _edit(
        registry_copy / "models.csv",
        "test fixture,https://example.org/fairprint-test-fixture,2025,CC0-1.0",
        "test fixture,,2025,CC0-1.0",
    )
    with pytest.raises(RegistryError, match=r"models.csv line 3.*source_url"):
        Registry(registry_copy)


def test_row_without_licence_is_rejected(registry_copy) -> None:
    _edit(
        registry_copy / "hardware.csv",
        "test fixture,https://example.org/fairprint-test-fixture,2024,CC0-1.0\nhost-a",
        "test fixture,https://example.org/fairprint-test-fixture,2024,\nhost-a",
    )
    with pytest.raises(RegistryError, match="licence"):
        Registry(registry_copy)


def test_unordered_range_is_rejected(registry_copy) -> None:
    _edit(registry_copy / "datacenters.csv", "1.1,1.2,1.3", "1.3,1.2,1.1")
    with pytest.raises(RegistryError, match=r"datacenters.csv line 2: range pue_low"):
        Registry(registry_copy)


def test_non_number_is_rejected_with_column(registry_copy) -> None:
    _edit(registry_copy / "hardware.csv", ",700,", ",seven hundred,")
    with pytest.raises(RegistryError, match="'tdp_w'"):
        Registry(registry_copy)


def test_duplicate_alias_is_rejected(registry_copy) -> None:
    _edit(registry_copy / "models.csv", "moe-400b,acme,,", "moe-400b,acme,dense-70b-v1,")
    with pytest.raises(RegistryError, match="dense-70b-v1"):
        Registry(registry_copy)


def test_dangling_grid_zone_is_rejected(registry_copy) -> None:
    _edit(registry_copy / "datacenters.csv", "Sweden,ZZ-CLEAN", "Sweden,ZZ-NOWHERE")
    with pytest.raises(RegistryError, match="ZZ-NOWHERE"):
        Registry(registry_copy)


def test_missing_required_parameter_is_rejected(registry_copy) -> None:
    path = registry_copy / "parameters.csv"
    path.write_text(
        "".join(line for line in path.read_text().splitlines(True) if "idle_capacity" not in line)
    )
    with pytest.raises(RegistryError, match="idle_capacity_ratio"):
        Registry(registry_copy)


def test_missing_version_is_rejected(registry_copy) -> None:
    (registry_copy / "VERSION").unlink()
    with pytest.raises(RegistryError, match="version"):
        Registry(registry_copy)


def test_unknown_numbers_are_kept_as_unknown(mini_registry) -> None:
    row = mini_registry.model("secret-y")
    assert row["active_params_b"] != row["active_params_b"]  # NaN: unknown, not 0


def test_extra_table_leaves_the_cached_default_registry_unchanged() -> None:
    """``extra_table`` memoises privately: ``tables`` and ``table()`` answer as before."""
    from fairprint.people.schema import WAGES

    registry = Registry.default()
    before = dict(registry.tables)
    assert registry.extra_table("wages", WAGES).rows
    assert dict(registry.tables) == before
    assert "wages" not in registry.tables
    with pytest.raises(TypeError):
        registry.tables["wages"] = None  # type: ignore[index]
