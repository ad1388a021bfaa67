from odoo.http import request

from .webclient_routing import LivechatRoutingWebClient


class LivechatTopicsWebClient(LivechatRoutingWebClient):
    @classmethod
    def _process_request_for_all(cls, store, name, params):
        super()._process_request_for_all(store, name, params)
        if name != "init_livechat" or "livechat_available" not in store.data.get("Store", {}):
            return
        # the topics the widget offers before the chat starts (cached: no query per page)
        topics = request.env["livechat_iconic.topic"]._livechat_widget_topics(int(params))
        store.add_global_values(
            livechat_iconic_topics=[{"id": topic_id, "name": name} for topic_id, name in topics]
        )
