"""``fairprint run -- COMMAND`` and ``fairprint collect --otlp``: the trackers' doors.

Thin: each command parses, calls ``fairprint.track`` and prints.
"""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from fairprint.cli._extras import require_extra
from fairprint.cli._shared import LedgerOption, RegistryOption, fmt, load_registry
from fairprint.errors import TrackingError


def _ledger_path(path: Path | None) -> Path:
    if path is not None:
        return path
    from fairprint.ledger import default_ledger_path

    return Path(default_ledger_path())


def run(
    command: Annotated[
        list[str],
        typer.Argument(
            help="The command to measure, after `--` (e.g. fairprint run --zone FR -- python "
            "train.py).",
            show_default=False,
        ),
    ],
    zone: Annotated[
        str,
        typer.Option(
            "--zone",
            envvar="FAIRPRINT_ZONE",
            help="Grid zone of this machine's electricity (e.g. FR, DE, US-CAL-CISO).",
        ),
    ],
    project: Annotated[str | None, typer.Option(help="Project label for the ledger.")] = None,
    cpu_watts: Annotated[
        float | None,
        typer.Option(
            "--cpu-watts",
            help="CPU power (TDP, W) for an announced estimate where RAPL is not readable.",
        ),
    ] = None,
    cpu_hardware: Annotated[
        str | None,
        typer.Option(
            "--cpu-hardware", help="Registry hardware id whose tdp_w to use instead of --cpu-watts."
        ),
    ] = None,
    gpu_hardware: Annotated[
        str | None,
        typer.Option(
            "--gpu-hardware",
            help="Registry hardware id of the GPUs (else matched from NVML "
            "names); sets the embodied share.",
        ),
    ] = None,
    interval: Annotated[float, typer.Option(help="Seconds between counter samples.")] = 1.0,
    prometheus_port: Annotated[
        int | None,
        typer.Option(
            "--prometheus-port", help="Serve /metrics on 127.0.0.1:PORT while the job runs."
        ),
    ] = None,
    ledger: LedgerOption = None,
    no_ledger: Annotated[
        bool, typer.Option("--no-ledger", help="Print the result without writing it to the ledger.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    registry: RegistryOption = None,
) -> None:
    """Run COMMAND and measure its energy (NVML, RAPL or an announced estimate), then price it.

    The exit code is COMMAND's. Carbon, water and minerals use the grid zone; the embodied
    share covers the GPUs matched in the registry for the time the job ran.
    """
    from fairprint.track.compute import measure

    if not command:
        raise TrackingError(
            "no command given: write it after `--`, e.g. fairprint run --zone FR -- python train.py"
        )
    console = Console(stderr=as_json)
    loaded = load_registry(registry)
    quiet = logging.NullHandler()  # the notes are printed below; no second copy on stderr
    logging.getLogger("fairprint.track").addHandler(quiet)
    with measure(
        zone,
        project=project,
        interval_s=interval,
        cpu_watts=cpu_watts,
        cpu_hardware=cpu_hardware,
        gpu_hardware=gpu_hardware,
        prometheus_port=prometheus_port,
        registry=loaded,
        command=shlex.join(command),
    ) as measurement:
        try:
            returncode = subprocess.call(command)
        except FileNotFoundError as exc:
            raise TrackingError(f"cannot run {command[0]!r}: {exc.strerror}") from exc
    logging.getLogger("fairprint.track").removeHandler(quiet)
    written = None
    if not no_ledger:
        path = _ledger_path(ledger)
        measurement.write_ledger(path)
        written = str(path)
    totals = measurement.totals()
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "command": command,
                    "returncode": returncode,
                    "zone": measurement.zone,
                    "domains": {
                        n: {"joules": d.joules, "method": d.method, "hardware": d.hardware}
                        for n, d in measurement.domains.items()
                    },
                    "totals": {k: (None if v != v else v) for k, v in totals.items()},
                    "notes": measurement.notes,
                    "ledger": written,
                }
            )
        )
    else:
        _print_measurement(console, measurement, totals, written)
    raise typer.Exit(returncode)


def _print_measurement(console: Console, measurement, totals: dict, written: str | None) -> None:
    table = Table(
        title=f"{measurement.command} — {measurement.duration_s:.1f} s in "
        f"grid zone {measurement.zone}"
    )
    for column in ("Device", "Energy (Wh)", "Method", "Hardware"):
        table.add_column(column)
    for name, domain in measurement.domains.items():
        energy = None if domain.joules is None else domain.joules / 3600
        table.add_row(name, fmt(energy), domain.method, domain.hardware or "—")
    console.print(table)
    for label, key, factor, unit in (
        ("Energy", "energy_kwh", 1e3, "Wh"),
        ("Carbon, electricity", "gwp_usage_kgco2e", 1e3, "gCO2e"),
        ("Carbon, embodied hardware", "gwp_embodied_kgco2e", 1e3, "gCO2e"),
        ("Water", "water_l", 1e3, "mL"),
        ("Abiotic resources, electricity", "adpe_usage_kgsbeq", 1e6, "mg Sb eq"),
    ):
        value = totals.get(key)
        console.print(f"{label}: {fmt(None if value is None else value * factor)} {unit}")
    for note in measurement.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    if written:
        console.print(f"written to the ledger {written}")


def collect(
    otlp: Annotated[
        bool,
        typer.Option("--otlp", help="Receive OTLP/HTTP traces (JSON or protobuf) on /v1/traces."),
    ] = False,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (4318: the OTLP/HTTP port).")] = 4318,
    project: Annotated[
        str | None, typer.Option(help="Project label (default: each resource's service.name).")
    ] = None,
    ledger: LedgerOption = None,
) -> None:
    """Receive traces from an OpenTelemetry Collector or SDK and add gen_ai spans to the ledger.

    Point a Collector's otlphttp exporter (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) at
    http://HOST:PORT/v1/traces. Stop with Ctrl-C.
    """
    if not otlp:
        raise TrackingError(
            "say what to collect: `fairprint collect --otlp` receives OTLP/HTTP traces"
        )
    require_extra("track", "collect", "opentelemetry.proto", "google.protobuf")
    from fairprint.track.otlp_receiver import OtlpReceiver, ledger_sink

    path = _ledger_path(ledger)
    receiver = OtlpReceiver(ledger_sink(path), host=host, port=port, project=project)
    console = Console(stderr=True)
    console.print(f"fairprint: receiving OTLP traces on {receiver.url}/v1/traces into {path}")
    try:
        receiver.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        receiver.server_close()
        console.print(f"fairprint: {receiver.accepted} inference span(s) stored")


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``collect`` to the ``fairprint`` command."""
    app.command("run", context_settings={"allow_interspersed_args": False})(run)
    app.command("collect")(collect)
