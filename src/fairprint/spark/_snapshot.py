"""A registry packed as bytes, so the exact reference data the driver uses reaches executors.

Why bytes and not a path: an executor may run another installed copy of fairprint (a wheel
built last week) or may not see the driver's disk at all (a registry folder passed with
``--registry``). Shipping the data folder's files guarantees that every executor computes
with the same numbers, and the snapshot's digest names the data it carries. Why not pickle
the ``Registry`` itself: its frozen rows (mapping proxies) are not picklable, and the CSV
files are smaller than their parsed form anyway.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fairprint.errors import RegistryError
from fairprint.registry import Registry

NOT_SHIPPED = frozenset({"energy_measurements.csv", "validation_cases.csv"})
"""Registry files executors never read (the calibration fit set and the held-out
validation cases): left out so the broadcast snapshot stays small."""


@dataclass(frozen=True)
class RegistrySnapshot:
    """The ``VERSION`` and CSV files of a registry data folder, with a SHA-256 digest.

    Equality and hashing use the digest only, so the per-process cache of loaded
    registries (see :meth:`registry`) is keyed by content, never by object identity.
    """

    version: str
    digest: str
    files: tuple[tuple[str, bytes], ...] = field(compare=False, repr=False)

    @classmethod
    def of(cls, registry: Registry) -> RegistrySnapshot:
        """Pack the data folder ``registry`` was loaded from (every ``*.csv`` and ``VERSION``)."""
        data_dir = Path(registry.data_dir)
        paths = [
            data_dir / "VERSION",
            *(p for p in sorted(data_dir.glob("*.csv")) if p.name not in NOT_SHIPPED),
        ]
        files = tuple((path.name, path.read_bytes()) for path in paths if path.is_file())
        hasher = hashlib.sha256()
        for name, content in files:
            hasher.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
        return cls(version=registry.version, digest=hasher.hexdigest(), files=files)

    @property
    def pickled_bytes(self) -> int:
        """Size of the snapshot as Spark ships it (pickled, before Spark's own compression)."""
        return len(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))

    def registry(self) -> Registry:
        """The registry these files describe, loaded once per Python process."""
        return _load(self)


@lru_cache(maxsize=4)
def _load(snapshot: RegistrySnapshot) -> Registry:
    """Unpack into ``<tmp>/fairprint-registry-<digest>`` (shared by workers on a host) and load.

    Python workers are reused across tasks (``spark.python.worker.reuse``), so the CSV
    files are parsed once per worker process, not once per Arrow batch.
    """
    target = Path(tempfile.gettempdir()) / f"fairprint-registry-{snapshot.digest[:16]}"
    if not (target / "VERSION").is_file():
        staging = Path(tempfile.mkdtemp(prefix="fairprint-registry-staging-"))
        for name, content in snapshot.files:
            (staging / name).write_bytes(content)
        try:
            os.rename(staging, target)
        except OSError:  # another worker on this host unpacked it first
            shutil.rmtree(staging, ignore_errors=True)
    registry = Registry(target)
    if registry.version != snapshot.version:
        raise RegistryError(
            f"{target}: holds registry {registry.version!r}, expected {snapshot.version!r}; "
            "delete that folder and rerun"
        )
    return registry
