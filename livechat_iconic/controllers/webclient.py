from odoo.http import request

from odoo.addons.im_livechat.controllers.webclient import WebClient

from ..lib import web_input


class LivechatIconicWebClient(WebClient):
    @classmethod
    def _process_request_for_all(cls, store, name, params):
        super()._process_request_for_all(store, name, params)
        if name != "init_livechat":
            return
        # the widget initialises on every page the visitor opens: their sessions follow
        # (the address without query string and fragment, which may hold tokens)
        page = web_input.safe_page_url(request.httprequest.headers.get("Referer"))
        if page and not request.env.cr.readonly:  # the widget fetches it read/write
            request.env["discuss.channel"]._livechat_follow_visitor(params, page)
        if "livechat_available" not in store.data.get("Store", {}):
            return  # no such channel: Odoo said nothing, neither do we
        available = store.data["Store"]["livechat_available"]
        # sudo - im_livechat.channel: reading the queue's opening hours and settings. Odoo
        # just found and read this channel: no query (the hours are cached, see
        # _livechat_is_open), unless the form is offered (its topics).
        channel = request.env["im_livechat.channel"].sudo().browse(int(params))
        form = channel._livechat_form_info(available)
        store.add_global_values(livechat_iconic_form=form)
        # Odoo shows the chat button only when an operator (or a bot) is available; a channel
        # that queues visitors, or offers its message form, keeps the button whenever its
        # rules do not hide it.
        if available or not (form or channel.queue_when_unavailable):
            return  # Odoo found an operator or a bot (or no channel): nothing to add
        country_id = (
            # sudo: res.country - accessing the visitor's country is allowed
            request.env["res.country"].sudo().search([("code", "=", code)]).id
            if (code := request.geoip.country_code)
            else None
        )
        # sudo: im_livechat.channel.rule - getting the channel's rule is allowed
        rule = (
            request.env["im_livechat.channel.rule"]
            .sudo()
            .match_rule(channel.id, request.httprequest.headers.get("Referer"), country_id)
        )
        if rule.action != "hide_button":
            store.add_global_values(livechat_available=True)
