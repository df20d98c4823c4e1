"""The bundled demo: an invented organisation's quarter of AI usage, in six log formats.

``fairprint demo`` (the README's main command) calls :func:`run_demo`, which writes the
sample with :func:`write_sample`, imports it into a temporary ledger and builds the report.
"""

from fairprint.demo.run import DemoResult, run_demo
from fairprint.demo.sample import FILES, SEED, Sample, write_sample

__all__ = ["FILES", "SEED", "DemoResult", "Sample", "run_demo", "write_sample"]
