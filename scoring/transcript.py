"""Transcript document of one call (the format of ../shared/data/FORMAT.md), shared by ASR and scoring."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Speaker = Literal["agent", "caller", "unknown"]


class Word(BaseModel):
    model_config = ConfigDict(extra="ignore")
    word: str
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    conf: float | None = None


class Segment(BaseModel):
    model_config = ConfigDict(extra="ignore")
    speaker: Speaker
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    text: str
    words: list[Word] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Segment:
        if self.end < self.start:
            raise ValueError(f"segment ends ({self.end}) before it starts ({self.start})")
        return self


class TranscriptDoc(BaseModel):
    """``TranscriptDoc.model_validate(json_dict)``; ``labels``/``rationale`` only in labelled data."""

    model_config = ConfigDict(extra="ignore")
    call_id: str = Field(min_length=1)
    language: Literal["ru", "kk", "mixed"] = "ru"
    style: Literal["clean", "asr"] | None = None
    script: str | None = None
    segments: list[Segment]
    labels: dict[str, bool | None] | None = None
    rationale: dict[str, str] | None = None
    metrics: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _sorted(self) -> TranscriptDoc:
        starts = [s.start for s in self.segments]
        if starts != sorted(starts):
            self.segments.sort(key=lambda s: s.start)
        return self
