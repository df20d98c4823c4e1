"""Fixtures of the web tests: a real ledger in a temporary folder, the real app over it.

The usage file is a small canonical CSV written here (three teams, two projects, two
months, two models, one malformed row that the importer must quarantine), imported with
the ledger's own ``import_file``, exactly as ``fairprint import`` would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fairprint.registry import Registry
from tests.web._client import local_client

TOKEN = "test-token-3f9a"
LOOPBACK = ("127.0.0.1", 50000)

USAGE_ROWS = [
    # started_at, model, provider, team, project, requests, input, output
    ("2026-07-03T10:00:00Z", "gpt-4o", "openai", "search", "assistant", 120, 90000, 40000),
    ("2026-07-15T11:00:00Z", "gpt-4o-mini", "openai", "search", "assistant", 800, 400000, 90000),
    ("2026-07-21T09:30:00Z", "claude-sonnet-4", "anthropic", "law", "deals", 60, 300000, 30000),
    ("2026-08-02T14:00:00Z", "gpt-4o", "openai", "support", "helpdesk", 300, 150000, 90000),
    ("2026-08-19T16:45:00Z", "claude-sonnet-4", "anthropic", "law", "deals", 40, 200000, 20000),
]


def write_usage_csv(path: Path) -> Path:
    lines = [
        "activity_id,source,started_at,model,provider,team,project,requests,"
        "input_tokens,output_tokens"
    ]
    for i, (started, model, provider, team, project, n, inp, out) in enumerate(USAGE_ROWS):
        lines.append(
            f"req-{i},test-export,{started},{model},{provider},{team},{project},{n},{inp},{out}"
        )
    lines.append("req-bad,test-export,2026-08-20T10:00:00Z,gpt-4o,openai,support,helpdesk,1,-5,10")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_work_log(path: Path, workers: int) -> Path:
    """A canonical work log: ``workers`` people in Kenya, six 40-minute tasks each."""
    lines = ["worker,country,task,started,submitted,pay,currency,status,content_category"]
    for worker in range(workers):
        for task in range(6):
            day, hour = 1 + task % 5, 8 + task
            status = "rejected" if (worker + task) % 7 == 0 else "approved"
            lines.append(
                f"worker-{worker},KE,task-{task},2026-07-0{day}T{hour:02d}:00:00Z,"
                f"2026-07-0{day}T{hour:02d}:40:00Z,1.5,USD,{status},"
                f"{'violent' if task % 3 == 0 else 'none'}"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def store_audits(ledger_path: Path, folder: Path) -> list[str]:
    """Run and store two audits: 12 workers (shown) and 3 workers (suppressed at k = 5)."""
    from fairprint.audit.config import AuditConfig
    from fairprint.audit.run import run_audit
    from fairprint.audit.store import save_audit
    from fairprint.ledger import Ledger

    config = AuditConfig(key_file=folder / "audit.key")
    ids = []
    with Ledger(ledger_path) as ledger:
        for workers in (12, 3):
            log = write_work_log(folder / f"work_{workers}.csv", workers)
            ids.append(save_audit(ledger, run_audit([log], config, format="csv")))
    return ids


@pytest.fixture()
def usage_csv(tmp_path: Path) -> Path:
    return write_usage_csv(tmp_path / "usage.csv")


@pytest.fixture()
def ledger_path(tmp_path: Path, usage_csv: Path) -> Path:
    """A ledger file with the usage CSV imported (via the real ledger)."""
    from fairprint.ledger import Ledger

    path = tmp_path / "ledger.duckdb"
    with Ledger(path) as ledger:
        ledger.import_file(usage_csv, format="csv")
    return path


@pytest.fixture()
def empty_ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "empty" / "ledger.duckdb"


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.default()


@pytest.fixture()
def app(ledger_path: Path, registry: Registry):
    from fairprint.web import create_app

    return create_app(ledger_path, registry=registry)


@pytest.fixture()
def client(app) -> TestClient:
    """A client that connects from loopback (writes allowed without a token)."""
    return local_client(app, client=LOOPBACK)


@pytest.fixture()
def calc_client(empty_ledger_path: Path, registry: Registry) -> TestClient:
    """A client over an app whose ledger is empty (calculator, models, estimates)."""
    from fairprint.web import create_app

    return local_client(create_app(empty_ledger_path, registry=registry), client=LOOPBACK)
