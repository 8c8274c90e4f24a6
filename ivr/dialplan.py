"""Every name shared between Sapa and the Asterisk dialplan, in one place (wazo-agid style).

Channel variables Sapa sets (the script route) or reads (the survey route), the Asterisk variables Sapa
relies on, the values of ``SAPA_ROUTE``, and the query parameters of the AGI URLs. The documented
dialplans (docs/asterisk/*.conf) must use exactly these names: tests/ivr/test_dialplan_names.py checks it.
"""

from __future__ import annotations

from typing import Final

# -- set by the script route (``AGI(agi://sapa/script/<name>)``) on the caller's channel -------------
SAPA_ROUTE: Final = "SAPA_ROUTE"  # queue | extension | hangup | error
SAPA_QUEUE: Final = "SAPA_QUEUE"  # the queue to Queue() the caller into
SAPA_EXTENSION: Final = "SAPA_EXTENSION"  # the extension to Dial()
SAPA_SURVEY: Final = "SAPA_SURVEY"  # 1 | 0: run the survey after the consultant
SAPA_LANGUAGE: Final = "SAPA_LANGUAGE"  # ru | kk | en: the language the caller chose
SAPA_PATH: Final = "SAPA_PATH"  # the nodes the caller went through, for the logs
CHANNEL_LANGUAGE: Final = "CHANNEL(language)"  # Asterisk's own prompt language of the channel

# -- variables of the shipped default script's route node (script data, listed for the docs check) ---
SAPA_TOPIC: Final = "SAPA_TOPIC"
SAPA_SCRIPT: Final = "SAPA_SCRIPT"

# -- read by the survey route (after the query string) -----------------------------------------------
SAPA_AGENT: Final = "SAPA_AGENT"  # the rated extension (Dial g / outbound F() paths)
MEMBERINTERFACE: Final = "MEMBERINTERFACE"  # set by app_queue with setinterfacevar=yes
QUEUENAME: Final = "QUEUENAME"  # set by app_queue with setqueuevar=yes
CHANNEL_LINKEDID: Final = "CHANNEL(linkedid)"  # the whole call's id

# -- values of SAPA_ROUTE ----------------------------------------------------------------------------
ROUTE_QUEUE: Final = "queue"
ROUTE_EXTENSION: Final = "extension"
ROUTE_HANGUP: Final = "hangup"
ROUTE_ERROR: Final = "error"
ROUTES: Final = (ROUTE_QUEUE, ROUTE_EXTENSION, ROUTE_HANGUP, ROUTE_ERROR)

# -- FastAGI routes: agi://sapa:4573/survey and agi://sapa:4573/script/<name> --------------------------
AGI_SURVEY: Final = "survey"
AGI_SCRIPT: Final = "script/"

# -- query parameters of ``agi://sapa:4573/survey?...`` and ``.../script/<name>?...`` ------------------
PARAM_AGENT: Final = "agent"
PARAM_QUEUE: Final = "queue"
PARAM_LANGUAGE: Final = "lang"
PARAM_LINKEDID: Final = "linkedid"
PARAM_ANSWERED: Final = "answered"
PARAM_START: Final = "start"
PARAM_ENDED: Final = "ended"  # agent | caller | transfer: who ended the conversation with the agent
PARAMS: Final = frozenset(
    {PARAM_AGENT, PARAM_QUEUE, PARAM_LANGUAGE, PARAM_LINKEDID, PARAM_ANSWERED, PARAM_START, PARAM_ENDED}
)

# -- names ---------------------------------------------------------------------------------------------
SET_BY_SAPA: Final = frozenset(
    {SAPA_ROUTE, SAPA_QUEUE, SAPA_EXTENSION, SAPA_SURVEY, SAPA_LANGUAGE, SAPA_PATH, CHANNEL_LANGUAGE}
)
READ_BY_SAPA: Final = frozenset({SAPA_AGENT, MEMBERINTERFACE, QUEUENAME, CHANNEL_LINKEDID})
SCRIPT_DATA: Final = frozenset({SAPA_TOPIC, SAPA_SCRIPT})
# Variables only the dialplan itself uses (globals, recording file names); Sapa never touches them.
DIALPLAN_ONLY: Final = frozenset(
    {
        "SAPA_AGI",
        "SAPA_REC",
        "SAPA_RECFILE",
        "SAPA_RECOUT",
        "SAPA_QUEUE_NUM",
        "SAPA_PENDING",
        "SAPA_ENDED",
        "SAPA_FALLBACK_QUEUE",
    }
)
KNOWN: Final = SET_BY_SAPA | READ_BY_SAPA | SCRIPT_DATA | DIALPLAN_ONLY
