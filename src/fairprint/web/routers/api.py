"""The JSON API: estimate, batch estimate, import (upload), report, audits, models.

Every quantity is a low / central / high object, null where unknown. Bodies are validated
by pydantic (422 naming the field), library errors become 422 with their message, and the
one write endpoint (``POST /api/import``) sits behind ``security.require_writer``.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, Literal

import pyarrow as pa
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as FastPath
from pydantic import BaseModel, ConfigDict, Field

from fairprint.activities import TOKEN_COLUMNS
from fairprint.errors import InputError
from fairprint.estimate import Estimate, estimate, estimate_batch
from fairprint.report import DIMENSIONS, PERIOD_HELP, SUMMED_COLUMNS, parse_period
from fairprint.web.config import WebConfig, config_of
from fairprint.web.ledger_views import audits_payload
from fairprint.web.security import require_writer
from fairprint.web.store import open_ledger, plain
from fairprint.web.uploads import import_upload


class Problem(BaseModel):
    """A 4xx answer: what was wrong and what to do (``errors`` lists each bad field)."""

    detail: str
    errors: list[str] | None = None


router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={
        400: {"model": Problem, "description": "a body that cannot be parsed (not JSON)"},
        422: {"model": Problem, "description": "bad input, with the reason"},
    },
)

MAX_COUNT = 10**12
"""Upper bound on any token or request count (a sanity limit, far above real usage)."""


class EstimateRequest(BaseModel):
    """One request shape; token fields as in the canonical activity table (strict types)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    model: str = Field(min_length=1, max_length=200, examples=["gpt-4o"])
    input_tokens: int = Field(default=0, ge=0, le=MAX_COUNT, description="Fresh prompt tokens")
    output_tokens: int = Field(default=0, ge=0, le=MAX_COUNT, description="Visible output")
    cached_input_tokens: int = Field(default=0, ge=0, le=MAX_COUNT)
    cache_write_tokens: int = Field(default=0, ge=0, le=MAX_COUNT)
    reasoning_tokens: int | None = Field(
        default=None,
        ge=0,
        le=MAX_COUNT,
        description="Hidden reasoning tokens; leave out (null) for a reasoning model to have "
        "them estimated from published ratios (flagged), 0 to count none",
    )
    requests: int = Field(default=1, ge=1, le=MAX_COUNT)
    provider: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    boundary: Literal["accelerator", "it", "facility", "lifecycle"] = Field(
        default="facility",
        description="System boundary: accelerator, it, facility (default) or lifecycle "
        "(adds amortised training where disclosed)",
    )


class RangeOut(BaseModel):
    low: float | None
    central: float | None
    high: float | None
    unknown_requests: int = 0


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    rows: list[EstimateRequest] = Field(min_length=1)


class BatchRow(BaseModel):
    model_id: str | None
    grid_zone: str | None
    impacts: dict[str, RangeOut]


class BatchResponse(BaseModel):
    rows: list[BatchRow]
    totals: dict[str, RangeOut]
    registry_version: str
    methodology_version: str


class ImportResponse(BaseModel):
    import_id: Any = None
    file: str | None = None
    format: str | None = None
    accepted: int = 0
    quarantined: int = 0
    already_known: int = 0
    file_sha256: str | None = None
    skipped: int = 0
    already_imported: bool = False


@router.post("/estimate", response_model=Estimate, summary="Estimate one request shape")
def api_estimate(body: EstimateRequest, request: Request) -> Estimate:
    """The footprint of ``requests`` identical requests (``fairprint.estimate``)."""
    fields = body.model_dump()
    return estimate(
        fields.pop("model"),
        fields.pop("input_tokens"),
        fields.pop("output_tokens"),
        registry=config_of(request).registry,
        **fields,
    )


def _clean_range(values: list[float | None]) -> RangeOut:
    low, central, high = (None if v is None or not math.isfinite(v) else v for v in values)
    return RangeOut(low=low, central=central, high=high)


@router.post("/estimate/batch", response_model=BatchResponse, summary="Estimate many rows")
def api_estimate_batch(body: BatchRequest, request: Request) -> BatchResponse:
    """Per-row impacts and their totals (``fairprint.estimate_batch``).

    Each row reads like ``POST /api/estimate``: token counts per request, times
    ``requests`` (the canonical activity table holds totals, so they are multiplied here).
    """
    config = config_of(request)
    if len(body.rows) > config.max_batch_rows:
        raise InputError(
            f"{len(body.rows)} rows is more than this server's limit of "
            f"{config.max_batch_rows}; split the batch or import a file"
        )
    # Rows are estimated in groups of one boundary and one reasoning rule (a column of
    # counts, or none so reasoning models get hidden tokens estimated), then put back in
    # the order they came in.
    parts: list[dict[str, list[Any]]] = []
    groups: dict[tuple[str, bool], list[int]] = {}
    for i, row in enumerate(body.rows):
        groups.setdefault((row.boundary, row.reasoning_tokens is None), []).append(i)
    order: list[int] = []
    for (boundary, estimated), indices in groups.items():
        records = []
        for i in indices:
            row = body.rows[i]
            record = row.model_dump(exclude={"boundary"})
            if estimated:
                del record["reasoning_tokens"]
            for column in TOKEN_COLUMNS:
                if column in record:
                    record[column] *= row.requests
            records.append(record)
        table = pa.Table.from_pylist(records)
        parts.append(estimate_batch(table, config.registry, boundary=boundary).to_pydict())
        order.extend(indices)
    position = {original: i for i, original in enumerate(order)}
    columns = set.intersection(*(set(part) for part in parts))
    stacked = {column: [v for part in parts for v in part[column]] for column in columns}
    data = {
        column: [values[position[i]] for i in range(len(order))]
        for column, values in stacked.items()
    }
    num_rows = len(order)
    out_rows = []
    for i in range(num_rows):
        out_rows.append(
            BatchRow(
                model_id=data["model_id"][i],
                grid_zone=data["grid_zone"][i],
                impacts={
                    c: _clean_range([data[f"{c}_low"][i], data[c][i], data[f"{c}_high"][i]])
                    for c in SUMMED_COLUMNS
                },
            )
        )
    totals = {}
    for column in SUMMED_COLUMNS:
        sums = []
        for suffix in ("_low", "", "_high"):
            values = [v for v in data[f"{column}{suffix}"] if v is not None and math.isfinite(v)]
            sums.append(math.fsum(values) if values else None)
        unknown = sum(
            int(r)
            for r, v in zip(data["requests"], data[column], strict=True)
            if v is None or not math.isfinite(v)
        )
        totals[column] = RangeOut(
            low=sums[0], central=sums[1], high=sums[2], unknown_requests=unknown
        )
    return BatchResponse(
        rows=out_rows,
        totals=totals,
        registry_version=config.registry.version,
        methodology_version=str(data["methodology_version"][0]),
    )


@router.post(
    "/import",
    response_model=ImportResponse,
    dependencies=[Depends(require_writer)],
    summary="Import a usage file into the ledger",
    responses={
        401: {"model": Problem, "description": "token missing or wrong"},
        403: {"model": Problem, "description": "write from another host or site refused"},
        413: {"model": Problem, "description": "file larger than the upload limit"},
    },
)
async def api_import(
    request: Request,
    file: UploadFile = File(..., description="A usage export, trace or log file"),
    format: str = Form("auto", max_length=50, description="Format name, or auto to detect"),
) -> ImportResponse:
    """Import one file (idempotent: rows already in the ledger are counted, not added)."""
    data = await import_upload(request, config_of(request), file, format)
    return ImportResponse(**{k: v for k, v in data.items() if k in ImportResponse.model_fields})


class ForgetResponse(BaseModel):
    forgotten_import: int
    record_id: int
    file: str
    activities: int
    quarantined: int


@router.delete(
    "/imports/{import_id}",
    response_model=ForgetResponse,
    dependencies=[Depends(require_writer)],
    summary="Forget one import: remove its rows from the ledger",
    responses={
        401: {"model": Problem, "description": "token missing or wrong"},
        403: {"model": Problem, "description": "write from another host or site refused"},
        422: {"model": Problem, "description": "no such import, or it stored no rows"},
    },
)
def api_forget(
    request: Request,
    import_id: int = FastPath(..., ge=1, le=2**62, description="The import to undo"),
) -> ForgetResponse:
    """Remove one import's activities and quarantined rows in one transaction; the import
    history keeps it (status ``forgotten``) and records the removal (``fairprint forget``)."""
    with open_ledger(config_of(request)) as ledger:
        result = ledger.forget(import_id)
    return ForgetResponse(**vars(result))


PERIOD_MAX = 40
"""Longest ``since``/``until`` accepted (an ISO 8601 time with offset and microseconds)."""


def period(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """``since``/``until`` (both inclusive, as in the CLI) as a half-open UTC datetime range."""
    return parse_period(since, until)


@router.get("/report", summary="The footprint report of the ledger for a period")
def api_report(
    request: Request,
    since: str | None = Query(
        None, max_length=PERIOD_MAX, description=f"First day included: {PERIOD_HELP}"
    ),
    until: str | None = Query(
        None, max_length=PERIOD_MAX, description=f"Last day included: {PERIOD_HELP}"
    ),
    by: str = Query("model", description=f"Grouping: one of {', '.join(DIMENSIONS)}"),
) -> dict[str, Any]:
    """Totals with ranges, groups, timeline, levers and ESRS figures (``fairprint report``)."""
    from fairprint.report import report_dict, report_from_ledger

    if by not in DIMENSIONS:
        raise InputError(f"cannot group by {by!r}; choose one of {', '.join(DIMENSIONS)}")
    config: WebConfig = config_of(request)
    start, end = period(since, until)
    with open_ledger(config) as ledger:
        report = report_from_ledger(ledger, by=by, since=start, until=end, registry=config.registry)
    return report_dict(report)


@router.get("/audits", summary="Fair data-work audits stored in the ledger (k-anonymous)")
def api_audits(request: Request) -> dict[str, Any]:
    """Each stored audit with its k-anonymous results; empty when none was run."""
    with open_ledger(config_of(request)) as ledger:
        return audits_payload(ledger)


@router.get("/models", summary="The models of the registry")
def api_models(request: Request) -> list[dict[str, Any]]:
    """Every model row with its parameters, provider, region and source (null = unknown)."""
    return [{k: plain(v) for k, v in row.items()} for row in config_of(request).registry.models]
