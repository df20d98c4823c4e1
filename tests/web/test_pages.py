"""The dashboard, imports, quarantine and audits pages over a real ledger; page hygiene."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.web._client import local_client

PAGES = (
    "/",
    "/calculator",
    "/calculator?model=gpt-4o",
    "/models",
    "/models/gpt-4o",
    "/audits",
    "/imports",
    "/imports/quarantine",
    "/docs",
)


def _totals(html: str) -> dict[str, float]:
    block = html.split('id="totals"', 1)[1].split("</section>", 1)[0]
    return {
        m: float(v) for m, v in re.findall(r'data-metric="([^"]+)" data-value="([^"]+)"', block)
    }


def test_dashboard_totals_equal_the_report_api(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    api = client.get("/api/report").json()["summary"]["totals"]
    shown = _totals(page.text)
    assert set(shown) == {"energy_kwh", "gwp_kgco2e", "water_l", "adpe_kgsbeq"}
    for column, value in shown.items():
        assert value == pytest.approx(api[column]["central"], rel=1e-12)


def test_dashboard_filters_by_period_and_grouping(client) -> None:
    query = {"since": "2026-08-01", "until": "2026-08-31", "by": "team"}
    page = client.get("/", params=query)
    api = client.get("/api/report", params=query).json()["summary"]
    assert "340 requests" in page.text and api["requests"] == 340
    assert _totals(page.text)["gwp_kgco2e"] == pytest.approx(api["totals"]["gwp_kgco2e"]["central"])
    first_breakdown = page.text.split('id="by-', 1)[1]
    assert first_breakdown.startswith("team")


def test_dashboard_shows_people_beside_planet(client) -> None:
    page = client.get("/")
    people = page.text.split('id="people-by-model"', 1)[1].split("</table>", 1)[0]
    for model in ("gpt-4o", "gpt-4o-mini", "claude-sonnet-4"):
        assert f'data-model="{model}"' in people
    assert "undisclosed" in people


def test_dashboard_lists_levers(client) -> None:
    page = client.get("/")
    assert 'id="levers"' in page.text and "Move gpt-4o traffic to" in page.text


def test_an_empty_ledger_says_how_to_start(calc_client) -> None:
    page = calc_client.get("/")
    assert page.status_code == 200 and "Nothing to show yet" in page.text


def test_imports_and_quarantine_drill_down(client) -> None:
    imports = client.get("/imports").text
    assert "usage.csv" in imports and "/imports/quarantine?import_id=1" in imports
    quarantined = client.get("/imports/quarantine", params={"import_id": 1}).text
    assert "input_tokens: -5" in quarantined
    assert "No quarantined rows" in client.get("/imports/quarantine", params={"import_id": 99}).text


def test_the_import_form_imports_from_this_machine(empty_ledger_path, usage_csv, registry) -> None:

    from fairprint.web import create_app

    client = local_client(create_app(empty_ledger_path, registry=registry), client=("127.0.0.1", 1))
    with usage_csv.open("rb") as handle:
        page = client.post(
            "/imports", files={"file": ("usage.csv", handle)}, data={"format": "auto"}
        )
    assert page.status_code == 200
    assert re.search(r"<strong>5</strong> row\(s\) added", page.text)


def test_audits_page_says_when_no_audit_is_stored(client) -> None:
    page = client.get("/audits")
    assert page.status_code == 200
    assert "<h2>No audit yet</h2>" in page.text
    assert "<code>fairprint audit WORKLOG</code>" in page.text
    assert "data-audit=" not in page.text


class _Audit(HTMLParser):
    """Collects external asset references, form controls and their labels."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.controls: list[str] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.assets.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.assets.append(a["href"] or "")
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "radio"):
            self.controls.append(a.get("id") or "")
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_nothing_from_other_hosts_and_label_every_control(client, url) -> None:
    page = client.get(url)
    assert page.status_code == 200, page.text[:500]
    assert "default-src 'self'" in page.headers["content-security-policy"]
    parser = _Audit()
    parser.feed(page.text)
    assert all(src.startswith("/") for src in parser.assets), parser.assets
    assert all(c and c in parser.labels for c in parser.controls), parser.controls
    assert '<html lang="en">' in page.text and 'name="viewport"' in page.text
    assert 'href="#content"' in page.text


def test_static_assets_are_served_locally(client) -> None:
    assert client.get("/static/enhance.js").status_code == 200
    assert client.get("/favicon.ico").headers["content-type"].startswith("image/svg+xml")


def test_stored_audits_are_listed_k_anonymously(client, ledger_path, tmp_path) -> None:
    from tests.web.conftest import store_audits

    shown_id, suppressed_id = store_audits(ledger_path, tmp_path)
    api = client.get("/api/audits").json()["audits"]
    assert {a["audit_id"] for a in api} == {shown_id, suppressed_id}
    shown = next(a for a in api if a["audit_id"] == shown_id)
    assert shown["workers"] == 12 and shown["figures"]["population"]["workers"] == 12
    assert next(a for a in api if a["audit_id"] == suppressed_id)["suppressed"] is True
    page = client.get("/audits").text
    assert f'data-audit="{shown_id}"' in page and f'data-audit="{suppressed_id}"' in page
    assert "Suppressed: the log has fewer than 5 workers" in page
    assert "worker-1" not in page and "worker-1" not in str(api)


def test_the_import_form_asks_for_the_token_when_the_server_has_one(
    empty_ledger_path, usage_csv, registry
) -> None:

    from fairprint.web import create_app
    from tests.web.conftest import TOKEN

    client = local_client(
        create_app(empty_ledger_path, registry=registry, token=TOKEN), client=("192.0.2.7", 1)
    )
    assert 'id="token"' in client.get("/imports").text
    with usage_csv.open("rb") as handle:
        refused = client.post(
            "/imports", files={"file": ("usage.csv", handle)}, data={"token": "wrong"}
        )
    assert refused.status_code == 401 and "token" in refused.text
    with usage_csv.open("rb") as handle:
        accepted = client.post(
            "/imports", files={"file": ("usage.csv", handle)}, data={"token": TOKEN}
        )
    assert accepted.status_code == 200 and "row(s) added" in accepted.text


def test_the_imports_and_quarantine_pages_speak_french(client) -> None:
    imports = client.get("/imports", params={"lang": "fr"}).text
    assert "Importer un fichier" in imports and "Fichiers importés" in imports
    assert "fichier importé dans" in imports and "déjà connues" in imports
    assert "Import a file" not in imports and "already_known" not in imports
    assert "enregistré" in imports  # the status too
    # the hash is shortened (whole in its title) so the table fits the page
    sha = re.search(r'title="([0-9a-f]{64})"><code>([0-9a-f]+)</code>', imports)
    assert sha is not None and sha.group(1).startswith(sha.group(2)) and len(sha.group(2)) == 12
    quarantine = client.get("/imports/quarantine", params={"lang": "fr"}).text
    assert "Lignes mises de côté" in quarantine and "mise de côté" in quarantine
    assert "Rows set aside" not in quarantine and "raison" in quarantine
