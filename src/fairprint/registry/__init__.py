"""The reference-data registry: sourced factors as versioned CSV files, validated on load."""

from fairprint.registry.registry import Parameter, Registry

__all__ = ["Parameter", "Registry"]
