"""Receiving an uploaded file and importing it: shared by the API and the Imports page.

The request body has already been limited while it streamed in (``guard.BodyGuard``:
the writer is authorised and the size checked before anything is read). The file is
copied in 1 MiB chunks into a private scratch folder (``fairprint._scratch``: removed
after the import, swept after a crash) and refused (413) past the limit; the ledger then
imports it in one transaction (idempotent by activity id). The file name only keeps its
last component, and names that are not file names (``..``, empty, control characters)
are refused with 400.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, UploadFile

from fairprint import _scratch
from fairprint.errors import InputError
from fairprint.web.config import WebConfig
from fairprint.web.store import open_ledger, rows

CHUNK = 1024 * 1024
SLACK = 64 * 1024
"""Multipart overhead tolerated above the file limit when checking Content-Length."""


def check_length(request: Request, config: WebConfig) -> None:
    """Refuse early (413) a request whose declared length is already over the limit."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > config.max_upload_bytes + SLACK:
        raise HTTPException(
            413, f"request larger than the upload limit of {config.max_upload_bytes:,} bytes"
        )


MAX_NAME = 200
"""Longest file name kept (the extension tells the importer the format)."""


def safe_name(filename: str | None) -> str:
    """The last component of an upload's file name; 400 when it is not a file name."""
    raw = (filename or "upload").replace("\\", "/")
    name = raw.rsplit("/", 1)[-1].strip()
    if name in ("", ".", "..") or not name.isprintable() or len(name) > MAX_NAME:
        shown = "".join(ch for ch in raw[:60] if ch.isprintable())
        raise HTTPException(400, f"{shown!r} is not a file name: name the upload like usage.csv")
    return name


async def save_upload(upload: UploadFile, folder: Path, limit: int) -> Path:
    """Stream ``upload`` into ``folder``; 413 past ``limit`` bytes, InputError when empty."""
    name = safe_name(upload.filename)
    target = folder / name
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise HTTPException(
                    413,
                    f"{name} is larger than this server's upload limit of {limit:,} bytes; "
                    "import it with `fairprint import` instead",
                )
            out.write(chunk)
    if size == 0:
        raise InputError(f"{name} is empty: nothing to import")
    return target


async def import_upload(
    request: Request, config: WebConfig, upload: UploadFile, file_format: str
) -> dict[str, Any]:
    """Import ``upload`` into the ledger; the ledger's ``ImportResult`` as a plain dict."""
    check_length(request, config)
    with _scratch.folder("upload") as folder:
        path = await save_upload(upload, folder, config.max_upload_bytes)
        with open_ledger(config) as ledger:
            result = ledger.import_file(
                path, format=file_format or "auto", registry=config.registry
            )
    data = rows([result])[0]
    data["file"] = Path(str(data.get("file") or path.name)).name
    return data
