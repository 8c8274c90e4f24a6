"""Errors raised by the asr package on purpose."""


class AsrError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""


class AudioError(AsrError):
    """A recording cannot be used: missing, empty, corrupt, truncated, silent or unsupported."""


class ModelNotFound(AsrError):
    """The configured model folder does not exist or is not a model of the chosen engine."""


class EngineUnavailable(AsrError):
    """The engine's Python package is not installed (e.g. faster-whisper without the extra)."""


class NoAudioDevice(AsrError):
    """Live capture found no usable input device."""


class BundleError(AsrError):
    """A model bundle cannot be installed: no manifest, bad checksum, missing file or wrong layout."""
