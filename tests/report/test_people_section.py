"""The People section of the report: the data work behind the models in the traffic.

The registry is the mini registry plus people tables written here (invented test-fixture
rows, so every figure is known by hand) and the shipped wage and currency tables.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from rich.console import Console

from fairprint.impacts import estimate_table
from fairprint.impacts.datawork import datawork_hours_columns
from fairprint.ledger import Ledger
from fairprint.registry import Registry
from fairprint.registry.people_schema import DATAWORK, TRANSPARENCY
from fairprint.registry.registry import DATA_DIR
from fairprint.report import build_report, render_html, render_terminal, report_from_ledger
from fairprint.report.esrs import METHODOLOGY_NOTES, esrs_notes, to_esrs_csv
from fairprint.report.json_csv import to_json
from fairprint.report.people import people_section
from tests.conftest import MINI_REGISTRY
from tests.report.conftest import activities, activity

DATAWORK_URL = "https://example.org/dense-model-card"
PRESS_URL = "https://example.org/vendor-investigation"
FMTI_URL = "https://example.org/fmti-test-scores"
PROVENANCE = {"year": "2024", "licence": "CC0-1.0"}

DATAWORK_ROWS = [
    # the dense family discloses its annotation hours (1,000 - 1,200 - 1,500 h)
    {
        "family": "dense",
        "provider": "acme",
        "field": "annotation_hours",
        "value_low": "1000",
        "value": "1200",
        "value_high": "1500",
        "unit": "hours",
        "status": "disclosed",
        "disclosed_by": "developer",
        "source": "Test fixture: dense model card",
        "source_url": DATAWORK_URL,
    },
    # the closed family names a vendor but no hours: some facts, hours undisclosed
    {
        "family": "closed",
        "provider": "acme",
        "field": "vendors",
        "text_value": "LabelCo",
        "status": "disclosed",
        "disclosed_by": "press",
        "source": "Test fixture: vendor investigation",
        "source_url": PRESS_URL,
    },
    # a provider-wide supply-chain fact: take-home pay in Kenya
    {
        "family": "*",
        "provider": "acme",
        "field": "pay_per_hour",
        "item": "labelco-2022",
        "value_low": "1.5",
        "value": "2",
        "value_high": "2.5",
        "unit": "take-home per hour",
        "currency": "USD",
        "country": "KE",
        "status": "disclosed",
        "disclosed_by": "press",
        "source": "Test fixture: vendor investigation",
        "source_url": PRESS_URL,
        "year": "2022",
    },
]

TRANSPARENCY_ROWS = [
    {
        "provider": "acme",
        "provider_name": "Acme Labs",
        "fmti_developer": "Acme",
        "edition": "2025-12",
        "indicator": indicator,
        "score": score,
        "evidence": "test fixture",
        "source": "Test fixture: FMTI scores",
        "source_url": FMTI_URL,
    }
    for indicator, score in (
        ("new_human_generated_data_sources", "0"),
        ("instructions_for_data_generation", "1"),
        ("data_laborer_practices", "0"),
    )
]


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: {**PROVENANCE, **row}.get(c, "") for c in columns})


@pytest.fixture()
def people_registry(tmp_path: Path) -> Registry:
    """The mini registry with data-work and FMTI rows for its models, plus wages and PPP."""
    folder = tmp_path / "registry"
    shutil.copytree(MINI_REGISTRY, folder)
    _write(folder / "datawork.csv", DATAWORK.columns, DATAWORK_ROWS)
    _write(folder / "transparency.csv", TRANSPARENCY.columns, TRANSPARENCY_ROWS)
    for name in ("wages", "currency"):
        shutil.copy(DATA_DIR / f"{name}.csv", folder / f"{name}.csv")
    return Registry(folder)


# requests: dense 5 (3 + 2 by alias), moe 6, closed 3, an unknown model 6 → 20
ROWS = [
    activity(
        0, model="dense-70b", provider="acme", requests=3, input_tokens=900, output_tokens=300
    ),
    activity(
        1, model="acme/dense-70b", provider="acme", requests=2, input_tokens=400, output_tokens=200
    ),
    activity(
        2, model="moe-400b", provider="acme", requests=6, input_tokens=3000, output_tokens=900
    ),
    activity(3, model="closed-x", provider="acme", requests=3, input_tokens=600, output_tokens=600),
    activity(
        4, model="mystery-9000", provider="acme", requests=6, input_tokens=100, output_tokens=100
    ),
]

LIFETIME_REQUESTS = (1e6, 2e6, 4e6)


@pytest.fixture()
def traffic(people_registry: Registry) -> pa.Table:
    return estimate_table(activities(ROWS), people_registry, on_unknown="null")


def with_datawork_hours(table: pa.Table, registry: Registry) -> pa.Table:
    """Append datawork_h columns with the impacts kernel and a lifetime-requests assumption.

    Rows of models outside the registry keep NaN (unknown), as the pipeline would leave them.
    """
    model_ids = table["model_id"].to_pylist()
    known = [i for i, model_id in enumerate(model_ids) if model_id]
    requests = table["requests"].to_pylist()
    hours = datawork_hours_columns(
        [model_ids[i] for i in known],
        [requests[i] for i in known],
        registry,
        lifetime_requests=LIFETIME_REQUESTS,
    )
    for name, values in hours.items():
        column = np.full(table.num_rows, np.nan)
        column[known] = values
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, pa.array(column))
    return table


def terminal_text(report) -> str:
    console = Console(record=True, width=200)
    render_terminal(report, console)
    return console.export_text()


def test_share_of_requests_on_undisclosed_models_matches_a_hand_count(
    traffic: pa.Table, people_registry: Registry
) -> None:
    section = people_section(traffic, people_registry)
    assert section.requests == 20
    assert section.undisclosed_request_share == pytest.approx(6 / 20)
    assert section.unknown_model_requests == 6
    status = {m.model: m.status for m in section.models}
    assert status == {
        "dense-70b": "disclosed",
        "moe-400b": "undisclosed",
        "closed-x": "undisclosed",
        "mystery-9000": "not in registry",
    }
    assert [m.model for m in section.nothing_disclosed] == ["moe-400b"]
    assert [m.model for m in section.hours_undisclosed] == ["closed-x"]


def test_share_of_carbon_on_undisclosed_models_matches_a_hand_sum(
    traffic: pa.Table, people_registry: Registry
) -> None:
    rows = traffic.to_pylist()
    known = [r for r in rows if r["gwp_kgco2e"] is not None and not math.isnan(r["gwp_kgco2e"])]
    moe = sum(r["gwp_kgco2e"] for r in known if r["model"] == "moe-400b")
    section = people_section(traffic, people_registry)
    assert section.undisclosed_carbon_share == pytest.approx(
        moe / sum(r["gwp_kgco2e"] for r in known)
    )


def test_the_finding_states_the_gap_plainly(traffic: pa.Table, people_registry: Registry) -> None:
    finding = people_section(traffic, people_registry).finding
    assert finding.startswith("30.0% of your requests (")
    assert "ran on models whose developers disclose nothing about the human data work" in finding
    assert "A further 15.0% ran on models with some published data-work facts" in finding
    assert "6 requests ran on models not in the registry" in finding


def test_a_disclosed_model_shows_its_hours_and_their_source(
    traffic: pa.Table, people_registry: Registry
) -> None:
    table = with_datawork_hours(traffic, people_registry)
    section = people_section(table, people_registry)
    dense = next(m for m in section.models if m.model == "dense-70b")
    assert dense.family_hours == (1000.0, 1200.0, 1500.0)
    # H / R x requests: favourable end = fewest hours over most lifetime requests
    assert dense.traffic_hours == pytest.approx((1000 / 4e6 * 5, 1200 / 2e6 * 5, 1500 / 1e6 * 5))
    assert dense.sources == (("Test fixture: dense model card", DATAWORK_URL),)
    assert section.datawork_h == pytest.approx(dense.traffic_hours)
    assert section.datawork_unknown_requests == 6 + 3 + 6  # moe, closed, unknown model
    report = build_report(table, registry=people_registry, levers=False)
    text = terminal_text(report)
    assert "family: 1,200 h (1,000–1,500)" in text
    assert "yours: 0.003 h (0.00125–0.0075)" in text
    html = render_html(report)
    assert "1,200 h (1,000–1,500)" in html
    data = json.loads(to_json(report))["people"]
    entry = next(m for m in data["models"] if m["model"] == "dense-70b")
    assert entry["family_hours"] == [1000.0, 1200.0, 1500.0]
    assert entry["sources"] == [{"source": "Test fixture: dense model card", "url": DATAWORK_URL}]
    assert data["datawork_h"]["central"] == pytest.approx(0.003)


def test_unknown_hours_are_never_zero(traffic: pa.Table, people_registry: Registry) -> None:
    report = build_report(traffic, registry=people_registry, levers=False)
    data = json.loads(to_json(report))["people"]
    for entry in data["models"]:
        assert entry["traffic_hours"] is None
    moe = next(m for m in data["models"] if m["model"] == "moe-400b")
    assert moe["family_hours"] is None
    assert data["datawork_h"]["central"] is None
    assert data["datawork_unknown_requests"] == 20
    text = terminal_text(report)
    assert "Embedded data work in this traffic: none known; undisclosed for 20 requests" in text
    assert "yours: not amortised" in text  # dense: hours known, no lifetime assumption


def test_undisclosed_and_the_finding_appear_in_terminal_html_and_json_from_a_ledger(
    tmp_path: Path, people_registry: Registry
) -> None:
    with Ledger(tmp_path / "usage.duckdb") as ledger:
        ledger.add_activities(activities(ROWS), origin="test", registry=people_registry)
        report = report_from_ledger(ledger, registry=people_registry)
    assert report.people is not None
    assert report.people.undisclosed_request_share == pytest.approx(6 / 20)
    finding = report.people.finding
    text = terminal_text(report)
    assert "People — the human data work behind these models" in text
    assert " ".join(finding.split()) in " ".join(text.split())
    assert "undisclosed" in text
    html = render_html(report)
    assert 'id="people"' in html
    assert '<tr data-model="moe-400b" data-status="undisclosed">' in html
    assert "disclose nothing about the human data work behind them" in html
    data = json.loads(to_json(report))["people"]
    assert data["finding"] == finding
    assert {m["model"]: m["status"] for m in data["models"]}["moe-400b"] == "undisclosed"
    assert data["undisclosed_request_share"] == pytest.approx(0.3)


def test_provider_score_lists_the_indicators_disclosed_and_undisclosed(
    traffic: pa.Table, people_registry: Registry
) -> None:
    (acme,) = people_section(traffic, people_registry).providers
    assert (acme.name, acme.edition, acme.points, acme.possible) == ("Acme Labs", "2025-12", 1, 3)
    assert acme.disclosed == ("instructions for data generation",)
    assert acme.undisclosed == ("new human generated data sources", "data laborer practices")
    assert acme.requests == 14  # the unknown model's requests belong to no known provider


def test_supply_chain_facts_and_wage_comparisons_carry_their_sources(
    traffic: pa.Table, people_registry: Registry
) -> None:
    section = people_section(traffic, people_registry)
    (acme,) = section.providers
    pay = next(f for f in acme.facts if f.field == "pay_per_hour")
    assert (pay.value, pay.country, pay.source_url) == (
        "1.50–2.50 (central 2) USD take-home per hour",
        "KE",
        PRESS_URL,
    )
    minimum = next(w for w in acme.wages if w.standard == "minimum")
    assert minimum.country == "KE" and minimum.reference_ppp and minimum.source
    assert minimum.ratio == pytest.approx(minimum.pay_ppp[1] / minimum.reference_ppp)
    urls = {url for _, url in section.sources}
    assert {DATAWORK_URL, PRESS_URL, FMTI_URL, minimum.source_url} <= urls
    report = build_report(traffic, registry=people_registry, levers=False)
    text, html, data = terminal_text(report), render_html(report), to_json(report)
    for url in (PRESS_URL, FMTI_URL, minimum.source_url):
        assert url in text
        assert f'href="{url}"' in html
        assert url in data


def test_a_registry_without_people_tables_reports_everything_undisclosed(
    small_table: pa.Table, mini_registry: Registry
) -> None:
    section = build_report(small_table, registry=mini_registry, levers=False).people
    assert section is not None
    assert {m.status for m in section.models} == {"undisclosed"}
    assert section.undisclosed_request_share == pytest.approx(1.0)
    assert any("no datawork table" in note for note in section.notes)
    assert all(p.edition is None for p in section.providers)


def test_the_esrs_export_adds_an_s2_note_but_no_s2_datapoint(
    traffic: pa.Table, people_registry: Registry
) -> None:
    report = build_report(traffic, registry=people_registry, levers=False)
    rows = list(csv.DictReader(io.StringIO(to_esrs_csv(list(report.esrs)))))
    assert not any(r["standard"] == "ESRS S2" for r in rows if r["kind"] == "datapoint")
    assert any("ESRS S2" in note for note in METHODOLOGY_NOTES)


@pytest.fixture()
def underpaid_registry(tmp_path: Path) -> Registry:
    """The shipped registry with every Kenyan pay report cut to 0.1-0.3 USD/h (a test
    fixture, below any living wage), so the premium is positive and known by hand."""
    folder = tmp_path / "underpaid"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "datawork.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or ()), list(reader)
    for row in rows:
        if row["field"] == "pay_per_hour" and row["country"] == "KE":
            row.update(value_low="0.1", value="0.2", value_high="0.3", currency="USD")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return Registry(folder)


PREMIUM_ROWS = [
    activity(0, model="gpt-4o", provider="openai", requests=4000, output_tokens=900),
    activity(1, model="mystery-9000", provider="acme", requests=6, output_tokens=100),
]


def test_the_fair_data_premium_over_a_ledger_is_in_every_writer(
    tmp_path: Path, underpaid_registry: Registry
) -> None:
    from fairprint.report.json_csv import to_csv
    from fairprint.report.people import ledger_premium

    registry = underpaid_registry
    with Ledger(tmp_path / "usage.duckdb") as ledger:
        ledger.add_activities(activities(PREMIUM_ROWS), origin="test", registry=registry)
        report = report_from_ledger(ledger, registry=registry, by="model")
    people = report.people
    assert people is not None
    requests = {m.model: m.requests for m in people.models if m.requests}
    expected = ledger_premium(requests, registry)
    assert expected.total_ppp is not None and expected.total_ppp[1] > 0
    assert people.premium_total == pytest.approx(expected.total_ppp)
    # the unknown model's 6 requests are stated, not counted as 0
    assert people.premium_unknown_requests == pytest.approx(expected.requests_unknown)
    assert people.premium_unknown_requests >= 6
    text = " ".join(terminal_text(report).split())
    assert "Fair-data premium" in text and "PPP $ per 1,000 requests" in text
    assert f"Unknown for {people.premium_unknown_requests:,} requests" in text
    html = render_html(report)
    assert 'id="people-premium"' in html and "PPP $ over the period" in html
    data = json.loads(to_json(report))["people"]
    assert data["premium_ppp"]["central"] == pytest.approx(expected.total_ppp[1])
    assert data["premium_unknown_requests"] == people.premium_unknown_requests
    known = [m for m in data["models"] if m["premium_ppp_period"] is not None]
    assert math.fsum(m["premium_ppp_period"]["central"] for m in known) == pytest.approx(
        expected.total_ppp[1]
    )
    rows = list(csv.DictReader(io.StringIO(to_csv(report.summary, people))))
    by_model = {r["model"]: r["fair_data_premium_ppp"] for r in rows}
    assert by_model["mystery-9000"] == ""  # unknown, never 0
    assert math.fsum(float(v) for v in by_model.values() if v) == pytest.approx(
        expected.total_ppp[1]
    )
    notes = [
        r["notes"]
        for r in csv.DictReader(io.StringIO(to_esrs_csv(list(report.esrs), esrs_notes(people))))
        if r["kind"] == "note"
    ]
    assert any(n.startswith("ESRS S2 context — Fair-data premium") for n in notes)
