from odoo import models
from odoo.http import request

# Slack's interactivity payloads carry the whole message; far below this
RAW_BODY_LIMIT = 1024 * 1024


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Routes marked ``livechat_iconic_slack_raw_body`` need the body exactly as
        signed (Slack signs the raw bytes): it is read and kept before Odoo parses the
        form into the route's arguments, which would consume it."""
        if rule.endpoint.routing.get("livechat_iconic_slack_raw_body"):
            httprequest = request.httprequest
            if (httprequest.content_length or 0) <= RAW_BODY_LIMIT:
                httprequest.get_data(cache=True)
        return super()._pre_dispatch(rule, args)
