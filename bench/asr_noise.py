"""Agreement of the scorer with human labels under simulated ASR word errors (issue 12).

    python bench/asr_noise.py [DIR ...] [--wer 0.1 0.2 0.3] [--seed 12]

Every word of every segment (agent and caller) is, with probability ``wer``, hit by one error of the kinds a
recogniser makes on telephone speech:

* a misheard spelling: 1 letter edit (substitute a similar-sounding letter, drop or double one) for words up
  to 6 letters, 2 for longer words;
* a split word ("за регистрирована") or two words merged ("досвидания");
* a dropped short word (up to 3 letters: "за", "по", "бе");
* Kazakh letters read as their Russian look-alikes (ә→а, қ→к, ...), applied to the whole word.

Text becomes ASR style first (lower case, no punctuation). Seeded and deterministic: the same seed gives the
same noisy calls. Labels stay as they are (the agent said what they said). Reports item accuracy, macro
violation-F1 and violation precision/recall per level, for each directory and all together: over all
answers (a needs-review answer counted as the scorer's best guess) and over the answers decided
automatically, with coverage (share of answers decided automatically: needs-review answers never fail a
call, so precision over decided answers is what an agent feels, and coverage is its price).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogue import default_script_path, load_script_file  # noqa: E402
from scoring import TranscriptDoc, score_transcript  # noqa: E402
from scoring.evaluate import EvalReport, evaluate  # noqa: E402

DEFAULT_DIRS = [ROOT.parent / "shared" / "data" / "calls", ROOT / "tests" / "scoring" / "heldout",
                ROOT / "tests" / "scoring" / "batch5", ROOT / "tests" / "scoring" / "batch6",
                ROOT / "tests" / "scoring" / "batch7", ROOT / "tests" / "scoring" / "batch8",
                ROOT / "tests" / "scoring" / "batch9", ROOT / "tests" / "scoring" / "batch10",
                ROOT / "tests" / "scoring" / "batch11", ROOT / "tests" / "scoring" / "batch12",
                ROOT / "tests" / "scoring" / "batch13", ROOT / "tests" / "scoring" / "batch14",
                ROOT / "tests" / "scoring" / "batch15", ROOT / "tests" / "scoring" / "batch16",
                ROOT / "tests" / "scoring" / "batch17"] + [
                ROOT / "tests" / "scoring" / f"batch{n}" for n in range(18, 300)]  # fmt: skip
KK_AS_RU = str.maketrans("әғқңөұүһі", "агкноуухи")
# letters a recogniser confuses on the phone (unstressed vowels, voiced/voiceless pairs)
SIMILAR = {
    "о": "а", "а": "о", "е": "и", "и": "е", "я": "е", "б": "п", "п": "б", "д": "т", "т": "д", "в": "ф",
    "ф": "в", "з": "с", "с": "з", "г": "к", "к": "г", "ж": "ш", "ш": "ж", "ы": "и", "у": "о", "ь": "",
}  # fmt: skip
ASR_TEXT = re.compile(r"[^\w\s-]")


def asr_style(text: str) -> str:
    return " ".join(ASR_TEXT.sub(" ", text.lower().replace("ё", "е")).split())


def misspell(word: str, rng: random.Random) -> str:
    letters = list(word)
    for _ in range(1 if len(word) <= 6 else 2):
        if len(letters) < 2:
            break
        i = rng.randrange(len(letters))
        op = rng.random()
        if op < 0.6:
            letters[i] = SIMILAR.get(letters[i], letters[i])
        elif op < 0.8:
            del letters[i]
        else:
            letters.insert(i, letters[i])
    return "".join(letters) or word


def noisy_words(words: list[str], wer: float, rng: random.Random) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if rng.random() >= wer:
            out.append(word)
            continue
        kind = rng.random()
        if word.translate(KK_AS_RU) != word and kind < 0.5:
            out.append(word.translate(KK_AS_RU))
        elif len(word) <= 3 and kind < 0.7:
            continue  # dropped short word
        elif kind < 0.7 or not word.isalpha():
            out.append(misspell(word, rng))
        elif kind < 0.85 and len(word) >= 6:
            cut = rng.randrange(2, len(word) - 2)
            out.extend([word[:cut], word[cut:]])
        elif i < len(words):
            out.append(word + words[i])  # merged with the next word
            i += 1
        else:
            out.append(misspell(word, rng))
    return out


def noisy_doc(data: dict[str, Any], wer: float, seed: int) -> dict[str, Any]:
    rng = random.Random(f"{seed}:{data['call_id']}:{wer}")
    segments = []
    for seg in data["segments"]:
        words = noisy_words(asr_style(seg["text"]).split(), wer, rng)
        segments.append({**seg, "text": " ".join(words), "words": None})
    return {**data, "segments": segments, "style": "asr"}


def report_for(files: list[Path], wer: float, seed: int) -> tuple[EvalReport, EvalReport, float]:
    """Agreement over all answers (a needs-review answer counted as the scorer's best guess), agreement over
    the answers decided automatically, and coverage (share of labelled answers decided automatically)."""
    checklist = load_script_file(default_script_path()).checklist
    assert checklist is not None
    pairs, decided = [], []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if wer > 0:
            data = noisy_doc(data, wer, seed)
        doc = TranscriptDoc.model_validate(data)
        result = score_transcript(doc, checklist)
        labels = doc.labels or {}
        pairs.append((doc.call_id, labels, {k: v.passed for k, v in result.items.items()}))
        auto = {k: v for k, v in labels.items() if not result.items[k].needs_review}
        decided.append((doc.call_id, auto, pairs[-1][2]))
    every, auto_rep = evaluate(pairs), evaluate(decided)
    coverage = auto_rep.total.total / every.total.total if every.total.total else 1.0
    return every, auto_rep, coverage


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    ap.add_argument("--wer", nargs="*", type=float, default=[0.0, 0.1, 0.2, 0.3])
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args(argv)
    sets = {d.name: sorted(d.glob("*.json")) for d in args.dirs}
    if len(sets) > 1:
        sets["all"] = [f for files in list(sets.values()) for f in files]
    print(f"seed {args.seed}; all answers (needs-review counted as the best guess) | decided automatically")
    print(
        f"{'set':<10} {'calls':>5} {'WER':>5} {'acc':>6} {'macroF1':>8} {'v-prec':>7} {'v-rec':>6} |"
        f" {'cover':>6} {'acc':>6} {'macroF1':>8} {'v-prec':>7} {'v-rec':>6}"
    )
    for name, files in sets.items():
        for wer in args.wer:
            rep, auto, coverage = report_for(files, wer, args.seed)
            tot, at = rep.total, auto.total
            print(
                f"{name:<10} {len(files):>5} {wer:>5.2f} {tot.accuracy:>6.3f} {rep.macro_f1:>8.3f}"
                f" {tot.precision:>7.3f} {tot.recall:>6.3f} | {coverage:>6.3f} {at.accuracy:>6.3f}"
                f" {auto.macro_f1:>8.3f} {at.precision:>7.3f} {at.recall:>6.3f}"
            )


if __name__ == "__main__":
    main()
