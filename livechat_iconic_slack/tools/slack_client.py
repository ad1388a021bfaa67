"""The only place that talks to Slack: the official ``slack_sdk.WebClient``.

Configuration (system parameters, the addon's stable names):
``livechat_iconic_slack.base_url`` (default Slack's own API URL),
``livechat_iconic_slack.bot_token``, ``livechat_iconic_slack.channel`` (default
channel), ``livechat_iconic_slack.signing_secret`` (interactivity requests).

Every call goes through :meth:`SlackClient.call`, which never raises: it returns a
:class:`SlackResult` saying what Slack answered (or that it did not), sorted by
``lib.retry.classify``. Long outages are the outbox's business (it retries with
backoff); the WebClient's own retry handler only retries a dropped connection once.
"""

import logging
from dataclasses import dataclass, field
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import (
    FixedValueRetryIntervalCalculator,
)

from odoo.tools.translate import LazyTranslate

from ..lib import retry

_logger = logging.getLogger(__name__)
# slack_sdk logs a failed connection at ERROR level itself; we log each failure once,
# with its consequence (retry or stop), at WARNING
_sdk_logger = logging.getLogger(__name__ + ".sdk")
_sdk_logger.setLevel(logging.CRITICAL)
_lt = LazyTranslate(__name__)

PARAM_PREFIX = "livechat_iconic_slack."
DEFAULT_BASE_URL = "https://slack.com/api/"
#: Seconds: the cron can wait a little; a Slack interactivity request must be
#: answered within 3 s, so what it calls gets much less.
SEND_TIMEOUT = 10
#: Methods whose request is not repeated on a dropped connection (not idempotent)
NOT_RETRIED = frozenset({"chat.postMessage"})
INTERACTIVE_TIMEOUT = 2

EXPLANATIONS = {
    "not_configured": _lt("No Slack bot token is set."),
    "invalid_auth": _lt("The bot token is not valid (invalid_auth)."),
    "not_authed": _lt("No bot token was sent (not_authed)."),
    "token_revoked": _lt("The bot token was revoked: reinstall the Slack app (token_revoked)."),
    "token_expired": _lt("The bot token expired (token_expired)."),
    "account_inactive": _lt("The Slack app or its workspace was deactivated (account_inactive)."),
    "missing_scope": _lt(
        "The Slack app lacks a permission: reinstall it from the manifest (missing_scope)."
    ),
    "channel_not_found": _lt(
        "Slack knows no such channel, or the bot cannot see it (channel_not_found)."
    ),
    "not_in_channel": _lt(
        "The bot is not a member of the channel: invite it there (not_in_channel)."
    ),
    "is_archived": _lt("The channel is archived (is_archived)."),
    "users_not_found": _lt("No Slack user has this e-mail address (users_not_found)."),
    "no_answer": _lt("Slack did not answer (connection refused or timed out)."),
    "ratelimited": _lt("Slack asks us to slow down (rate limited)."),
}


@dataclass
class SlackResult:
    """What came back from one call."""

    ok: bool
    data: dict = field(default_factory=dict)
    status: int | None = None  # HTTP status; None when Slack did not answer
    error: str = ""  # Slack's error code, or a short description of the failure
    retry_after: str | None = None  # the Retry-After header of a 429

    @property
    def verdict(self):
        return None if self.ok else retry.classify(self.status, self.error or None)

    def explain(self, lang="en_US"):
        """Slack's answer in words, for administrators (in ``lang``)."""
        if self.ok:
            words = _lt("Slack accepted it.")
        elif self.error in EXPLANATIONS:
            words = EXPLANATIONS[self.error]
        elif self.status is not None and self.status >= 500:
            words = _lt("Slack is unavailable right now (HTTP %s).", self.status)
        else:
            words = _lt("Slack refused: %s", self.error or self.status)
        return words._translate(lang or "en_US")


class SlackClient:
    """A WebClient configured from the system parameters."""

    def __init__(self, env, timeout=SEND_TIMEOUT):
        # sudo: the bot token is for administrators only; it never leaves this object
        params = env["ir.config_parameter"].sudo()
        self.token = (params.get_param(PARAM_PREFIX + "bot_token") or "").strip()
        self.default_channel = (params.get_param(PARAM_PREFIX + "channel") or "").strip()
        self.base_url = (params.get_param(PARAM_PREFIX + "base_url") or "").strip() or (
            DEFAULT_BASE_URL
        )
        self.web = WebClient(
            token=self.token or None,
            base_url=self.base_url,
            timeout=timeout,
            logger=_sdk_logger,
            retry_handlers=[
                ConnectionErrorRetryHandler(
                    max_retry_count=1,
                    interval_calculator=FixedValueRetryIntervalCalculator(0.2),
                )
            ],
        )

    @property
    def configured(self):
        return bool(self.token)

    def call(self, method, **kwargs):
        """Call the Web API ``method`` (``"chat.postMessage"``…) with ``kwargs`` as JSON
        (``users.lookupByEmail``: as a query, as Slack wants it). Never raises."""
        if not self.token:
            return SlackResult(ok=False, error="not_configured")
        # a post is never sent again blindly: a dropped connection may have lost only the
        # answer (the outbox then looks for the post in the channel's history first)
        handlers = self.web.retry_handlers
        if method in NOT_RETRIED:
            self.web.retry_handlers = []
        try:
            if method.startswith("users."):
                response = self.web.api_call(method, http_verb="GET", params=kwargs)
            else:
                response = self.web.api_call(method, json=kwargs)
        except SlackApiError as error:
            response = error.response
            data = response.data if isinstance(response.data, dict) else {}
            headers = {k.lower(): v for k, v in (response.headers or {}).items()}
            retry_after = headers.get("retry-after")
            if isinstance(retry_after, list):
                retry_after = retry_after[0] if retry_after else None
            return SlackResult(
                ok=False,
                data=data,
                status=response.status_code,
                error=str(data.get("error") or "")[:200],
                retry_after=retry_after,
            )
        except SlackRequestError as error:
            return SlackResult(ok=False, status=400, error=f"bad_request: {error}"[:200])
        except (URLError, OSError) as error:  # refused, reset, timed out, DNS
            _logger.debug("Slack %s: no answer (%s)", method, error)
            return SlackResult(ok=False, status=None, error="no_answer")
        finally:
            self.web.retry_handlers = handlers
        return SlackResult(ok=True, data=dict(response.data), status=response.status_code)
