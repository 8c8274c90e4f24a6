"""All page routers, in the order they are mounted."""

from web.routes import audit, auth, calibration, calls, disputes, followups, scorecards, scripts, users

ROUTERS = [
    auth.router,
    calls.router,
    disputes.router,
    followups.router,
    calibration.router,
    scorecards.router,
    scripts.router,
    users.router,
    audit.router,
]
