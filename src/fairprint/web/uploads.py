"""Receiving an uploaded file and importing it: shared by the API and the Imports page.

The upload is streamed to a private temporary folder in 1 MiB chunks and refused (413)
as soon as it passes the server's limit, so a large or endless body never fills memory
or disk; the ledger then imports it in one transaction (idempotent by activity id).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, UploadFile

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


async def save_upload(upload: UploadFile, folder: Path, limit: int) -> Path:
    """Stream ``upload`` into ``folder``; 413 past ``limit`` bytes, InputError when empty."""
    name = Path(upload.filename or "upload").name or "upload"
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
    with tempfile.TemporaryDirectory(prefix="fairprint-upload-") as folder:
        path = await save_upload(upload, Path(folder), config.max_upload_bytes)
        with open_ledger(config) as ledger:
            result = ledger.import_file(
                path, format=file_format or "auto", registry=config.registry
            )
    data = rows([result])[0]
    data["file"] = Path(str(data.get("file") or path.name)).name
    return data
