"""Twilio (cloud telephony) path of the post-call survey: signed TwiML webhooks.

The FastAPI router is ``ivr.twilio.web.router`` (web/app.py mounts it).
"""
