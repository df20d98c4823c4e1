"""The ledger: an embedded DuckDB file holding activities, their impacts and import history.

Why DuckDB: columnar, transactional, and it reads and writes Arrow without copying row by
row, so an import of millions of requests is a handful of set-based statements. Every
import is one transaction and idempotent by ``activity_id``; impacts keep their history
(``recompute`` adds a computation and marks it current, old rows stay).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from fairprint.activities import ACTIVITY_COLUMNS, ACTIVITY_SCHEMA
from fairprint.errors import InputError, LedgerError
from fairprint.impacts import IMPACT_COLUMNS, checked_inputs, measured_energy
from fairprint.ingest import ActivityBatch, read_activities, resolve_format
from fairprint.ledger._cells import refresh_cells
from fairprint.ledger._forget import ForgetResult, forget_import
from fairprint.ledger._lock import DEFAULT_LOCK_WAIT_S, connect_waiting
from fairprint.ledger._writer import ImportResult, recompute_all, write_import
from fairprint.ledger.migrations import migrate
from fairprint.registry import Registry
from fairprint.rows import gate_table

LEDGER_ENV = "FAIRPRINT_LEDGER"
DEFAULT_IMPORT_MEMORY_LIMIT = "512MB"


def default_ledger_path() -> Path:
    """``$FAIRPRINT_LEDGER`` if set, else ``ledger.duckdb`` in the user's data directory."""
    override = os.environ.get(LEDGER_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path("fairprint", appauthor=False) / "ledger.duckdb"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Ledger:
    """A ledger file, opened (and migrated) on construction; use it as a context manager.

    ``import_memory_limit`` (DuckDB syntax, e.g. ``"2GB"``; ``None`` for no cap) caps
    DuckDB's buffers while writing (imports, recompute), so that a large import spills to
    ``<ledger>.tmp`` instead of growing: with the default a 10M-row import peaked at
    ~0.8 GB of resident memory (``bench/import.py``). Reads are not capped (a result can
    be larger than the cap).

    When another process holds the file (a collector committing a batch), opening waits up
    to ``lock_wait_s`` seconds, then raises ``LedgerError`` naming that process.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        import_memory_limit: str | None = DEFAULT_IMPORT_MEMORY_LIMIT,
        lock_wait_s: float = DEFAULT_LOCK_WAIT_S,
    ) -> None:
        self.path = Path(path) if path is not None else default_ledger_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = connect_waiting(self.path, lock_wait_s)
        except (OSError, duckdb.Error) as exc:
            raise LedgerError(
                f"cannot open the ledger {self.path}: {exc}. Is another fairprint process "
                f"using it? Use --ledger PATH or ${LEDGER_ENV} for another file"
            ) from exc
        self._connection.execute("SET TimeZone = 'UTC'")
        self.import_memory_limit = import_memory_limit
        self._connection.execute("SET preserve_insertion_order = false")
        self._connection.execute("SET enable_progress_bar = false")
        try:
            migrate(self._connection)
        except BaseException:
            self._connection.close()
            raise

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection (for helpers that keep their own tables in the ledger)."""
        return self._connection

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _bounded_memory(self) -> Iterator[None]:
        """Cap DuckDB's buffers for the duration of a write, then restore the previous cap."""
        if not self.import_memory_limit:
            yield
            return
        previous = self._connection.execute("SELECT current_setting('memory_limit')").fetchall()
        self._connection.execute(f"SET memory_limit = '{self.import_memory_limit}'")
        try:
            yield
        finally:
            self._connection.execute(f"SET memory_limit = '{previous[0][0]}'")

    # -- writing -------------------------------------------------------------------------------
    def import_file(
        self,
        path: Path | str,
        format: str = "auto",
        strict: bool = False,
        registry: Registry | None = None,
    ) -> ImportResult:
        """Import a log file in one transaction; an identical file imported before is skipped.

        ``strict`` raises ``FormatError`` on the first malformed row and writes nothing.
        """
        path = Path(path)
        resolved = resolve_format(path, format)
        digest = file_sha256(path)
        found = self._connection.execute(
            "SELECT import_id, format, accepted + already_known FROM imports "
            "WHERE file_sha256 = ? AND status = 'committed' ORDER BY import_id LIMIT 1",
            [digest],
        ).fetchall()
        previous = found[0] if found else None
        if previous is not None:
            return self._record_repeat(path, digest, previous)
        with self._bounded_memory():
            return write_import(
                self._connection,
                read_activities(path, resolved),
                file=str(path),
                format=resolved,
                file_sha256=digest,
                strict=strict,
                registry=registry or Registry.default(),
            )

    def _record_repeat(self, path: Path, digest: str, previous: tuple[Any, ...]) -> ImportResult:
        _, format, known = previous
        self._connection.execute("BEGIN TRANSACTION")
        import_id = int(
            self._connection.execute(
                "SELECT coalesce(max(import_id), 0) + 1 FROM imports"
            ).fetchall()[0][0]
        )
        self._connection.execute(
            "INSERT INTO imports (import_id, file, file_sha256, format, status, already_known, "
            "started_at, finished_at) VALUES (?, ?, ?, ?, 'already imported', ?, now(), now())",
            [import_id, str(path), digest, format, known],
        )
        self._connection.execute("COMMIT")
        return ImportResult(
            import_id, str(path), format, 0, 0, int(known), digest, already_imported=True
        )

    def add_activities(
        self, table: pa.Table, origin: str, registry: Registry | None = None
    ) -> ImportResult:
        """Add canonical activities (from a tracker or the API) under the same rules.

        The table passes the row layer's gate (``fairprint.rows.gate_table``): a row with a
        value that cannot be cast, a count or float outside the limits or a missing id is
        quarantined with its reason, never stored; the others are imported.
        """
        kept, refused = gate_table(table, origin)
        conformed = conform(kept)
        batches: list[ActivityBatch] = [
            ActivityBatch(b) for b in conformed.to_batches(max_chunksize=65_536)
        ]
        if refused:
            if not batches:
                batches.append(ActivityBatch(pa.RecordBatch.from_pylist([], ACTIVITY_SCHEMA)))
            batches[0] = ActivityBatch(batches[0].activities, refused)
        with self._bounded_memory():
            return write_import(
                self._connection,
                batches,
                file=origin,
                format="table",
                file_sha256=None,
                strict=False,
                registry=registry or Registry.default(),
            )

    def recompute(self, registry: Registry | None = None) -> int:
        """Recompute every activity's impacts with ``registry``; old impacts stay as history.

        Returns the number of activities recomputed (those whose model is still unknown
        included: their current impact row carries the reason in ``impact_note``).
        """
        with self._bounded_memory():
            return self._recompute(registry or Registry.default())

    def _recompute(self, registry: Registry) -> int:
        con = self._connection
        con.execute("BEGIN TRANSACTION")
        try:
            done = recompute_all(con, registry)
            refresh_cells(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return done

    def forget(self, import_id: int) -> ForgetResult:
        """Remove one import's activities and quarantined rows in one transaction.

        The import stays in the history (status ``forgotten``) and a ``forget`` row records
        the removal; the same file can then be imported again. Raises ``LedgerError`` for an
        unknown import or one that stored no rows (a repeat, a forget, a forgotten import).
        """
        return forget_import(self._connection, import_id)

    # -- reading ---------------------------------------------------------------------------
    def activities(
        self, since: datetime | str | None = None, until: datetime | str | None = None
    ) -> pa.Table:
        """Activities (``since`` ≤ started_at < ``until``) with their current impact columns.

        Activities whose impact could not be estimated have null impacts and say why in
        ``impact_note``.
        """
        impact_columns = ", ".join(f'i."{c}"' for c in IMPACT_COLUMNS)
        activity_columns = ", ".join(f'a."{c}"' for c in ACTIVITY_COLUMNS)
        return self._connection.sql(
            f"SELECT {activity_columns}, a.import_id, {impact_columns}, i.computed_at "
            "FROM activities a LEFT JOIN current_impacts i USING (activity_id) "
            "WHERE (CAST(? AS TIMESTAMPTZ) IS NULL OR a.started_at >= CAST(? AS TIMESTAMPTZ)) "
            "AND (CAST(? AS TIMESTAMPTZ) IS NULL OR a.started_at < CAST(? AS TIMESTAMPTZ)) "
            "ORDER BY a.started_at, a.activity_id",
            params=[since, since, until, until],
        ).to_arrow_table()

    def imports(self) -> pa.Table:
        """Every import, oldest first: file, hash, format, counts, status, times."""
        return self._connection.sql("SELECT * FROM imports ORDER BY import_id").to_arrow_table()

    def quarantine(self, import_id: int | None = None) -> pa.Table:
        """Quarantined rows (of one import, or all): import id, file, line, raw text, reason."""
        return self._connection.sql(
            "SELECT * FROM quarantine WHERE ? IS NULL OR import_id = ? "
            "ORDER BY import_id, file, line",
            params=[import_id, import_id],
        ).to_arrow_table()

    def unestimated_count(self) -> int:
        """How many activities have no current impact estimate (a count: no rows fetched)."""
        row = self._connection.execute(
            "SELECT count(*) FROM current_impacts WHERE energy_kwh IS NULL"
        ).fetchall()[0]
        return int(row[0])

    def unestimated(self) -> pa.Table:
        """Activities without a current impact estimate, and why (e.g. an unknown model)."""
        return self._connection.sql(
            "SELECT a.activity_id, a.source, a.provider, a.model, a.region, i.impact_note "
            "FROM activities a JOIN current_impacts i USING (activity_id) "
            "WHERE i.energy_kwh IS NULL ORDER BY a.model, a.activity_id"
        ).to_arrow_table()


def conform(table: pa.Table) -> pa.Table:
    """A table in ``ACTIVITY_SCHEMA`` order and types; absent optional columns become null.

    Raises ``InputError`` naming the column when a required one is missing or cannot be cast.
    """
    if not isinstance(table, pa.Table):
        raise InputError(f"add_activities needs a pyarrow Table, not {type(table).__name__}")
    columns = []
    for field in ACTIVITY_SCHEMA:
        if field.name in table.column_names:
            try:
                columns.append(table.column(field.name).cast(field.type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise InputError(f"column {field.name!r}: {exc}") from None
        elif field.nullable:
            columns.append(pa.nulls(table.num_rows, field.type))
        elif field.name == "requests" or field.name.endswith("_tokens"):
            default = 1 if field.name == "requests" else 0
            columns.append(pa.repeat(pa.scalar(default, pa.int64()), table.num_rows))
        else:
            raise InputError(f"add_activities: the table lacks the required column {field.name!r}")
    conformed = pa.Table.from_arrays(columns, schema=ACTIVITY_SCHEMA)
    for name in ("activity_id", "source"):
        if conformed.column(name).null_count:
            raise InputError(f"add_activities: column {name!r} has missing values")
    if conformed.num_rows:  # the checks an estimate makes: no negative tokens or energy
        checked_inputs(conformed)
        measured_energy(conformed)
    return conformed
