"""Errors raised by the ivr package on purpose.

The AGI errors also derive from pyst2's own classes, so code written against ``asterisk.agi`` still
catches them (``except AGIHangup``) — but handlers should catch the Sapa names.
"""

from asterisk.agi import AGIAppError, AGIError, AGIHangup, AGIInvalidCommand, AGIUsageError


class IvrError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""


class AgiProtocolError(IvrError, AGIError):
    """Asterisk (or whatever connected) sent something that is not AGI: bad header, garbage reply."""


class AgiHangup(IvrError, AGIHangup):
    """The caller is gone: ``HANGUP`` line / 511 on a dead channel / ``(hangup)`` result."""


class AgiDisconnected(AgiHangup):
    """The socket closed or timed out in the middle of the session."""


class AgiCommandFailed(IvrError, AGIAppError):
    """``200 result=-1`` on a channel that is still up (e.g. a prompt file is missing)."""


class AgiInvalidCommand(IvrError, AGIInvalidCommand):
    """``510 Invalid or unknown command``."""


class AgiUsageError(IvrError, AGIUsageError):
    """``520`` with the multi-line usage text of the command."""


class AgiUnsafeCommand(IvrError):
    """A command argument holds CR/LF/NUL (an injection attempt): refused before it reaches Asterisk."""


class AgiUnknownReply(IvrError, AGIError):
    """A reply code Sapa does not know (not 200/510/511/520)."""


class PromptBuildError(IvrError):
    """espeak-ng / sox missing or failing while rendering prompts."""


class TwilioSignatureError(IvrError):
    """A Twilio webhook came without a valid X-Twilio-Signature."""
