"""Dialogue script loading and flow stepping speed.

Loads the default script (≈ 700 lines, with its checklist) with Sapa's loader using libyaml (one pass)
and, as the baseline measured in the same run, with the pure-Python YAML parser; then steps callers
through the flow interpreter.

    .venv/bin/python bench/dialogue_load.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import time

import yaml

import dialogue.loader as loader
from dialogue import default_script_path, load_script
from dialogue.flow import CollectDigits, Completed, Digits, FlowRunner


def time_loads(text: str, repeat: int) -> float:
    load_script(text, "bench.yaml")
    start = time.perf_counter()
    for _ in range(repeat):
        load_script(text, "bench.yaml")
    return (time.perf_counter() - start) / repeat * 1000


def time_calls(text: str, calls: int) -> float:
    doc = load_script(text, "bench.yaml")
    start = time.perf_counter()
    for _ in range(calls):
        runner = FlowRunner(doc)
        action = runner.start()
        keys = iter(["7", "1", "2"])
        while not runner.finished:
            action = runner.feed(Digits(next(keys)) if isinstance(action, CollectDigits) else Completed())
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    text = default_script_path().read_text(encoding="utf-8")
    fast = time_loads(text, args.repeat)
    chosen = loader._Loader
    loader._Loader = yaml.SafeLoader
    try:
        baseline = time_loads(text, max(3, args.repeat // 4))
    finally:
        loader._Loader = chosen
    print(f"script: {len(text.splitlines())} lines, libyaml: {yaml.__with_libyaml__}")
    speedup = baseline / fast
    print(f"load + validate: {fast:.1f} ms (baseline pure-Python YAML: {baseline:.1f} ms, {speedup:.1f}x)")
    print(f"flow interpreter: {time_calls(text, 10_000):.1f} µs per call (invalid key, kk, topic 2)")


if __name__ == "__main__":
    main()
