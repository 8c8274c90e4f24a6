"""The metrics a scorecard shows: name, title, unit, formula (shown in reports and docs/reports.md)."""

from __future__ import annotations

from dataclasses import dataclass

from reports import i18n
from reports.i18n import N_


@dataclass(frozen=True)
class MetricDef:
    name: str
    title: str
    unit: str  # "%", "s", "" (plain number), "/5"
    decimals: int
    formula: str

    def format(self, value: float | int | None) -> str:
        if value is None:
            return "—"
        if self.unit == "s":
            return _duration(float(value))
        text = i18n.number(value, self.decimals)  # the rendering's locale (English in exports)
        return f"{text} %" if self.unit == "%" else text


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


METRICS: tuple[MetricDef, ...] = (
    MetricDef("calls", N_("Calls handled"), "", 0, N_("calls started in the period")),
    MetricDef(
        "survey_offered",
        N_("Surveys offered"),
        "",
        0,
        N_("survey responses with status completed, no_input, invalid or abandoned"),
    ),
    MetricDef(
        "survey_completed", N_("Surveys completed"), "", 0, N_("survey responses completed with a rating")
    ),
    MetricDef("response_rate_pct", N_("Survey response rate"), "%", 1, N_("completed / offered × 100")),
    MetricDef("rating_mean", N_("Mean rating (1-5)"), "", 2, N_("mean of the ratings of completed surveys")),
    MetricDef("csat_pct", N_("CSAT"), "%", 1, N_("ratings 4 or 5 / all ratings × 100 (completed surveys)")),
    MetricDef(
        "ratings_unverified",
        N_("Unverified ratings"),
        "",
        0,
        N_("ratings (in CSAT) whose call has no PBX recording ingested after reports.unverified_after_hours"),
    ),
    MetricDef(
        "resolved_pct",
        N_("Issue resolved"),
        "%",
        1,
        N_("answers 'yes' / answers to 'was your issue resolved?' × 100 (survey sets)"),
    ),
    MetricDef(
        "nps",
        N_("NPS"),
        "",
        0,
        N_("% promoters (9-10) − % detractors (0-6) of the 0-10 recommendation answers (survey sets)"),
    ),
    MetricDef("evaluated", N_("Calls evaluated"), "", 0, N_("calls with a current evaluation")),
    MetricDef(
        "qa_score_mean",
        N_("QA score (mean)"),
        "",
        1,
        N_("mean checklist score (0-100) of the effective evaluation of each call"),
    ),
    MetricDef("qa_pass_pct", N_("QA pass rate"), "%", 1, N_("evaluations that passed / evaluations × 100")),
    MetricDef("critical_failures", N_("Critical failures"), "", 0, N_("sum of critical item failures")),
    MetricDef(
        "critical_calls_pct",
        N_("Calls with a critical failure"),
        "%",
        1,
        N_("evaluations with ≥ 1 critical failure / evaluations × 100"),
    ),
    MetricDef("long_calls", N_("Calls over 15 min"), "", 0, N_("calls with duration > reports.long_call_s")),
    MetricDef(
        "long_calls_pct",
        N_("Calls over 15 min, share"),
        "%",
        1,
        N_("calls over the limit / calls with a known duration × 100"),
    ),
    MetricDef("handle_time_mean_s", N_("Mean handle time"), "s", 0, N_("mean call duration (m:ss)")),
    MetricDef(
        "agent_talk_pct",
        N_("Agent talk share"),
        "%",
        1,
        N_("Σ agent talk / Σ (agent + caller talk) × 100, from evaluations.timings"),
    ),
    MetricDef(
        "silence_pct", N_("Silence"), "%", 1, N_("Σ silence / Σ call length × 100, from evaluations.timings")
    ),
)
BY_NAME = {m.name: m for m in METRICS}

# The columns of group tables (team, queue, language and agent rows) — the most telling metrics.
TABLE_COLUMNS = (
    "calls",
    "response_rate_pct",
    "rating_mean",
    "csat_pct",
    "resolved_pct",
    "nps",
    "qa_score_mean",
    "qa_pass_pct",
    "critical_failures",
    "long_calls",
    "handle_time_mean_s",
    "agent_talk_pct",
    "silence_pct",
)
ITEM_TARGET = "item_compliance_pct"
GROUPINGS = {  # "by" of a report or section, as its headings name it
    "agent": N_("agent"),
    "team": N_("team"),
    "queue": N_("queue"),
    "language": N_("language"),
    "centre": N_("centre"),
}
