"""Demo organisation: teams, agents, users. Passwords are printed at demo start; only hashes are stored."""

from __future__ import annotations

from sapa.wiring import App
from storage.models import Role
from storage.repositories.org import AgentRepository, UserRepository

DEMO_AGENTS = [
    ("1001", "Айгүл Серікова", "Алматы-1"),
    ("1002", "Данияр Ахметов", "Алматы-1"),
    ("1003", "Мария Ким", "Алматы-1"),
    ("2001", "Ерлан Жумабаев", "Астана-2"),
    ("2002", "Ольга Петренко", "Астана-2"),
    ("2003", "Асель Нурланова", "Астана-2"),
]

# username, password, role, agent extension, team
DEMO_USERS: list[tuple[str, str, Role, str | None, str | None]] = [
    ("admin", "demo-admin-pass", Role.ADMIN, None, None),
    ("qa", "demo-qa-pass", Role.QA, None, None),
    ("lead", "demo-lead-pass", Role.TEAM_LEAD, None, "Алматы-1"),
    ("aigul", "demo-agent-pass", Role.AGENT, "1001", None),
]


def load_demo_org(app: App) -> list[tuple[str, str, str]]:
    """Create demo agents and users if missing; return (username, password, role) to print."""
    with app.uow() as session:
        agents = AgentRepository(session)
        for extension, name, agent_team in DEMO_AGENTS:
            if agents.by_extension(extension) is None:
                agents.add(extension, name, agent_team)
        users = UserRepository(session)
        for username, password, role, ext, team in DEMO_USERS:
            if users.by_username(username) is None:
                users.add(username, password, role, agent_extension=ext, team=team)
    return [(u, p, r.value) for u, p, r, _, _ in DEMO_USERS]
