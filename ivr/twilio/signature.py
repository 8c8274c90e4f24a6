"""X-Twilio-Signature: base64(HMAC-SHA1(auth token, URL + sorted POST params)) — pure."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping


def compute_signature(url: str, params: Mapping[str, str], auth_token: str) -> str:
    """The signature Twilio sends for a POST to ``url`` with form ``params``.

    >>> compute_signature("https://sapa.example.kz/twilio/survey", {"CallSid": "CA1", "Digits": "4"}, "t")
    'qgIWt8HX4AkxSRvvWv0gMggjWyA='
    """
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(auth_token.encode("utf-8"), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_is_valid(url: str, params: Mapping[str, str], signature: str | None, auth_token: str) -> bool:
    """Constant-time comparison; an empty token or signature never validates."""
    if not auth_token or not signature:
        return False
    expected = compute_signature(url, params, auth_token).encode("ascii")
    return hmac.compare_digest(expected, signature.encode("utf-8", "surrogateescape"))  # bytes: any header
