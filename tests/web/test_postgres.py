"""The SQL-heavy web tests again on PostgreSQL (same test functions, ``web_app`` on a PG database)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sapa.wiring import App
from tests.web.conftest import postgres_web_app
from tests.web.test_calibration import test_blind_calibration_results  # noqa: F401
from tests.web.test_calls import (  # noqa: F401
    test_drill_down_links_of_reports,
    test_filters,
    test_keyset_paging_walks_every_call_once,
    test_search_uses_transcript_text_only_of_visible_calls,
)
from tests.web.test_jobs_page import (  # noqa: F401
    jobs,
    test_admin_sees_counts_holders_and_failure_reasons,
    test_counts_per_state_are_aggregated_by_the_database,
    test_filter_by_state_and_pages,
    test_retry_puts_a_failed_job_back_and_audits_it,
)
from tests.web.test_review import (  # noqa: F401
    test_dispute_accepted_flips_answer,
    test_override_keeps_auto_answer_recomputes_and_audits,
)
from tests.web.test_roles import test_call_list_is_scoped  # noqa: F401
from tests.web.test_route_sweep import (  # noqa: F401
    targets,
    test_agent_or_lead_aiming_at_another_team_changes_and_reads_nothing,
)
from tests.web.test_scorecards import test_agent_scorecards_drill_down_to_failed_calls  # noqa: F401
from tests.web.test_search import test_the_index_follows_inserts_updates_and_deletes  # noqa: F401
from tests.web.test_security import (  # noqa: F401
    test_a_copied_session_cookie_is_dead_after_logout,
    test_huge_ids_are_a_bad_request_not_a_crash,
    test_paging_cursor_of_an_invisible_call_reveals_nothing,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def web_app(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    yield from postgres_web_app(pg_url, tmp_path, monkeypatch)
