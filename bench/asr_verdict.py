"""Audio to verdict: labelled Russian calls spoken by Festival through a telephone line, `sapa ingest`-ed,
scored, and compared with the same calls' text.

    .venv/bin/python bench/asr_verdict.py [--calls 6] [--skip 6] [--data DIR] [--json] [--engine E --model M]
        [--site DIR (keep recordings and database; recordings reused)] [--set SAPA_ASR_KEY=VALUE ...]

For ``--calls`` Russian calls of the labelled set (FORMAT.md) — by length, after the ``--skip`` (6) shortest,
which are the calls the decoding options were tuned on (docs/benchmarks.md) — every turn is spoken by
Festival (festvox-ru) in one run, laid out in the labelled order on the agent/caller channel (at its
labelled time, or right after the previous turn if the voice is slower), and put through the telephone
chain (300-3400 Hz, 8 kHz µ-law, line noise). The recordings go through the real command, ``sapa ingest``
(faster-whisper base from the PyPI test packages with the site's settings — no script hints unless
``--set SAPA_ASR_HOTWORDS=true`` —, VAD, redaction, scoring, SQLite). Reported, side by side in one run:
  - WER of the agent channel (words lowercased, punctuation and ё folded) against the labelled agent text;
  - checklist agreement with the labels (item accuracy, macro violation-F1) on the audio transcripts and on
    the same calls' text, and the verdicts that flip;
  - RTF (CPU s per channel s) of faster-whisper base from the ingest, and, unless ``--no-speed``, of the
    Korean Vosk test model and the tiny ONNX plumbing model on the first call (speed only: no accuracy).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from asr.config import AsrConfig  # noqa: E402
from asr.pool import Transcriber, engine_spec  # noqa: E402
from asr.synth import Spoken, Turn, speak_all, synthesize_call  # noqa: E402
from asr.testmodels import vosk_test_model, whisper_test_model  # noqa: E402
from dialogue import default_script_path, load_script_file  # noqa: E402
from scoring import TranscriptDoc, score_transcript  # noqa: E402
from scoring.evaluate import EvalReport, evaluate  # noqa: E402

DATA = Path(os.environ.get("SAPA_CALLS", REPO.parent / "shared" / "data" / "calls"))
GAP_S = 0.3
SPEECH_RATE = 16000


def labelled_calls(folder: Path, count: int, skip: int = 0) -> list[dict[str, Any]]:
    """The ``count`` shortest labelled Russian calls after the ``skip`` shortest."""
    calls = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    russian = [c for c in calls if c["language"] == "ru" and c.get("labels")]
    ordered = sorted(russian, key=lambda c: (c["segments"][-1]["end"], c["call_id"]))
    return ordered[skip : skip + count]


def synthesize(calls: list[dict[str, Any]], folder: Path) -> dict[str, list[Spoken]]:
    """One Festival run for every turn of every call; one telephone-chain WAV per call."""
    texts = [seg["text"] for call in calls for seg in call["segments"]]
    clips = iter(speak_all(texts, language="ru", rate=SPEECH_RATE, voice="festival"))
    spoken = {}
    for call in calls:
        turns, own, at = [], [], 0.0
        for seg in call["segments"]:
            clip = next(clips)
            at = max(float(seg["start"]), at)
            turns.append(Turn(seg["speaker"], seg["text"], at))
            own.append(clip)
            at += len(clip) / SPEECH_RATE + GAP_S
        path = folder / f"{call['call_id']}.wav"
        spoken[call["call_id"]] = synthesize_call(
            turns, path, rate=SPEECH_RATE, telephone=True, clips=own, voice="festival"
        )
    return spoken


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("ё", "е"))


def wer(reference: list[str], hypothesis: list[str]) -> float:
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))


def ingest(
    folder: Path, site: Path, model: Path, engine: str = "whisper", settings: dict[str, str] | None = None
) -> float:
    """`sapa ingest FOLDER` with ``engine``, ``model`` and SAPA_* ``settings``; returns its wall time."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    env.update(settings or {})
    # the recordings are complete before ingest starts: no waiting for writers (ingest.stable_s)
    env.update(
        PYTHONPATH=str(REPO), SAPA_DATABASE_URL=f"sqlite:///{site / 'sapa.db'}", SAPA_INGEST_STABLE_S="0"
    )
    run = [sys.executable, "-m", "sapa.cli"]
    subprocess.run([*run, "init"], cwd=site, env=env, check=True, capture_output=True)
    started = time.perf_counter()
    out = subprocess.run(
        [*run, "ingest", str(folder), "--engine", engine, "--model", str(model), "--language", "ru"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"sapa ingest failed:\n{out.stderr[-2000:]}")
    return time.perf_counter() - started


def stored_transcripts(site: Path, call_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The latest transcript of every call, found by call id (ingest may have replaced the recording with
    its redacted copy ``<id>.redacted.wav``)."""
    from sapa.settings import load_settings
    from sapa.wiring import App
    from storage.repositories.transcripts import TranscriptRepository, find_call

    app = App(load_settings(None, database={"url": f"sqlite:///{site / 'sapa.db'}"}))
    out: dict[str, dict[str, Any]] = {}
    try:
        with app.uow() as session:
            for call_id in call_ids:
                call = find_call(session, call_id)
                transcript = TranscriptRepository(session).latest_for_call(call.id) if call else None
                if transcript is not None:
                    out[call_id] = {"segments": transcript.segments, "metrics": transcript.metrics}
    finally:
        app.close()
    return out


def agreement(calls: list[dict[str, Any]], audio: dict[str, dict[str, Any]]) -> dict[str, Any]:
    checklist = load_script_file(default_script_path()).checklist
    text_pairs, audio_pairs, flips = [], [], []
    for call in calls:
        labels = call["labels"]
        on_text = score_transcript(TranscriptDoc.model_validate(call), checklist)
        heard = {**call, "style": "asr", "segments": audio.get(call["call_id"], {}).get("segments", [])}
        on_audio = score_transcript(TranscriptDoc.model_validate(heard), checklist)
        text_answers = {k: v.passed for k, v in on_text.items.items()}
        audio_answers = {k: v.passed for k, v in on_audio.items.items()}
        text_pairs.append((call["call_id"], labels, text_answers))
        audio_pairs.append((call["call_id"], labels, audio_answers))
        flips += [
            f"{call['call_id']}:{k}({_mark(labels[k])}{_mark(text_answers.get(k))}{_mark(audio_answers.get(k))})"
            for k in labels
            if text_answers.get(k) != audio_answers.get(k)
        ]
    text, heard_report = evaluate(text_pairs), evaluate(audio_pairs)
    return {"text": _summary(text), "audio": _summary(heard_report), "flips": flips}


def _mark(verdict: bool | None) -> str:
    """label/text/audio verdicts of a flip: + passed, - violated, ? needs review / not answered."""
    return "?" if verdict is None else "+" if verdict else "-"


def _summary(report: EvalReport) -> dict[str, float]:
    return {"item_accuracy": round(report.total.accuracy, 3), "macro_f1": round(report.macro_f1, 3)}


def agent_wer(calls: list[dict[str, Any]], audio: dict[str, dict[str, Any]]) -> float:
    ref, hyp = [], []
    for call in calls:
        ref += [w for s in call["segments"] if s["speaker"] == "agent" for w in words(s["text"])]
        segs = audio.get(call["call_id"], {}).get("segments", [])
        hyp += [w for s in segs if s["speaker"] == "agent" for w in words(s["text"])]
    return round(wer(ref, hyp), 3)


def speed(path: Path, models: dict[str, tuple[str, Path]]) -> dict[str, float]:
    """RTF per engine on one call (same audio, one worker, VAD on): CPU s per channel s."""
    out = {}
    for label, (engine, model) in models.items():
        config = AsrConfig(workers=1)
        result = next(Transcriber(config, engine_spec(config, engine, str(model), "ru")).run([path]))
        cpu = sum(ch.cpu_s for ch in result.channels)
        out[label] = round(cpu / (result.duration_s * max(1, len(result.channels))), 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=6)
    parser.add_argument(
        "--skip",
        type=int,
        default=6,
        help="leave out the N shortest calls (tuned on)",
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--engine", default="whisper", help="vosk, whisper or onnx (default whisper)")
    parser.add_argument("--model", type=Path, help="model folder (default: faster-whisper base from PyPI)")
    parser.add_argument("--site", type=Path, help="keep the recordings and database here (reused if there)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="SAPA_KEY=VALUE", help="a setting for ingest"
    )
    args = parser.parse_args()
    settings = dict(item.split("=", 1) for item in args.set)
    result = run(
        args.calls,
        args.data,
        speed_check=not args.no_speed,
        engine=args.engine,
        model=args.model,
        skip=args.skip,
        site=args.site,
        settings=settings,
    )
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else report(result))


def run(
    count: int,
    data: Path,
    *,
    speed_check: bool = True,
    engine: str = "whisper",
    model: Path | None = None,
    skip: int = 0,
    site: Path | None = None,
    settings: dict[str, str] | None = None,
) -> dict[str, Any]:
    calls = labelled_calls(data, count, skip)
    if site is not None:
        site.mkdir(parents=True, exist_ok=True)
        return run_in(calls, site, speed_check, engine, model, settings)
    with tempfile.TemporaryDirectory(prefix="sapa-verdict-") as tmp:
        return run_in(calls, Path(tmp), speed_check, engine, model, settings)


def run_in(
    calls: list[dict[str, Any]],
    site: Path,
    speed_check: bool,
    engine: str,
    model: Path | None,
    settings: dict[str, str] | None,
) -> dict[str, Any]:
    """Synthesize into ``site``/recordings (unless there already), ingest a copy of them into a new
    database (ingest replaces a recording with its redacted copy), score."""
    recordings, folder = site / "recordings", site / "calls"
    recordings.mkdir(exist_ok=True)
    ids = [c["call_id"] for c in calls]
    started = time.perf_counter()
    if not all((recordings / f"{i}.wav").is_file() for i in ids):
        synthesize(calls, recordings)
    synth_s = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for call_id in ids:
        shutil.copyfile(recordings / f"{call_id}.wav", folder / f"{call_id}.wav")
    for db in ("sapa.db", "sapa.db-wal", "sapa.db-shm"):
        (site / db).unlink(missing_ok=True)
    base = whisper_test_model(site / "models")
    ingest_s = ingest(folder, site, model or base, engine if model else "whisper", settings)
    audio = stored_transcripts(site, ids)
    channel_s = sum(2 * a["metrics"]["duration_s"] for a in audio.values())
    decode_s = sum(a["metrics"]["decode_s"] for a in audio.values())
    result: dict[str, Any] = {
        "calls": [c["call_id"] for c in calls],
        "audio_minutes": round(channel_s / 120, 1),
        "transcribed": len(audio),
        "agent_wer": agent_wer(calls, audio),
        **agreement(calls, audio),
        "whisper_rtf_wall": round(decode_s / channel_s, 3) if channel_s else None,
        "synth_s": round(synth_s, 1),
        "ingest_s": round(ingest_s, 1),
    }
    if speed_check and calls:
        models: dict[str, tuple[str, Path]] = {"whisper-base": ("whisper", base)}
        if model is not None:
            models[f"{engine} {model.name}"] = (engine, model)
        models["vosk-ko (speed only)"] = ("vosk", vosk_test_model())
        try:
            from asr.testmodels import tiny_gigaam_ctc

            models["onnx tiny (plumbing only)"] = ("onnx", tiny_gigaam_ctc(site / "models" / "tiny"))
        except ImportError:
            pass
        result["rtf_cpu"] = speed(recordings / f"{ids[0]}.wav", models)
    return result


def report(r: dict[str, Any]) -> str:
    lines = [
        f"calls {len(r['calls'])} ({r['audio_minutes']} min), transcribed {r['transcribed']}",
        f"agent-channel WER (whisper base, Festival telephone speech): {r['agent_wer']:.3f}",
        f"checklist on text : item accuracy {r['text']['item_accuracy']:.3f}  macro violation-F1 "
        f"{r['text']['macro_f1']:.3f}",
        f"checklist on audio: item accuracy {r['audio']['item_accuracy']:.3f}  macro violation-F1 "
        f"{r['audio']['macro_f1']:.3f}",
        f"verdicts that flip: {len(r['flips'])} (label text audio) {' '.join(r['flips'])}",
        f"synthesis {r['synth_s']} s, sapa ingest {r['ingest_s']} s, "
        f"whisper wall RTF {r['whisper_rtf_wall']}",
    ]
    for label, rtf in (r.get("rtf_cpu") or {}).items():
        lines.append(f"RTF (CPU s per channel s) {label:<28} {rtf}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
