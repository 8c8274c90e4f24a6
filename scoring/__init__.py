"""Checklist scoring of call transcripts (pure: no I/O, no database).

``score_transcript(doc, checklist)`` judges the agent's speech of one ``TranscriptDoc`` against the
``Checklist`` of a dialogue script and returns a ``ScoreResult`` (``.to_dict()`` is the JSON of issue 5);
``recompute`` re-derives score / pass / critical failures after a human override.
"""

from scoring.engine import ItemAnswer, ScoreResult, recompute, score_transcript
from scoring.transcript import Segment, TranscriptDoc, Word

__all__ = ["ItemAnswer", "ScoreResult", "Segment", "TranscriptDoc", "Word", "recompute", "score_transcript"]
