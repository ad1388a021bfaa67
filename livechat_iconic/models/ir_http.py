import json

from werkzeug.exceptions import RequestEntityTooLarge

from odoo import models
from odoo.http import DEFAULT_MAX_CONTENT_LENGTH, request

from ..controllers.main import refuse


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Our public JSON-RPC routes (``livechat_iconic_check_body``) cap the request body
        with Odoo's ``max_content_length``. Odoo reads the body later, and answers a body
        over the cap, or one whose ``params`` is not an object, with a server error; it is
        read here first, so that the visitor gets a short JSON 413 or 400 instead."""
        super()._pre_dispatch(rule, args)
        routing = rule.endpoint.routing
        if routing.get("type") != "jsonrpc" or not routing.get("livechat_iconic_check_body"):
            return
        _ = request.env._
        limit = routing.get("max_content_length") or DEFAULT_MAX_CONTENT_LENGTH
        if (request.httprequest.content_length or 0) > limit:
            refuse(_("The request is too large."), status=413)  # refused unread
        try:
            body = request.httprequest.get_data(cache=True)  # kept for Odoo's dispatcher
        except RequestEntityTooLarge:  # werkzeug >= 2.3 enforces the limit while reading
            body = None
        if body is None or len(body) > limit:  # a chunked body has no Content-Length
            refuse(_("The request is too large."), status=413)
        try:
            call = json.loads(body)
        except ValueError:
            call = None
        if not isinstance(call, dict) or not isinstance(call.get("params", {}), dict):
            refuse(_("The request is not a valid JSON-RPC call."))
