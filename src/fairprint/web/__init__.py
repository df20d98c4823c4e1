"""The local web app: dashboard, calculator, model sheets, audits and a JSON API.

``create_app(ledger_path, registry=None, token=None)`` returns a FastAPI app; ``fairprint
serve`` runs it with uvicorn. Needs the ``web`` extra (FastAPI, uvicorn, python-multipart).
"""

from fairprint.web.app import create_app

__all__ = ["create_app"]
