"""FORMAT.md checks that do not need the scoring package (its pydantic models are used when present)."""

from __future__ import annotations

import importlib
from typing import Any


def check_format(doc: dict[str, Any]) -> None:
    assert {"call_id", "language", "segments"} <= doc.keys()
    for seg in doc["segments"]:
        assert seg["speaker"] in ("agent", "caller", "unknown")
        assert isinstance(seg["text"], str) and seg["text"].strip()
        for word in seg["words"]:
            assert {"word", "start", "end", "conf"} <= word.keys()
    try:
        models = importlib.import_module("scoring.transcript")
    except ImportError:
        return
    models.TranscriptDoc.model_validate(doc)
