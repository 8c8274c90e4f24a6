"""The embedded worker pool: files are decoded in the parent, each channel is recognised in a worker process.

Vosk recognisers are single-threaded and Python holds the GIL, so parallelism is by process: one model per
worker process (loaded when the worker starts), one channel of one file per job. ``workers == 1`` runs inline.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asr.audio import load_audio
from asr.bundles import registered_engine, registered_model
from asr.config import AsrConfig
from asr.exceptions import AsrError, AudioError, ModelNotFound
from asr.pipeline import (
    ChannelResult,
    EngineSpec,
    TranscriptResult,
    assemble,
    call_id_for,
    channel_jobs,
    engine_for,
    recognise_channel,
)

log = logging.getLogger(__name__)


class InlineExecutor(Executor):
    """Runs each job at submit time in this process (workers = 1)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # delivered through the future like a worker's error
            future.set_exception(exc)
        return future


def engine_spec(
    config: AsrConfig,
    engine: str | None = None,
    model: str | None = None,
    language: str | None = None,
    hotwords: Sequence[str] = (),
) -> EngineSpec:
    """Engine, model folder and language from flags, else config (engine per language, model per language).

    ``hotwords``: the active script's vocabulary (asr.vocabulary); kept only with ``asr.hotwords`` on.
    """
    lang = language or config.language
    name = engine or config.engines.get(lang) or registered_engine(config.models_dir, lang) or config.engine
    if model is None:
        model = configured_model(config, name, lang)
    if not Path(model).is_dir():
        raise ModelNotFound(
            f"no {name} model for language {lang}: folder {model} does not exist"
            f" (install one: sapa models install BUNDLE; see docs/asr.md)"
        )
    return EngineSpec(
        name,
        str(model),
        lang,
        whisper_device=config.whisper_device,
        whisper_compute_type=config.whisper_compute_type,
        whisper_threads=config.whisper_threads,
        whisper_no_repeat_ngram_size=config.whisper_no_repeat_ngram_size,
        whisper_beam_size=config.whisper_beam_size,
        hotwords=tuple(hotwords[: config.hotwords_limit]) if config.hotwords else (),
        onnx_threads=config.onnx_threads,
    )


def configured_model(config: AsrConfig, engine: str, language: str) -> str:
    """The model folder for ``engine`` and ``language``: an installed bundle (registry), else config."""
    installed = registered_model(config.models_dir, engine, language)
    if installed is not None:
        return installed
    if engine == "whisper":
        return config.whisper_model
    table, key = (config.onnx_models, "onnx_models") if engine == "onnx" else (config.models, "models")
    model = table.get(language)
    if model is None:
        raise ModelNotFound(
            f"no {engine} model configured for language {language} (asr.{key}.{language});"
            " install one: sapa models install BUNDLE"
        )
    return model


def _preload(spec: EngineSpec, linger_s: float = 0.0) -> None:
    """Worker initializer: load the model once for this process (a bad model is reported by each job)."""
    try:
        engine_for(spec)
    except AsrError as exc:
        log.warning("worker cannot load the model: %s", exc)
    time.sleep(linger_s)


@dataclass
class _Pending:
    path: str
    duration: float
    results: list[ChannelResult | None]
    errors: list[str] = field(default_factory=list)


class Transcriber:
    def __init__(
        self, config: AsrConfig, spec: EngineSpec, *, workers: int | None = None, vad: bool | None = None
    ) -> None:
        self.config, self.spec, self.vad = config, spec, vad
        self.workers = workers or config.workers
        self._pool: Executor | None = None

    def failed(self, path: str, error: str) -> TranscriptResult:
        log.info("transcription failed: %s", error)
        return TranscriptResult(
            path,
            call_id_for(path),
            "failed",
            self.spec.engine,
            self.spec.model,
            self.spec.language,
            error=error,
        )

    def _executor(self) -> Executor:
        if self.workers == 1:
            return InlineExecutor()
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_preload,
            initargs=(self.spec,),
        )

    def __enter__(self) -> Transcriber:
        """Keep one pool (and its loaded models) for several ``run`` calls (watch mode, benchmarks)."""
        self._pool = self._executor()
        return self

    def __exit__(self, *_exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown()

    def warm_up(self) -> None:
        """Load the model in every worker now, so that timings measure recognition only."""
        pool = self._pool or InlineExecutor()
        for future in [pool.submit(_preload, self.spec, 0.3) for _ in range(self.workers)]:
            future.result()

    def run(self, paths: Iterable[str | Path]) -> Iterator[TranscriptResult]:
        """Transcribe every file; yields one result per file (done or failed) as files complete."""
        if self._pool is not None:
            yield from self._run(self._pool, paths)
            return
        with self._executor() as pool:
            yield from self._run(pool, paths)

    def _run(self, pool: Executor, paths: Iterable[str | Path]) -> Iterator[TranscriptResult]:
        queue = deque(str(p) for p in paths)
        inflight: dict[Future[ChannelResult], tuple[_Pending, int]] = {}
        while queue or inflight:
            while queue and len(inflight) < 2 * self.workers:
                path = queue.popleft()
                try:
                    audio = load_audio(path, silence_peak_dbfs=self.config.silence_peak_dbfs)
                except AudioError as exc:
                    yield self.failed(path, str(exc))
                    continue
                jobs = channel_jobs(audio, self.config, self.spec, self.vad, path=path)
                pending = _Pending(path, audio.duration, [None] * len(jobs))
                for index, job in enumerate(jobs):
                    try:
                        inflight[pool.submit(recognise_channel, job)] = (pending, index)
                    except BrokenProcessPool as exc:  # a worker died: fail the rest, never the batch
                        pending.errors.append(f"{path}: the worker pool stopped ({exc})")
                if pending.errors and all(p is not pending for p, _ in inflight.values()):
                    yield self.failed(path, pending.errors[0])
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for future in done:
                result = self._collect(future, *inflight.pop(future))
                if result is not None:
                    yield result

    def _collect(
        self, future: Future[ChannelResult], pending: _Pending, index: int
    ) -> TranscriptResult | None:
        try:
            pending.results[index] = future.result()
        except AsrError as exc:
            pending.errors.append(str(exc))
        except Exception as exc:  # a crashed worker or recogniser must not stop the batch
            log.exception("recognition of %s crashed", pending.path)
            pending.errors.append(f"{pending.path}: recognition failed ({exc.__class__.__name__}: {exc})")
        if sum(r is not None for r in pending.results) + len(pending.errors) < len(pending.results):
            return None
        if pending.errors:
            return self.failed(pending.path, pending.errors[0])
        channels = [r for r in pending.results if r is not None]
        return assemble(pending.path, pending.duration, channels, self.spec, self.config)
