"""What `sapa demo` prints about the web UI: its address and what each login can see."""

from __future__ import annotations

from sqlalchemy import func, select

from sapa.wiring import App
from storage.models import Call, User
from web.scope import call_scope
from web.templating import NAV


def web_summary(app: App) -> list[str]:
    web = app.settings.web
    lines = [f"  web UI: http://{web.host}:{web.port}/  (log in with the demo users above)"]
    with app.uow() as session:
        users = list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.username)))
        for user in users:
            count = session.scalar(select(func.count(Call.id)).where(call_scope(user))) or 0
            pages = ", ".join(label for _, label, roles in NAV if user.role in roles)
            lines.append(f"  {user.username:<8} ({user.role.value}): {count} calls visible; pages: {pages}")
    return lines
