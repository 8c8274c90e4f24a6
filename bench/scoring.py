"""Scoring speed: calls/s for 10-minute transcripts on one core, against plain JSON parsing of the same files.

    .venv/bin/python bench/scoring.py [--calls 200] [--minutes 10] [--seed 1] [--repeat 3]

Long calls are composed from the segments of the demo transcripts (scoring/demo/*.json, or --pool DIR):
segments are drawn at random and varied (extra words, numbers) so that every call has its own wording;
times are laid out to fill the requested length. Target: ≥ 1000
calls/s for scoring (warm caches), printed next to json.loads of the same files measured in the same run.
Timed passes are repeated ``--repeat`` times and the best is kept (the machine may be shared); the warm
pass is also timed with the anchor pre-filter off (``scoring.matcher.PREFILTER``), which gives the same
results by a full search.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogue import default_script_path, load_script_file  # noqa: E402
from dialogue.checklist import Checklist  # noqa: E402
from scoring import TranscriptDoc, matcher, score_transcript  # noqa: E402

EXTRA_WORDS = [
    "сейчас",
    "проверю",
    "заявка",
    "номер",
    "система",
    "ошибка",
    "пожалуйста",
    "спасибо",
    "логин",
    "отчёт",
    "приказ",
]


def _pool(folder: Path) -> list[dict[str, str]]:
    segs = []
    for path in sorted(folder.glob("*.json")):
        segs += json.loads(path.read_text(encoding="utf-8"))["segments"]
    return segs


def _vary(text: str, rnd: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 6)):
        words.insert(rnd.randrange(len(words) + 1), rnd.choice(EXTRA_WORDS))
    if rnd.random() < 0.3:
        words.append(str(rnd.randrange(1000, 99999)))
    return " ".join(words)


def make_call(n: int, minutes: float, rnd: random.Random, pool: list[dict[str, str]]) -> str:
    segments, t = [], 0.5
    while t < minutes * 60:
        src = rnd.choice(pool)
        text = _vary(src["text"], rnd)
        dur = 0.6 + 0.33 * len(text.split())
        segments.append(
            {"speaker": src["speaker"], "start": round(t, 2), "end": round(t + dur, 2), "text": text}
        )
        t += dur + rnd.uniform(0.2, 1.5)
    doc = {"call_id": f"bench-{n}", "language": "ru", "style": "asr", "segments": segments}
    return json.dumps(doc, ensure_ascii=False)


def _best(repeat: int, *runs: Callable[[], object]) -> list[float]:
    """Best CPU time of each run over ``repeat`` rounds (the runs take turns within a round)."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, spent in zip(runs, times, strict=True):
            t0 = time.process_time()
            run()
            spent.append(time.process_time() - t0)
    return [min(t) for t in times]


def _scorer(docs: list[TranscriptDoc], checklist: Checklist, prefilter: bool) -> Callable[[], object]:
    def run() -> None:
        matcher.PREFILTER = prefilter
        for d in docs:
            score_transcript(d, checklist)
        matcher.PREFILTER = True

    return run


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="Timed passes; the best is reported.")
    parser.add_argument(
        "--pool", type=Path, default=ROOT / "scoring" / "demo", help="Transcripts to draw from."
    )
    return parser.parse_args()


def main() -> None:
    args = _args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rnd, pool = random.Random(args.seed), _pool(args.pool)
    texts = [make_call(i, args.minutes, rnd, pool) for i in range(args.calls)]
    checklist = load_script_file(default_script_path()).checklist
    assert checklist is not None

    (t_json,) = _best(args.repeat, lambda: [json.loads(t) for t in texts])
    docs = [TranscriptDoc.model_validate(json.loads(t)) for t in texts]
    (t_cold,) = _best(1, _scorer(docs, checklist, True))  # fills the word caches
    t_warm, t_full = _best(args.repeat, _scorer(docs, checklist, True), _scorer(docs, checklist, False))
    (t_e2e,) = _best(
        args.repeat,
        lambda: [score_transcript(TranscriptDoc.model_validate(json.loads(t)), checklist) for t in texts],
    )

    segs = sum(len(d.segments) for d in docs) / len(docs)
    words = sum(len(s.text.split()) for d in docs for s in d.segments) / len(docs)
    print(f"{args.calls} calls of {args.minutes:g} min: {segs:.0f} segments, {words:.0f} words per call")
    print(f"json.loads only            {args.calls / t_json:10.0f} calls/s")
    print(f"scoring, cold caches       {args.calls / t_cold:10.0f} calls/s")
    print(f"scoring, warm caches       {args.calls / t_warm:10.0f} calls/s   (target >= 1000)")
    print(f"  same, pre-filter off     {args.calls / t_full:10.0f} calls/s")
    print(f"json + validate + scoring  {args.calls / t_e2e:10.0f} calls/s")


if __name__ == "__main__":
    main()
