"""Calibrate example thresholds (issue 12): best example similarity per labelled call, by label.

    python bench/calibrate_examples.py [DIR ...]

For every item with ``examples:`` in the default script, prints the best similarity of a candidate sentence
(act / closing filters applied) in calls labelled true and false, and the agreement of "pattern OR example"
at thresholds 0.30-0.70 (stage items: pass; forbidden items: violation).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogue import default_script_path, load_script_file  # noqa: E402
from scoring import TranscriptDoc  # noqa: E402
from scoring.call import Call as _Call  # noqa: E402
from scoring.compile import compiled  # noqa: E402
from scoring.engine import _stage  # noqa: E402

DIRS = [ROOT.parent / "shared" / "data" / "calls", ROOT / "tests" / "scoring" / "heldout"]


def main() -> None:
    dirs = [Path(d) for d in sys.argv[1:]] or DIRS
    checklist = load_script_file(default_script_path()).checklist
    assert checklist is not None
    comp = compiled(checklist)
    items = [i for i in checklist.items if i.examples is not None]
    rows: dict[str, list[tuple[bool, float, bool]]] = {i.id: [] for i in items}
    for path in sorted(p for d in dirs for p in d.glob("*.json")):
        doc = TranscriptDoc.model_validate(json.loads(path.read_text(encoding="utf-8")))
        call = _Call(doc, comp)
        for item in items:
            label = (doc.labels or {}).get(item.id)
            if label is None or not call.agent_idx:
                continue
            verdict, _ = call.example_verdict(item)
            if item.kind == "stage":
                ans = _stage(call, item, comp.rules[item.id])
                found = bool(ans.passed) and not any("similarity" in e for e in ans.evidence)
                rows[item.id].append((label, verdict.similarity - max(0.0, verdict.negative - 0.05), found))
            else:
                rows[item.id].append((label, verdict.similarity - max(0.0, verdict.negative - 0.05), False))
    for item in items:
        data = rows[item.id]
        pos = sorted(round(s, 2) for lab, s, _ in data if lab)
        neg = sorted(round(s, 2) for lab, s, _ in data if not lab)
        print(
            f"{item.id}: label true lowest {pos[:6]} highest {pos[-4:]} (n={len(pos)});"
            f" label false highest {neg[-6:]} (n={len(neg)})"
        )
        for thr in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            if item.kind == "stage":
                ok = sum(lab == (found or s >= thr) for lab, s, found in data)
            else:
                ok = sum(lab == (s < thr) for lab, s, _ in data)
            print(f"   threshold {thr:.2f}: agreement {ok}/{len(data)}")


if __name__ == "__main__":
    main()
