"""ASR benchmark: real-time factor per engine and per channel, with and without VAD, 1 and 2 workers, memory.

Every case runs in its own subprocess (so peak memory is that case's) on the same synthesized stereo calls
(espeak-ng + sox, 8 kHz, agent and caller on separate channels, line noise at -45 dBFS, about
half silence). Models: the PyPI test
models (Vosk Korean, faster-whisper base int8). Targets, checked against baselines measured in this run:
  - VAD cuts recognition time at least in proportion to the share of audio it skips;
  - 2 workers give >= 1.8x the throughput of 1;
  - Vosk is faster than faster-whisper base int8 on the same files.

    .venv/bin/python bench/asr.py [--calls 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from asr.config import AsrConfig  # noqa: E402
from asr.metrics import compute_metrics  # noqa: E402
from asr.pool import Transcriber, engine_spec  # noqa: E402
from asr.synth import Turn, synthesize_call  # noqa: E402
from asr.testmodels import vosk_test_model, whisper_test_model  # noqa: E402

LINES = [
    ("agent", "Здравствуйте, служба поддержки электронного правительства, меня зовут Айгуль."),
    ("caller", "Добрый день, я не могу войти в личный кабинет, пишет неверный пароль."),
    ("agent", "Понимаю. Назовите, пожалуйста, ваш ИИН и номер телефона."),
    ("caller", "Сейчас, одну минуту, я найду документы."),
    ("agent", "Спасибо за ожидание. Я зарегистрировала заявку, вам придёт сообщение."),
    ("caller", "Хорошо, спасибо большое, до свидания."),
]
NOISE_DBFS = -45.0  # line noise: MixMonitor recordings are never digitally silent
CASES = {  # name: (engine, vad, workers)
    "vosk-novad-1w": ("vosk", False, 1),
    "vosk-vad-1w": ("vosk", True, 1),
    "vosk-vad-2w": ("vosk", True, 2),
    "whisper-novad-1w": ("whisper", False, 1),
    "whisper-vad-1w": ("whisper", True, 1),
    "whisper-vad-2w": ("whisper", True, 2),
}


def make_calls(folder: Path, count: int) -> tuple[list[Path], float]:
    """``count`` calls with 2-4 s pauses between turns; returns paths and the true silence share."""
    paths, silence, total = [], 0.0, 0.0
    for n in range(count):
        turns, at = [], 0.5
        for i, (speaker, text) in enumerate(LINES):
            turns.append(Turn(speaker, text, at))
            at += 2.0 + len(text) * 0.055 + (1.5 + (n + i) % 3) * 1.0
        path = folder / f"17000000{n:02d}.1.wav"
        spoken = synthesize_call(turns, path, noise_dbfs=NOISE_DBFS)
        segs = [{"speaker": s.speaker, "start": s.start, "end": s.end, "text": s.text} for s in spoken]
        duration = spoken[-1].end + 1.0
        per_side = compute_metrics(segs, duration)["talk_s"]
        silence += sum(duration - talk for talk in per_side.values())  # per channel: the other side is silent
        total += 2 * duration
        paths.append(path)
    return paths, silence / total


def run_case(name: str, files: list[str], models: dict[str, str]) -> dict[str, object]:
    engine, vad, workers = CASES[name]
    config = AsrConfig(workers=workers, vad=vad, whisper_threads=1)
    spec = engine_spec(config, engine, models[engine], "ru")
    with Transcriber(config, spec) as transcriber:
        transcriber.warm_up()
        load_before, started = os.getloadavg()[0], time.perf_counter()
        results = list(transcriber.run(files))
        wall, load_after = time.perf_counter() - started, os.getloadavg()[0]
    channels = [c for r in results for c in r.channels]
    audio = sum(r.duration_s for r in results) * 2
    cpu = sum(c.cpu_s for c in channels)
    rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {
        "case": name,
        "failed": sum(r.status != "done" for r in results),
        "audio_s": round(audio, 1),
        "fed_s": round(sum(c.fed_s for c in channels), 1),
        "cpu_s": round(cpu, 2),
        "wall_s": round(wall, 2),
        "rtf_cpu": {
            side: round(sum(c.cpu_s for c in channels if c.speaker == side) / (audio / 2), 3)
            for side in ("agent", "caller")
        },
        "rtf_wall": round(sum(c.decode_s for c in channels) / audio, 3),
        "throughput_x": round(audio / wall, 2),
        "busy_workers": round(cpu / wall, 2),
        "peak_rss_mb": round(rss / 1024),
        "load_avg": [round(load_before, 1), round(load_after, 1)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--files", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--models", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.files, json.loads(args.models))))
        return 0
    return orchestrate(args.calls, args.json)


def orchestrate(count: int, as_json: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="sapa-bench-asr-") as tmp:
        folder = Path(tmp)
        files, silence_share = make_calls(folder, count)
        models = {"vosk": str(vosk_test_model()), "whisper": str(whisper_test_model(folder / "models"))}
        rows = {}
        for name in CASES:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--case",
                    name,
                    "--models",
                    json.dumps(models),
                    "--files",
                    *map(str, files),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            rows[name] = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{name:<17} " + " ".join(f"{k}={v}" for k, v in rows[name].items() if k != "case"),
                flush=True,
            )
    report(rows, silence_share)
    if as_json:
        print(json.dumps(rows, indent=1))
    return 0


def report(rows: dict[str, dict], silence_share: float) -> None:
    print(f"\ntrue silence share per channel: {silence_share:.0%} (recognition time compared as CPU time)")
    for engine in ("vosk", "whisper"):
        novad, vad, two = rows[f"{engine}-novad-1w"], rows[f"{engine}-vad-1w"], rows[f"{engine}-vad-2w"]
        skipped = 1 - vad["fed_s"] / vad["audio_s"]
        saved = 1 - vad["cpu_s"] / novad["cpu_s"]
        verdict(
            f"{engine}: VAD skips {skipped:.0%} of the audio ({silence_share:.0%} is silence), "
            f"saves {saved:.0%} of recognition CPU time",
            saved >= silence_share - 0.05,
        )
        speedup = two["throughput_x"] / vad["throughput_x"]
        verdict(
            f"{engine}: 2 workers give {speedup:.2f}x the throughput of 1 (target >= 1.8x; "
            f"{two['busy_workers']} cores busy on average, load average {two['load_avg']})",
            speedup >= 1.8,
        )
    vosk, whisper = rows["vosk-vad-1w"], rows["whisper-vad-1w"]
    verdict(
        f"vosk {vosk['cpu_s']} CPU s vs whisper base int8 {whisper['cpu_s']} CPU s on the same files",
        vosk["cpu_s"] < whisper["cpu_s"],
    )


def verdict(text: str, ok: bool) -> None:
    print(f"{'PASS' if ok else 'MISS'}  {text}")


if __name__ == "__main__":
    sys.exit(main())
