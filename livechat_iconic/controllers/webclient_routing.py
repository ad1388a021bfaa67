from odoo.http import request

from .webclient import LivechatIconicWebClient

PROACTIVE_ACTIONS = ("auto_popup", "display_button_and_text")


class LivechatRoutingWebClient(LivechatIconicWebClient):
    @classmethod
    def _process_request_for_all(cls, store, name, params):
        super()._process_request_for_all(store, name, params)
        if name != "init_livechat":
            return
        rules = store.data.get("im_livechat.channel.rule") or {}
        proactive = [
            values
            for values in rules.values()
            if values.get("action") in PROACTIVE_ACTIONS and not values.get("chatbot_script_id")
        ]
        if not proactive:
            return
        # sudo - im_livechat.channel: whether an agent is shown available (Odoo just read it)
        channel = request.env["im_livechat.channel"].sudo().browse(int(params))
        if channel.available_operator_ids:
            return
        # nobody shown online (e.g. every agent invisible): the widget does not open itself
        # nor call out; the button stays as the queue's settings say
        for values in proactive:
            store.add_model_values(
                "im_livechat.channel.rule", {"id": values["id"], "action": "display_button"}
            )
