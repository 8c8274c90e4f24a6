"""Errors of the composition root (configuration, wiring)."""


class SapaError(Exception):
    """Base class; the CLI prints these as one line and exits non-zero."""


class ConfigError(SapaError):
    """config.yaml, SAPA_* environment or a flag is wrong; the message names the key and the file."""
