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

from fairprint.cli._extras import require_extra
from fairprint.cli._shared import LedgerOption, RegistryOption, load_registry
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
    from fairprint.track import measure, measurement_json, print_measurement

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
    if as_json:
        typer.echo(json.dumps(measurement_json(measurement, command, returncode, written)))
    else:
        print_measurement(console, measurement, written)
    raise typer.Exit(returncode)


def collect(
    otlp: Annotated[
        bool,
        typer.Option("--otlp", help="Receive OTLP/HTTP traces (JSON or protobuf) on /v1/traces."),
    ] = False,
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (4318: the OTLP/HTTP port).")] = 4318,
    project: Annotated[
        str | None, typer.Option(help="Project label (default: each resource's service.name).")
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="FAIRPRINT_TOKEN",
            help="Bearer token exporters must send (needed beyond loopback).",
            show_default=False,
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Host name clients may address besides loopback (repeatable; * for any).",
            show_default=False,
        ),
    ] = None,
    commit_every: Annotated[
        float, typer.Option(min=0.1, max=3600, help="Seconds between commits to the ledger.")
    ] = 1.0,
    ledger: LedgerOption = None,
) -> None:
    """Receive traces from an OpenTelemetry Collector or SDK and add gen_ai spans to the ledger.

    Point a Collector's otlphttp exporter (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) at
    http://HOST:PORT/v1/traces. Spans are spooled and committed in short transactions, so
    `fairprint report` and the dashboard can read the ledger meanwhile. Stop with Ctrl-C.
    """
    if not otlp:
        raise TrackingError(
            "say what to collect: `fairprint collect --otlp` receives OTLP/HTTP traces"
        )
    require_extra("track", "collect", "opentelemetry.proto", "google.protobuf")
    from fairprint._asgi import is_loopback
    from fairprint.track import OtlpReceiver, ledger_sink

    if not is_loopback(host) and not token:
        raise TrackingError(
            f"--host {host} exposes the receiver beyond this machine: pass --token (or set "
            "FAIRPRINT_TOKEN) and configure the exporter to send it"
        )
    path = _ledger_path(ledger)
    console = Console(stderr=True)

    def committed(rows: int, total: int) -> None:
        console.print(f"fairprint: committed {rows} span(s) to the ledger ({total} in all)")

    sink = ledger_sink(path, interval_s=commit_every, on_commit=committed)
    receiver = OtlpReceiver(
        sink, host=host, port=port, project=project, token=token, allowed_host=allowed_host or ()
    )
    console.print(f"fairprint: receiving OTLP traces on {receiver.url}/v1/traces into {path}")
    try:
        receiver.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sink.close()
        console.print(
            f"fairprint: {receiver.accepted} inference span(s) stored, {receiver.rejected} refused"
        )


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``collect`` to the ``fairprint`` command."""
    app.command("run", context_settings={"allow_interspersed_args": False})(run)
    app.command("collect")(collect)
