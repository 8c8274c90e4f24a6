"""What Asterisk asked for: the route and parameters of a FastAGI session, from its header (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from ivr.dialplan import PARAM_LANGUAGE

LANGUAGE_ALIASES = {"ru": "ru", "kk": "kk", "kz": "kk", "en": "en"}
ASTERISK_DEFAULT_LANGUAGE = "en"  # what CHANNEL(language) is when nobody set it


@dataclass(frozen=True)
class AgiRequest:
    """``agi://host:4573/survey?agent=1001&queue=support`` → route ``survey`` with its params."""

    route: str
    params: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)

    @property
    def uniqueid(self) -> str:
        return self.env.get("agi_uniqueid", "").strip()

    @property
    def caller_id(self) -> str:
        """The caller's number; Asterisk writes ``unknown`` when there is none."""
        value = self.env.get("agi_callerid", "").strip()
        return "" if value.lower() in {"unknown", "anonymous"} else value


def parse_script_path(path: str) -> tuple[str, dict[str, str]]:
    """Route and query parameters of ``agi_network_script`` (or of the whole ``agi_request`` URL).

    >>> parse_script_path("survey?agent=1001&queue=support")
    ('survey', {'agent': '1001', 'queue': 'support'})
    >>> parse_script_path("agi://10.0.0.5:4573/script/support-first-line?lang=kk")
    ('script/support-first-line', {'lang': 'kk'})
    >>> parse_script_path("/survey/")
    ('survey', {})
    """
    parts = urlsplit(path.strip())
    route = parts.path if parts.scheme else path.split("?", 1)[0]
    query = parts.query if parts.scheme else (path.split("?", 1)[1] if "?" in path else "")
    params = {k: v.strip() for k, v in parse_qsl(query, keep_blank_values=True)}
    return route.strip().strip("/"), params


def request_from_env(env: dict[str, str]) -> AgiRequest:
    """Build the request; ``agi_arg_1..n`` are the extra AGI() arguments."""
    path = env.get("agi_network_script") or env.get("agi_request", "")
    route, params = parse_script_path(path)
    args: list[str] = []
    while f"agi_arg_{len(args) + 1}" in env:
        args.append(env[f"agi_arg_{len(args) + 1}"])
    return AgiRequest(route=route, params=params, args=tuple(args), env=dict(env))


def language_code(raw: str) -> str | None:
    """A known language code for ``raw`` (``kz``, ``en_GB``), None for anything else (``ru\\nEXEC``).

    >>> language_code("KZ"), language_code("en_GB"), language_code("ru\\nEXEC Dial"), language_code("")
    ('kk', 'en', None, None)
    """
    return LANGUAGE_ALIASES.get(raw.strip().lower().replace("-", "_").split("_")[0])


def pick_language(request: AgiRequest, default: str, *, trust_channel: bool = False) -> tuple[str, bool]:
    """The survey's language and whether the caller/PBX chose it (False: ``default`` applied).

    ``?lang=`` first; then the channel language ``agi_language`` when Sapa has prompts for it and it was
    set on purpose: Asterisk gives every channel ``en`` unless configured, so ``en`` counts as unset
    unless ``trust_channel`` (``ivr.survey.trust_channel_language``); else ``default``.

    >>> pick_language(AgiRequest("survey", {"lang": "kz"}), "ru")
    ('kk', True)
    >>> pick_language(AgiRequest("survey", env={"agi_language": "kk"}), "ru")
    ('kk', True)
    >>> pick_language(AgiRequest("survey", env={"agi_language": "en"}), "ru")
    ('ru', False)
    >>> pick_language(AgiRequest("survey", env={"agi_language": "en_GB"}), "ru", trust_channel=True)
    ('en', True)
    >>> pick_language(AgiRequest("survey", env={"agi_language": "de"}), "ru")
    ('ru', False)
    """
    code = language_code(request.params.get(PARAM_LANGUAGE, ""))
    if code:
        return code, True
    channel = language_code(request.env.get("agi_language", ""))
    if channel and (channel != ASTERISK_DEFAULT_LANGUAGE or trust_channel):
        return channel, True
    return default, False
