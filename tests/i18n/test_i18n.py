"""French and English: the locale chosen, numbers in the locale's style, a complete catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from fairprint.i18n import localise_numbers, negotiate

SRC = Path(__file__).resolve().parents[2] / "src" / "fairprint"


@pytest.mark.parametrize(
    ("lang", "header", "expected"),
    [
        (None, "fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        (None, "en-US,en;q=0.9,fr;q=0.8", "en"),
        (None, "de-DE,fr;q=0.5", "fr"),
        (None, "de-DE", "en"),
        (None, None, "en"),
        ("fr", "en-GB", "fr"),
        ("en", "fr-FR", "en"),
        ("xx", "fr", "fr"),
        (None, "fr;q=0", "en"),
    ],
)
def test_the_query_wins_then_the_best_accept_language(lang, header, expected) -> None:
    assert negotiate(lang, header) == expected


def test_english_numbers_are_rewritten_in_french_style() -> None:
    text = "1,234.5 kWh (0.074–12,000) 76%"
    assert localise_numbers(text, "fr") == "1\u202f234,5 kWh (0,074–12\u202f000) 76\u202f%"
    assert localise_numbers(text, "en") == text
    assert localise_numbers("gpt-4.1 and llama-3.1-8b", "fr") == "gpt-4.1 and llama-3.1-8b"


def test_every_template_message_has_a_french_translation() -> None:
    from babel.messages.pofile import read_po

    po = SRC / "i18n" / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as stream:
        translated = {m.id for m in read_po(stream) if m.id and m.string and all(m.string)}
    method_map = [("**/templates/**.j2", "jinja2")]
    options = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    missing = []
    for _, _, message, *_ in extract_from_dir(str(SRC), method_map, options_map=options):
        key = message[0] if isinstance(message, list | tuple) else message
        if key not in translated and not any(
            isinstance(t, tuple) and t[0] == key for t in translated
        ):
            missing.append(key)
    assert missing == []


def test_the_html_report_can_be_written_in_french(tmp_path) -> None:
    from typer.testing import CliRunner

    from fairprint.cli import app
    from fairprint.demo import run_demo

    ledger = run_demo(ledger_path=tmp_path / "demo.duckdb").ledger_path
    target = tmp_path / "empreinte.html"
    args = ["report", "--ledger", str(ledger), "--format", "html", "--output", str(target)]
    result = CliRunner().invoke(app, [*args, "--lang", "fr"])
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page
    assert "Empreinte" in page and "Pourquoi une fourchette si large ?" in page
    assert "Carbone économisé" in page and "Énergie" in page
    # levers, people and ESRS parts are French too, lever titles and notes included
    assert "Passer le trafic de gpt-4o sur gpt-4o-mini" in page
    assert "vérifiez qu’il fait l’affaire avant de changer" in page
    assert "Transparence des fournisseurs sur le travail" in page and "Périmètre" in page
    assert "lignes sans nombre de requêtes" in page or "ligne sans nombre de requêtes" in page
    for english in ("Move gpt-4o traffic", "Labour transparency of the providers", ">Datapoint<"):
        assert english not in page
    # sentences built in Python: the People finding, the premium, data-work and method notes
    assert "de vos requêtes" in page and "Prime de données équitables (porter" in page
    assert "aucune publication sur le travail des données enregistrée pour la famille" in page
    assert "Chaque chiffre est donné en bas / central / haut" in page
    for english in (
        "of your requests",
        "Fair-data premium (lifting",
        "no data-work disclosure recorded",
        "estimated by analogy — the developer discloses nothing: range over",
        "Each figure is given as low / central / high",
    ):
        assert english not in page
    refused = CliRunner().invoke(app, [*args, "--lang", "de"])
    assert refused.exit_code == 2 and "--lang must be one of" in refused.output


def test_chart_texts_are_translated_but_their_data_attributes_are_not() -> None:
    import math

    from fairprint.i18n import localise_svg
    from fairprint.report.charts import Point, bar_chart, time_chart

    nan = math.nan
    svg = str(
        time_chart(
            [Point("2026-01", 1, 2.5, 3), Point("2026-02", nan, nan, nan)], "kWh", "#333", "Energy"
        )
    )
    french = localise_svg(svg, "fr")
    assert "Énergie dans le temps (kWh)" in french
    assert "2026-02: inconnu (jamais compté comme zéro)" in french
    assert 'data-value="2.5"' in french and "2,50 kWh" in french
    bars = localise_svg(
        str(bar_chart([Point("gpt-4o", 1, 2, 3)], "kgCO2e", "#333", "Carbon by model")), "fr"
    )
    assert "Carbone par modèle" in bars
    assert localise_svg(svg, "en") == svg


def test_the_model_sheet_speaks_french(tmp_path) -> None:
    from fairprint.registry import Registry
    from fairprint.web import create_app
    from tests.web._client import local_client
    from tests.web.conftest import LOOPBACK

    ledger = tmp_path / "empty" / "ledger.duckdb"
    client = local_client(create_app(ledger, registry=Registry.default()), client=LOOPBACK)
    page = client.get("/models/gpt-4o?lang=fr").text
    assert "Une requête de la forme « " in page
    assert "Travail humain sur les données de la famille gpt-4o" in page
    assert "Essayer d’autres volumes et régions dans le calculateur" in page
    assert "ce qui est connu et ce qui est caché" in page and "Servi depuis" in page
    for english in (
        "One request of the shape",
        "Human data work of the",
        "About this model",
        "what is known and what is hidden",
        ">Served from",
    ):
        assert english not in page
