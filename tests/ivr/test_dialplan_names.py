"""The documented dialplans use exactly the names of ivr/dialplan.py, and the code uses those constants.

A renamed variable on either side (say SAPA_QUEUE in the handler, SAPA_QUEUENAME in the docs) would leave
callers unrouted or surveys without an agent with no error anywhere; this test is where it shows.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ivr import dialplan as dp
from ivr.agi.server import RouteTable
from ivr.exceptions import IvrError
from tests.conftest import REPO

DOCS = REPO / "docs" / "asterisk"
PLAIN, FREEPBX = DOCS / "extensions_sapa.conf", DOCS / "freepbx_extensions_custom.conf"
CONFS = sorted(DOCS.glob("*.conf"))

# ${NAME}, ${NAME:...}, Set(NAME=...), Set(__NAME=...), GotoIf($["${NAME}" ...]) and bare globals NAME=...
_READ = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*(?:\([a-z]+\))?)")
_SET = re.compile(r"\bSet\(_{0,2}([A-Za-z_][A-Za-z0-9_]*(?:\([a-z]+\))?)=")
_GLOBAL = re.compile(r"^([A-Z][A-Z0-9_]*)=", re.MULTILINE)
_AGI_URL = re.compile(r"AGI\((?:\$\{SAPA_AGI\}|agi://[^/)]+)/([^)?\s]+)(?:\?([^)\s]*))?\)")
# Asterisk's own variables the dialplans may use that Sapa neither sets nor reads.
ASTERISK = {
    "UNIQUEID",
    "EXTEN",
    "DIALSTATUS",
    "CALLERID",
    "IF",
    "CUT",
    "MEMBERNAME",
    "AGISTATUS",
    "BLINDTRANSFER",
    "ATTENDEDTRANSFER",
    "ARG1",
}


def _code(path: Path) -> str:
    """The dialplan without comments (``;`` to the end of the line)."""
    return "\n".join(line.split(";", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())


def _names(path: Path) -> set[str]:
    code = _code(path)
    return {*_READ.findall(code), *_SET.findall(code), *_GLOBAL.findall(code)}


@pytest.mark.parametrize("conf", CONFS, ids=[c.name for c in CONFS])
def test_every_variable_in_the_docs_is_a_known_name(conf: Path) -> None:
    sapa = {n for n in _names(conf) if n.startswith("SAPA_") or n in dp.READ_BY_SAPA | dp.SET_BY_SAPA}
    unknown = {
        n for n in _names(conf) - sapa if n.split("(")[0] not in ASTERISK and not n.startswith("CHANNEL(")
    }
    assert sapa <= dp.KNOWN, (
        f"{conf.name} uses names ivr/dialplan.py does not know: {sorted(sapa - dp.KNOWN)}"
    )
    assert not unknown, f"{conf.name}: variables that are neither Sapa's nor listed Asterisk ones: {unknown}"


@pytest.mark.parametrize("conf", [PLAIN, FREEPBX], ids=["plain", "freepbx"])
def test_agi_urls_use_known_routes_and_parameters(conf: Path) -> None:
    urls = _AGI_URL.findall(_code(conf))
    assert urls, f"no AGI() call found in {conf.name}"
    for route, query in urls:
        assert route == dp.AGI_SURVEY or route.startswith(dp.AGI_SCRIPT), route
        params = {part.split("=", 1)[0] for part in query.split("&") if part}
        assert params <= dp.PARAMS, f"{conf.name}: unknown AGI parameters {sorted(params - dp.PARAMS)}"


def test_what_sapa_sets_and_reads_is_in_the_plain_dialplan() -> None:
    """The other direction: each variable the script route sets is documented (comments count) and each
    SAPA_ROUTE value the route can take is handled or documented; each variable the survey reads appears."""
    text = PLAIN.read_text(encoding="utf-8")
    every = "".join(conf.read_text(encoding="utf-8") for conf in CONFS)
    missing = sorted(n for n in dp.SET_BY_SAPA | dp.READ_BY_SAPA if n not in every)
    assert not missing, f"docs/asterisk/*.conf never mention {missing}"
    routes = set(re.findall(r'"\$\{SAPA_ROUTE\}" = "([a-z]+)"', text)) | set(
        re.findall(r"SAPA_ROUTE \(([a-z|]+)\)", text)[0].split("|")
    )
    assert set(dp.ROUTES) <= routes


def test_ivr_code_spells_no_variable_name_itself() -> None:
    """Every SAPA_* / queue variable name used as a string in ivr/ comes from ivr/dialplan.py."""
    names = re.compile(r"SAPA_[A-Z_]+|MEMBERINTERFACE|QUEUENAME|CHANNEL\((?:language|linkedid)\)")
    offenders = [
        f"{path.relative_to(REPO)}:{node.lineno}: {node.value}"
        for path in sorted((REPO / "ivr").rglob("*.py"))
        if path.name != "dialplan.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and names.fullmatch(node.value)
    ]
    assert not offenders, offenders


def test_route_table_refuses_a_duplicate_route() -> None:
    routes = RouteTable()
    routes.add(dp.AGI_SURVEY, lambda agi, request: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(IvrError, match="already registered"):
        routes.add(dp.AGI_SURVEY, lambda agi, request: None)  # type: ignore[arg-type,return-value]
