from odoo.http import request

from .webclient_topics import LivechatTopicsWebClient


class LivechatCannedWebClient(LivechatTopicsWebClient):
    @classmethod
    def _process_request_for_internal_user(cls, store, name, params):
        if name != "mail.canned.response":
            return super()._process_request_for_internal_user(store, name, params)
        # the composer's "::" picker: approved responses and my own proposals only (Odoo's
        # own fetch would also list the proposals a live chat manager may read to review)
        CannedResponse = request.env["mail.canned.response"]
        store.add(CannedResponse.search(CannedResponse._livechat_picker_domain()))
        return None
