"""The metrics a scorecard shows: name, title, unit, formula (shown in reports and docs/reports.md)."""

from __future__ import annotations

from dataclasses import dataclass


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
        text = f"{value:.{self.decimals}f}" if self.decimals else f"{round(value):d}"
        return f"{text} %" if self.unit == "%" else text


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


METRICS: tuple[MetricDef, ...] = (
    MetricDef("calls", "Calls handled", "", 0, "calls started in the period"),
    MetricDef(
        "survey_offered",
        "Surveys offered",
        "",
        0,
        "survey responses with status completed, no_input, invalid or abandoned",
    ),
    MetricDef("survey_completed", "Surveys completed", "", 0, "survey responses completed with a rating"),
    MetricDef("response_rate_pct", "Survey response rate", "%", 1, "completed / offered × 100"),
    MetricDef("rating_mean", "Mean rating (1-5)", "", 2, "mean of the ratings of completed surveys"),
    MetricDef("csat_pct", "CSAT", "%", 1, "ratings 4 or 5 / all ratings × 100 (completed surveys)"),
    MetricDef(
        "resolved_pct",
        "Issue resolved",
        "%",
        1,
        "answers 'yes' / answers to 'was your issue resolved?' × 100 (survey sets)",
    ),
    MetricDef(
        "nps",
        "NPS",
        "",
        0,
        "% promoters (9-10) − % detractors (0-6) of the 0-10 recommendation answers (survey sets)",
    ),
    MetricDef("evaluated", "Calls evaluated", "", 0, "calls with a current evaluation"),
    MetricDef(
        "qa_score_mean",
        "QA score (mean)",
        "",
        1,
        "mean checklist score (0-100) of the effective evaluation of each call",
    ),
    MetricDef("qa_pass_pct", "QA pass rate", "%", 1, "evaluations that passed / evaluations × 100"),
    MetricDef("critical_failures", "Critical failures", "", 0, "sum of critical item failures"),
    MetricDef(
        "critical_calls_pct",
        "Calls with a critical failure",
        "%",
        1,
        "evaluations with ≥ 1 critical failure / evaluations × 100",
    ),
    MetricDef("long_calls", "Calls over 15 min", "", 0, "calls with duration > reports.long_call_s"),
    MetricDef(
        "long_calls_pct",
        "Calls over 15 min, share",
        "%",
        1,
        "calls over the limit / calls with a known duration × 100",
    ),
    MetricDef("handle_time_mean_s", "Mean handle time", "s", 0, "mean call duration (m:ss)"),
    MetricDef(
        "agent_talk_pct",
        "Agent talk share",
        "%",
        1,
        "Σ agent talk / Σ (agent + caller talk) × 100, from evaluations.timings",
    ),
    MetricDef("silence_pct", "Silence", "%", 1, "Σ silence / Σ call length × 100, from evaluations.timings"),
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
