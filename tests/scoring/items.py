"""Checklist item ids (the reference checklist's, fixed) under the short names the probe tables use."""

from __future__ import annotations

HELLO, IDENT, CLARIFY, TICKET = "greeting", "identify_user", "clarify_problem", "register_ticket"
INFORM, THANK, MORE = "inform_actions", "thank_patience", "anything_else"
SURVEY, BYE, FILLER = "survey_invite", "farewell", "no_filler_words"
CURSE, RUDE, SECRET, STAFF = "no_profanity", "no_rudeness", "no_password_request", "no_staff_disclosure"
