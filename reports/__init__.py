"""Reports: SQL metrics per period and grouping, HTML scorecards, CSV/XLSX exports, scheduled runs.

Entry points: `reports.service.make_report` + `write_report` (CLI, demo); the scheduler that runs them
is wired in `sapa.report_schedule.start_scheduler` (`sapa serve`) and `run_pending`
(`sapa report schedule --run-pending`). See docs/reports.md.
"""
