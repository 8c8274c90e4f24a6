"""Batches 6-307 (issue 12): 6040 calls by 302 new authors who never saw the rules, kept at their score. First
score before any change for them (docs/scoring.md, rounds 5-7): batch 6 item accuracy 0.961, macro
violation-F1 0.854; batch 7 0.946 / 0.818; batch 8 0.954 / 0.795; batch 9 0.979 / 0.867; batch 10 0.975 /
0.760; batch 11 0.993 / 0.929; batch 12 0.968 / 0.810; batch 13 0.979 / 0.886; batch 14 0.946 / 0.752; batch
15 0.979 / 0.886; batch 16 0.982 / 0.876; batch 17 0.961 / 0.755; round 8: batch 18 0.986 / 0.881; batch 19
0.975 / 0.795; batch 20 0.986 / 0.833; batch 21 0.954 / 0.726; batch 22 0.982 / 0.833; batch 23 0.986 / 0.833;
batch 24 0.986 / 0.895; batch 25 0.971 / 0.790; batch 26 0.979 / 0.935; round 9 (at ae3e008): batch 27 0.986 /
0.821; batch 28 0.975 / 0.702; batch 29 0.986 / 0.933; batch 30 0.961 / 0.787; batch 31 0.989 / 0.897; batch
32 0.982 / 0.833; batch 33 0.964 / 0.714; batch 34 0.939 / 0.789 (926e078); batch 35 0.982 / 0.805; batch 36
0.979 / 0.912; batch 37 0.975 / 0.828; batch 38 0.975 / 0.903; batch 39 0.975 / 0.836; untuned, at fefdcc3:
batch 40 0.964 / 0.712; batch 41 0.989 / 0.881; batch 42 0.986 / 0.856; batch 43 0.979 / 0.837; round 10 (at
e040636; 45 and 49 arrived at 98aba0a: 0.986 / 0.924, 0.986 / 0.914): batch 44 0.979 / 0.917; batch 45 0.982 /
0.910; batch 46 0.982 / 0.845; batch 47 0.975 / 0.852; batch 48 0.975 / 0.864; batch 49 0.982 / 0.900; batch
50 0.982 / 0.902; batch 51 0.979 / 0.762; wave 5 at a75d763 (e040636 in docs/scoring.md): batch 52 0.979 /
0.838; batch 53 0.979 / 0.876; batch 54 0.964 / 0.769; batch 55 0.993 / 0.914; batch 56 0.968 / 0.795; batch
57 0.979 / 0.888; batch 58 0.989 / 0.881; batch 59 0.968 / 0.819; round 11, wave 6 (at 1c408c7): batch 60
0.982 / 0.843; batch 61 0.968 / 0.779; batch 62 0.968 / 0.774; batch 63 0.982 / 0.857; batch 64 0.993 / 0.952;
batch 65 0.979 / 0.883; batch 66 0.979 / 0.856; batch 67 0.968 / 0.757; wave 7 (at d02c572): batch 68 0.989 /
0.833; batch 69 0.979 / 0.795; batch 70 0.975 / 0.738; batch 71 0.986 / 0.881; batch 72 0.975 / 0.845; batch
73 0.989 / 0.940; batch 74 0.975 / 0.831; batch 75 0.982 / 0.867; round 12, wave 8 (at 40a4708): batch 76
0.964 / 0.745; batch 77 0.964 / 0.809; batch 78 0.961 / 0.740; batch 79 0.982 / 0.940; batch 80 0.982 / 0.902;
batch 81 0.986 / 0.883; batch 82 0.982 / 0.748; batch 83 0.961 / 0.793; wave 9 (at f5e81f0, the same for them
as 40a4708): batch 84 0.986 / 0.876; batch 85 0.975 / 0.864; batch 86 0.975 / 0.724; batch 87 0.982 / 0.890;
batch 88 0.979 / 0.856; batch 89 0.961 / 0.805; batch 90 0.979 / 0.883; batch 91 0.964 / 0.800; round 13, at
b195506: batch 92 0.982 / 0.843; batch 93 0.971 / 0.795; batch 94 0.961 / 0.748; batch 95 0.979 / 0.783; batch
96 0.989 / 0.950; batch 97 0.971 / 0.878; batch 98 0.979 / 0.890; batch 99 0.968 / 0.904; wave 11 on arrival
(47fbe5f): batch 100 0.971 / 0.714; batch 101 0.986 / 0.948; batch 102 0.979 / 0.888; batch 103 0.993 / 0.905;
batch 104 0.961 / 0.748; batch 105 0.975 / 0.876; batch 106 0.979 / 0.895; batch 107 0.989 / 0.890; wave 12 on
arrival (ad5c27e): batch 108 0.961 / 0.790; batch 109 0.982 / 0.910; batch 110 0.986 / 0.917; batch 111 0.993
/ 0.905; batch 112 0.975 / 0.798; batch 113 0.964 / 0.826; batch 114 0.982 / 0.910; batch 115 0.979 / 0.906;
round 14 at 0317f85: batch 116 0.975 / 0.883; batch 117 0.986 / 0.869; batch 118 0.921 / 0.841; batch 119
0.993 / 0.952; batch 120 0.982 / 0.905; batch 121 0.989 / 0.881; batch 122 0.979 / 0.881; batch 123 0.964 /
0.859; wave 14 on arrival (b57d5c4, the same as 0317f85): batch 124 0.975 / 0.860; batch 125 0.968 / 0.793;
batch 126 0.979 / 0.892; batch 127 0.989 / 0.952; batch 128 0.982 / 0.867; batch 129 0.979 / 0.867; batch 130
0.971 / 0.855; batch 131 0.996 / 0.976; wave 15 on arrival (2a0157a): batch 132 0.996 / 0.976; batch 133 0.979
/ 0.919; batch 134 0.968 / 0.795; batch 135 0.982 / 0.922; batch 136 0.982 / 0.871; batch 137 0.971 / 0.843;
batch 138 0.996 / 0.976; batch 139 0.979 / 0.924; round 15 at aabe4b1 (wave 17 the same at 6e282a2): batch 140
0.968 / 0.862; batch 141 0.953 / 0.836; batch 142 0.993 / 0.929; batch 143 1.000 / 1.000; batch 144 0.975 /
0.855; batch 145 0.978 / 0.879; batch 146 0.993 / 0.962; batch 147 0.975 / 0.817; batch 148 0.982 / 0.823;
batch 149 0.978 / 0.838; batch 150 0.986 / 0.928; batch 151 0.989 / 0.938; batch 152 0.982 / 0.912; batch 153
0.975 / 0.798; batch 154 0.968 / 0.719; batch 155 0.989 / 0.948; round 16 at ce80147 (156-163 written from a
plain brief, 164-171 from one asking for hard calls): batch 156 0.996 / 0.976; batch 157 0.993 / 0.962; batch
158 0.993 / 0.914; batch 159 0.996 / 0.976; batch 160 0.996 / 0.929; batch 161 0.986 / 0.786; batch 162 0.996
/ 0.976; batch 163 0.993 / 0.962; batch 164 0.982 / 0.938; batch 165 0.978 / 0.910; batch 166 0.971 / 0.838;
batch 167 0.943 / 0.732; batch 168 0.954 / 0.624; batch 169 0.982 / 0.795; batch 170 0.964 / 0.816; batch 171
0.932 / 0.761; round 17 at 5976c85 (172-175 plain brief, 176-179 hard brief): batch 172 1.000 / 1.000; batch
173 0.986 / 0.936; batch 174 0.979 / 0.908; batch 175 0.993 / 0.962; batch 176 0.946 / 0.857; batch 177 0.961
/ 0.780; batch 178 0.957 / 0.853; batch 179 0.961 / 0.781; round 18 at 45e1906 (180-183 plain brief, 184-187
hard brief): batch 180 0.996 / 0.976; batch 181 0.993 / 0.914; batch 182 0.996 / 0.976; batch 183 0.989 /
0.950; batch 184 0.982 / 0.914; batch 185 0.971 / 0.886; batch 186 0.967 / 0.767; batch 187 0.960 / 0.843;
round 19 at e9696a0 (188-191 plain brief, 192-195 hard brief): batch 188 0.964 / 0.840; batch 189 0.986 /
0.946; batch 190 0.989 / 0.938; batch 191 0.979 / 0.910; batch 192 0.993 / 0.905; batch 193 0.971 / 0.900;
batch 194 0.971 / 0.793; batch 195 0.975 / 0.867; round 20 at 0b24bca (196-199 plain brief, 200-203 hard
brief): batch 196 0.993 / 0.962; batch 197 1.000 / 1.000; batch 198 0.968 / 0.764; batch 199 0.996 / 0.986;
batch 200 0.982 / 0.843; batch 201 0.986 / 0.905; batch 202 0.964 / 0.851; batch 203 0.978 / 0.819; round 21
at e4c9c2e (204-207 plain brief, 208-211 hard brief): batch 204 0.996 / 0.976; batch 205 0.996 / 0.929; batch
206 0.989 / 0.938; batch 207 0.993 / 0.962; batch 208 0.986 / 0.917; batch 209 0.989 / 0.938; batch 210 0.986
/ 0.943; batch 211 0.986 / 0.938; round 22 at f3ee742 (212-215 plain brief, 216-219 hard brief): batch 212
0.993 / 0.857; batch 213 0.986 / 0.948; batch 214 0.982 / 0.852; batch 215 0.993 / 0.962; batch 216 0.975 /
0.790; batch 217 0.982 / 0.923; batch 218 0.982 / 0.900; batch 219 0.967 / 0.846; round 23 at 85d48a7 (220-223
plain brief, 224-227 hard brief): batch 220 0.989 / 0.948; batch 221 1.000 / 1.000; batch 222 0.993 / 0.905;
batch 223 0.993 / 0.971; batch 224 0.975 / 0.838; batch 225 0.978 / 0.838; batch 226 0.993 / 0.905; batch 227
0.986 / 0.940; round 24 at ea267f6 (228-231 plain brief, 232-235 hard brief): batch 228 0.986 / 0.936; batch
229 0.986 / 0.876; batch 230 0.989 / 0.929; batch 231 0.986 / 0.914; batch 232 0.979 / 0.876; batch 233 0.978
/ 0.912; batch 234 0.978 / 0.890; batch 235 0.982 / 0.843;
round 25 at 2e5e652 (236-239 plain brief, 240-243 hard brief): batch 236 0.993 / 0.952; batch 237 0.986 /
0.938; batch 238 0.986 / 0.933; batch 239 0.993 / 0.962; batch 240 0.982 / 0.876; batch 241 0.982 / 0.905;
batch 242 0.982 / 0.933; batch 243 0.993 / 0.962; round 26 at bdec306 (244-247 plain brief, 248-251 hard
brief): batch 244 0.989 / 0.929; batch 245 0.993 / 0.971; batch 246 1.000 / 1.000; batch 247 0.996 / 0.929;
batch 248 0.986 / 0.938; batch 249 0.989 / 0.890; batch 250 0.975 / 0.890; batch 251 0.986 / 0.917; round
27 at 7763fb0 (252-255 plain brief, 256-259 hard brief): batch 252 0.986 / 0.930; batch 253 1.000 / 1.000;
batch 254 0.993 / 0.905; batch 255 1.000 / 1.000; batch 256 1.000 / 1.000; batch 257 0.971 / 0.814; batch 258
0.975 / 0.874; batch 259 0.975 / 0.864; round 28 at 7d93784 (260-263 plain brief, 264-267 hard brief):
batch 260 0.989 / 0.938; batch 261 0.993 / 0.966; batch 262 0.996 / 0.976; batch 263 0.993 / 0.964; batch 264
0.978 / 0.867; batch 265 0.968 / 0.737; batch 266 0.986 / 0.869; batch 267 0.982 / 0.900; round 29 at cd4d2c6
(268-271 plain brief, 272-275 hard brief): batch 268 0.982 / 0.900; batch 269 0.993 / 0.962; batch 270 0.993 /
0.962; batch 271 0.993 / 0.952; batch 272 0.989 / 0.900; batch 273 0.978 / 0.900; batch 274 0.975 / 0.872;
batch 275 0.986 / 0.933; round 30 at 8c2b651 (276-279 plain brief, 280-283 hard brief): batch 276 0.996 /
0.986; batch 277 0.996 / 0.976; batch 278 0.996 / 0.986; batch 279 0.996 / 0.986; batch 280 0.978 / 0.862;
batch 281 0.982 / 0.890; batch 282 0.975 / 0.810; batch 283 0.986 / 0.926; round 31 at 699fc7d (284-287 plain
brief, 288-291 hard brief): batch 284 0.996 / 0.986; batch 285 0.996 / 0.976; batch 286 0.986 / 0.933; batch
287 0.982 / 0.893; batch 288 0.978 / 0.867; batch 289 0.986 / 0.876; batch 290 0.971 / 0.843; batch 291 0.993
/ 0.952; round 32 at d3c5d8d (292-295 plain brief, 296-299 hard brief): batch 292 0.993 / 0.962; batch 293
0.989 / 0.938; batch 294 0.993 / 0.971; batch 295 0.993 / 0.971; batch 296 0.978 / 0.888; batch 297 0.982 /
0.914; batch 298 0.986 / 0.933; batch 299 0.971 / 0.879; round 33 at 7c87cfd (300-303 plain brief, 304-307
hard brief): batch 300 0.989 / 0.938; batch 301 0.986 / 0.938; batch 302 0.996 / 0.929; batch 303 0.996 /
0.986; batch 304 0.975 / 0.847; batch 305 0.975 / 0.886; batch 306 0.986 / 0.936; batch 307 0.996 / 0.986. The
rules were then changed by class (rounds 13-33; 300-307 are kept untuned, never read), so these floors guard
against regressions; they are not an estimate for new calls (docs/scoring.md keeps that table).
Two floors were lowered in round 18 for disputed labels (82-17: "спасибо, что сообщили" labelled no thanks, as
140-13, 176-15 and 176-19 label it thanks; 96-09: the flat asked labelled no identification, as batch 176
labels it one). The regulator false alarms left in are counted in ``batch_floors.yaml`` (300-307 untuned: the
freshest measure, 10 in 160 calls; 211: "өтінішіңіздің алты таңбалы кодын айтыңыз" — an application's public
code, its "таңбалы" cut in two by the merge repair; 209: the one-time SMS code asked, labelled no password
against the issue's rule that a one-time code is a secret; 200: "сол кодты айтып" — that code being the
class's invitation code named a turn before; 189: what an SMS said, asked (it held no code); 186: a course's
enrolment key given by the teacher; 168, 171: a code word by contract labelled no password, the caller's own
employees read out from the registry; 150: a customer's name in the genitive after her order; 123, 128 kept
from their untuned time; 75 and 88: a Kazakh word or a cut word one letter from a curse, "бок", "бл"; 106: a
lawyer named from the caller's own order; 46: a misheard word taken for a name, unmasked by round 15's echo
fix).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scoring import TranscriptDoc, score_transcript
from scoring.evaluate import evaluate
from tests.scoring.helpers import default_checklist
from tests.scoring.test_heldout import ITEMS

HERE = Path(__file__).parent
FLOORS = HERE / "batch_floors.yaml"  # item accuracy, macro violation-F1, regulator false alarms left in


def _floors() -> dict[str, dict[str, float]]:
    data = yaml.safe_load(FLOORS.read_text(encoding="utf-8"))["batches"]
    for batch, floor in data.items():
        assert (HERE / batch).is_dir() and set(floor) <= {"accuracy", "f1", "regulator_false_alarms"}, batch
        assert 0 < floor["accuracy"] <= 1 and 0 < floor["f1"] <= 1, batch
    return data


BATCHES = _floors()


def _files(batch: str) -> list[Path]:
    return sorted((HERE / batch).glob("*.json"))


@pytest.mark.parametrize("path", [p for b in sorted(BATCHES) for p in _files(b)], ids=lambda p: p.stem)
def test_call_is_fully_labelled(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["labels"]) == ITEMS and data["call_id"] == path.stem
    assert {k for k, v in data["labels"].items() if v is False} <= set(data["rationale"])


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_batch_keeps_its_score_and_fails_nobody_for_a_regulator_item_by_mistake(batch: str) -> None:
    checklist = default_checklist()
    pairs = []
    for path in _files(batch):
        doc = TranscriptDoc.model_validate(json.loads(path.read_text(encoding="utf-8")))
        result = score_transcript(doc, checklist)
        pairs.append((doc.call_id, doc.labels or {}, {k: v.passed for k, v in result.items.items()}))
    report = evaluate(pairs)
    floor = BATCHES[batch]
    accuracy, f1 = floor["accuracy"], floor["f1"]
    assert len(pairs) == 20
    assert report.total.accuracy >= accuracy and report.macro_f1 >= f1, report.mistakes
    regulator = ("no_staff_disclosure", "no_password_request", "no_profanity")  # auto-fail items
    allowed = floor.get("regulator_false_alarms", 0)
    assert sum(report.items[i].fp for i in regulator) <= allowed, report.mistakes
