"""Answering a JSON-RPC request with an HTTP error, shared by our controllers and by
``ir.http`` (models/ir_http.py), which refuses a request before any route runs. Not a
controller: a model imports it, and a model never imports a controller."""

from werkzeug.exceptions import abort

from odoo.http import request


def refuse(message, status=400, field=None, name=None):
    """Answer a JSON-RPC request with HTTP ``status`` and a JSON-RPC error body.

    Raising an exception would answer HTTP 200 with the server traceback in
    ``error.data.debug`` (``JsonRPCDispatcher.handle_error``); a response passed to
    ``abort`` bypasses that, as Odoo does itself for a body that is not JSON. The body
    has the shape Odoo's ``rpc()`` reads, so the web client shows ``message`` as a
    warning. The transaction is rolled back.
    """
    error = {
        "code": status,
        "message": message,
        "data": {
            "name": name
            or ("werkzeug.exceptions.NotFound" if status == 404 else "odoo.exceptions.UserError"),
            "message": message,
            "arguments": [message],
            "context": {},
            "field": field,
        },
    }
    body = {"jsonrpc": "2.0", "id": request.dispatcher.request_id, "error": error}
    abort(request.make_json_response(body, status=status))
