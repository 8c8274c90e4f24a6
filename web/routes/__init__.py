"""All page routers, in the order they are mounted."""

from web.routes import (
    audit,
    auth,
    calibration,
    calls,
    disputes,
    evaluations,
    followups,
    jobs,
    language,
    queue,
    scorecards,
    scripts,
    users,
)

ROUTERS = [
    auth.router,
    language.router,
    calls.router,
    queue.router,
    evaluations.router,
    disputes.router,
    followups.router,
    calibration.router,
    scorecards.router,
    scripts.router,
    users.router,
    audit.router,
    jobs.router,
]
