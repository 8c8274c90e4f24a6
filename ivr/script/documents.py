"""Active dialogue script documents for the IVR: the catalogue's (``qa.catalogue``), parsed once per
content hash and shared by every AGI thread."""

from __future__ import annotations

from qa.catalogue import ActiveScripts

__all__ = ["ActiveScripts"]
