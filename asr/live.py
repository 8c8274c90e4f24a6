"""`sapa listen`: live microphone transcription with Vosk (a consultant's or trainer's desk check)."""

from __future__ import annotations

import json
import logging
import queue
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from asr.engines import VoskEngine, vosk_segment
from asr.exceptions import AsrError, NoAudioDevice
from asr.pipeline import EngineSpec

log = logging.getLogger(__name__)
BLOCK_S = 0.2


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # libportaudio2 missing
        raise NoAudioDevice(f"no audio support: {exc} (install Debian's libportaudio2)") from exc
    return sounddevice


def check_input_device(device: int | str | None) -> dict[str, Any]:
    """The input device's description, or NoAudioDevice with a one-line reason."""
    sd = _sounddevice()
    try:
        info = sd.query_devices(device, kind="input")
    except (sd.PortAudioError, ValueError) as exc:
        which = "the default input device" if device is None else f"input device {device}"
        raise NoAudioDevice(
            f"no audio input: cannot open {which} ({exc}); list devices with `python -m sounddevice`"
        ) from exc
    return dict(info)


def listen(
    spec: EngineSpec,
    *,
    device: int | str | None,
    on_segment: Callable[[dict[str, Any]], None],
    seconds: float | None = None,
) -> None:
    """Capture from the microphone and call ``on_segment`` with each finished phrase (speaker agent)."""
    if spec.engine != "vosk":
        raise AsrError("live capture streams with the vosk engine; use --engine vosk")
    check_input_device(device)
    sd = _sounddevice()
    engine = VoskEngine(spec.model, spec.language)
    blocks: queue.Queue[bytes] = queue.Queue()
    deadline = None if seconds is None else time.monotonic() + seconds
    try:
        with sd.RawInputStream(
            samplerate=engine.sample_rate,
            blocksize=int(engine.sample_rate * BLOCK_S),
            device=device,
            channels=1,
            dtype="int16",
            callback=lambda data, _frames, _time, _status: blocks.put(bytes(data)),
        ):
            transcribe_stream(engine, _until(deadline, iter(blocks.get, b"")), on_segment)
    except sd.PortAudioError as exc:
        raise NoAudioDevice(f"audio capture failed: {exc}") from exc


def _until(deadline: float | None, blocks: Iterator[bytes]) -> Iterator[bytes]:
    for block in blocks:
        if deadline is not None and time.monotonic() >= deadline:
            return
        yield block


def transcribe_stream(
    engine: VoskEngine, blocks: Iterable[bytes], on_segment: Callable[[dict[str, Any]], None]
) -> None:
    """Feed 16-bit PCM blocks at ``engine.sample_rate`` to one recogniser; report each finished phrase."""
    import vosk

    recogniser = vosk.KaldiRecognizer(engine._model, engine.sample_rate)
    recogniser.SetWords(True)
    try:
        for block in blocks:
            if recogniser.AcceptWaveform(block):
                _emit(json.loads(recogniser.Result()), on_segment)
    finally:
        _emit(json.loads(recogniser.FinalResult()), on_segment)


def _emit(result: dict[str, Any], on_segment: Callable[[dict[str, Any]], None]) -> None:
    if result.get("result"):
        raw = vosk_segment(result)
        words = raw.words
        on_segment(
            {
                "speaker": "agent",
                "start": words[0]["start"],
                "end": words[-1]["end"],
                "text": raw.text,
                "words": words,
            }
        )


__all__ = ["check_input_device", "listen", "transcribe_stream"]
