import logging
import time

from slack_sdk.signature import SignatureVerifier

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.livechat_iconic.lib.groups import LIVECHAT_USER_GROUP

from ..lib.notice import CLAIM_ACTION_ID
from ..lib.params import SIGNING_SECRET_PARAM
from ..tools.slack_client import INTERACTIVE_TIMEOUT, SlackClient

_logger = logging.getLogger(__name__)

#: Seconds spent at most on finding the agent by e-mail: Slack wants an answer in 3 s.
LOOKUP_BUDGET = 1.5
LOOKUP_MAX_USERS = 20


class SlackClaim(models.AbstractModel):
    """Slack's interactivity requests: the Claim button of a notice."""

    _name = "livechat_iconic_slack.claim"
    _description = "Slack Claim"

    @api.model
    def _verify(self, body, headers):
        """True when Slack signed this request (v0 HMAC of the raw body with the signing
        secret, within five minutes; slack_sdk compares in constant time)."""
        # sudo: the signing secret is read by the system, never shown
        secret = self.env["ir.config_parameter"].sudo().get_param(SIGNING_SECRET_PARAM)
        if not secret or not secret.strip():
            _logger.warning("Slack action refused: no signing secret is set")
            return False
        timestamp = headers.get("X-Slack-Request-Timestamp") or ""
        signature = headers.get("X-Slack-Signature") or ""
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            _logger.info("Slack action refused: no valid timestamp")
            return False
        if not (signature.isascii() and signature.startswith("v0=") and len(signature) <= 100):
            _logger.info("Slack action refused: no valid signature header")
            return False
        try:
            body.decode()  # Slack signs UTF-8 text; slack_sdk would fail on other bytes
        except UnicodeDecodeError:
            _logger.info("Slack action refused: the body is not UTF-8")
            return False
        valid = SignatureVerifier(secret.strip()).is_valid(
            body=body, timestamp=timestamp, signature=signature
        )
        if not valid:
            _logger.info("Slack action refused: bad or stale signature (timestamp %s)", timestamp)
        return valid

    @api.model
    def _handle(self, payload):
        """A verified payload: only a Claim click does something."""
        if payload.get("type") != "block_actions":
            return
        action = next(
            (
                a
                for a in payload.get("actions") or []
                if isinstance(a, dict) and a.get("action_id") == CLAIM_ACTION_ID
            ),
            None,
        )
        user = payload.get("user") if isinstance(payload.get("user"), dict) else {}
        channel = payload.get("channel") if isinstance(payload.get("channel"), dict) else {}
        slack_user, slack_channel = str(user.get("id") or ""), str(channel.get("id") or "")
        if not action or not slack_user:
            return
        reply_key = f"claim:{action.get('action_ts') or payload.get('trigger_id')}:{slack_user}"
        outbox = self.env["livechat_iconic_slack.outbox"].sudo()
        if outbox.search_count([("dedup_key", "=", reply_key)]):
            # the same signed click again (a replay within Slack's five minutes, or Slack
            # retrying): it was handled and answered once; nothing happens the second time
            _logger.info("Slack claim %s seen already: nothing done", reply_key)
            return

        def reply(text):
            if slack_channel:
                self.env["livechat_iconic_slack.outbox"]._enqueue_ephemeral(
                    slack_channel, slack_user, text, reply_key
                )

        value = str(action.get("value") or "")
        # sudo: the session is only looked up here; taking it runs as the agent below
        session = (
            self.env["discuss.channel"].sudo().browse(int(value)).exists()
            if value.isdigit() and len(value) < 12
            else self.env["discuss.channel"]
        )
        if not session or session.channel_type != "livechat":
            _logger.info("Slack claim by %s: session %r no longer exists", slack_user, value)
            reply(self.env._("This chat no longer exists."))
            return
        agent = self._agent_for(slack_user, session)
        if not agent:
            _logger.info(
                "Slack claim of session %s: Slack user %s is no agent", session.id, slack_user
            )
            reply(
                self.env._(
                    "Your Slack e-mail address matches no live chat agent in Odoo: "
                    "ask an administrator to add you."
                )
            )
            return
        try:
            with self.env.cr.savepoint():
                # as the agent: the board's Chat button, same lock and rules
                session.with_user(agent).action_livechat_take()
        except (UserError, AccessError) as error:
            _logger.info(
                "Slack claim of session %s by %s refused: %s", session.id, agent.login, error
            )
            reply(self.env._("Not for you: %(reason)s", reason=str(error)))
            return
        _logger.info("Slack claim: %s took session %s", agent.login, session.id)
        reply(
            self.env._(
                "The chat with %(visitor)s is yours: %(url)s",
                visitor=session.livechat_visitor_name,
                url=f"{session.get_base_url()}/livechat/waiting/{session.id}",
            )
        )

    @api.model
    def _agent_for(self, slack_user, session):
        """The Odoo agent behind a Slack user: remembered, else found by e-mail with
        ``users.lookupByEmail`` (each Slack id found is remembered on its user)."""
        # sudo: matching accounts is the system's job; the agent then acts as themselves
        users = self.env["res.users"].sudo()
        group = self.env.ref(LIVECHAT_USER_GROUP)
        known = users.search([("livechat_slack_user_id", "=", slack_user)], limit=1)
        if known:
            return known if group in known.all_group_ids else users
        candidates = users.search(
            [
                ("all_group_ids", "in", group.id),
                ("livechat_slack_user_id", "=", False),
                ("email", "!=", False),
                ("share", "=", False),
            ],
            limit=200,
        )
        queue_agents = session.livechat_channel_id.user_ids
        candidates = (candidates & queue_agents) | candidates
        client = SlackClient(self.env, timeout=INTERACTIVE_TIMEOUT)
        deadline = time.monotonic() + LOOKUP_BUDGET
        for candidate in candidates[:LOOKUP_MAX_USERS]:
            if time.monotonic() > deadline:
                _logger.info("Slack claim: e-mail lookups stopped, out of time")
                break
            result = client.call("users.lookupByEmail", email=candidate.email.strip())
            if not result.ok:
                if result.error == "users_not_found":
                    continue
                _logger.info("Slack users.lookupByEmail failed: %s", result.error or result.status)
                break
            found = str((result.data.get("user") or {}).get("id") or "")
            if found:
                users.search(
                    [("livechat_slack_user_id", "=", found)]
                ).livechat_slack_user_id = False
                candidate.livechat_slack_user_id = found
            if found == slack_user:
                return candidate
        return users
