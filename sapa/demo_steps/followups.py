"""`sapa demo`: follow-ups created from the demo surveys (low ratings, "not resolved")."""

from __future__ import annotations

from sqlalchemy import select

from sapa.followups import sync
from sapa.wiring import App
from storage.models import Call, FollowUp, Team, User


def demo_followups(app: App) -> list[str]:
    created = sync(app).created
    lines = [f"  {len(created)} new follow-up(s); page /followups (lead sees his team's, admin all)"]
    stmt = (
        select(FollowUp, Call.external_id, Team.name, User.username)
        .join(Call, Call.id == FollowUp.call_id)
        .outerjoin(Team, Team.id == FollowUp.team_id)
        .outerjoin(User, User.id == FollowUp.owner_user_id)
        .order_by(FollowUp.id)
    )
    with app.uow() as session:
        for f, call, team, owner in session.execute(stmt):
            rating = f.rating if f.rating is not None else "-"
            who = f"team {team or '-'}  owner {owner or '(no lead)'}"
            lines.append(f"  {call:<14} {f.reason:<24} rating {rating}  {who}")
    return lines
