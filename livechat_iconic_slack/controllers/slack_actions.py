import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)


class SlackActions(http.Controller):
    @http.route(
        "/livechat_iconic_slack/actions",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        livechat_iconic_slack_raw_body=True,
    )
    def slack_actions(self, **_kwargs):
        """Slack's interactivity requests (the Claim button). Signed by Slack: anything
        else gets 401 and changes nothing. Answered at once; Slack's replies to the
        user go through the outbox."""
        httprequest = request.httprequest
        body = httprequest.get_data(cache=True)
        claim = request.env["livechat_iconic_slack.claim"]
        if not claim._verify(body, httprequest.headers):
            return request.make_response("invalid signature", status=401)
        try:
            payload = json.loads(httprequest.form.get("payload") or "")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            _logger.info("Slack action refused: no JSON payload")
            return request.make_response("no payload", status=400)
        claim._handle(payload)
        return request.make_response("", status=200)
