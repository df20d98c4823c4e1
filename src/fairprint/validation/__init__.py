"""Validation: fairprint's estimates beside published figures it was not fitted on.

``load_cases`` reads ``registry/data/validation_cases.csv``; ``compare_cases`` runs the
estimate of each case at the case's boundary; ``summarise`` gives the headline shares;
``render`` writes the result as text, Markdown, JSON or HTML. The CLI's ``fairprint
validate`` is a thin skin over these.
"""

from fairprint.validation.cases import ValidationCase, load_cases
from fairprint.validation.compare import Comparison, compare_case, compare_cases
from fairprint.validation.render import FORMATS, render
from fairprint.validation.summary import Summary, summarise

__all__ = [
    "FORMATS",
    "Comparison",
    "Summary",
    "ValidationCase",
    "compare_case",
    "compare_cases",
    "load_cases",
    "render",
    "summarise",
]
