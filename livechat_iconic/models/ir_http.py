import json
import logging

from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge

from odoo import models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import DEFAULT_MAX_CONTENT_LENGTH, request

from ..tools.json_rpc import refuse

_logger = logging.getLogger(__name__)

#: Errors a caller's bad value raises deep in a route (a list where a number was meant,
#: a missing key): the caller's fault, answered 400, never a server error.
BAD_VALUE_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _livechat_guarded(cls, routing):
        """``livechat_iconic_check_body``: ``True`` for every caller, ``"public"`` for
        visitors only (Odoo's routes that the web client of signed-in users shares)."""
        guard = routing.get("livechat_iconic_check_body")
        if guard == "public":
            return request.env.user._is_public()
        return bool(guard)

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Our public JSON-RPC routes, and Odoo's that we extend, are marked
        ``livechat_iconic_check_body``: the request is counted by the throttle of its
        ``livechat_iconic_throttle`` action (429 over the limit), the body is capped with Odoo's
        ``max_content_length`` and must be a JSON-RPC call whose ``params`` is an object,
        else a short JSON 413 or 400 (Odoo would answer with a server error)."""
        super()._pre_dispatch(rule, args)
        routing = rule.endpoint.routing
        if routing.get("type") != "jsonrpc" or not cls._livechat_guarded(routing):
            return
        _ = request.env._
        action = routing.get("livechat_iconic_throttle") or "other"
        if request.env["livechat_iconic.throttle"]._livechat_is_over(action):
            refuse(
                _("You are sending too many requests. Please wait a minute and try again."),
                status=429,
            )
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
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            call = None
        if not isinstance(call, dict) or not isinstance(call.get("params", {}), dict):
            refuse(_("The request is not a valid JSON-RPC call."))

    @classmethod
    def _dispatch(cls, endpoint):
        """On the same routes, whatever a stranger sends is answered with a short 4xx
        (``refuse``: no traceback, the transaction rolled back), never a server error:
        Odoo's own refusals keep their message, a value of the wrong shape that fails
        deep in a route is a 400. Concurrency errors still go up to Odoo, which retries."""
        if not cls._livechat_guarded(endpoint.routing):
            return super()._dispatch(endpoint)
        _ = request.env._
        try:
            return super()._dispatch(endpoint)
        except HTTPException as error:
            if error.response is not None:
                raise  # already answered (refuse)
            if isinstance(error, NotFound):
                refuse(_("This does not exist (any longer)."), status=404)
            refuse(_("The request is not valid."), status=400)
        except (AccessError, MissingError):
            refuse(_("This does not exist (any longer)."), status=404)
        except UserError as error:
            # as Odoo answers a user error (HTTP 200, its class named), without the traceback
            name = f"{type(error).__module__}.{type(error).__name__}"
            refuse(str(error), status=200, name=name)
        except BAD_VALUE_ERRORS as error:
            _logger.info(
                "Live chat route %s refused a bad value: %s: %s",
                request.httprequest.path,
                type(error).__name__,
                str(error)[:200],
            )
            refuse(_("The request is not valid."), status=400)
