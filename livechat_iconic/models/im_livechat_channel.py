import logging

from odoo import fields, models
from odoo.http import request

from ..lib import geo, user_agent, web_input

_logger = logging.getLogger(__name__)


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    queue_when_unavailable = fields.Boolean(
        "Queue When Nobody Is Available",
        default=True,
        help="Keep the chat button when no agent is available: the visitor can still write, "
        "the session waits IN QUEUE on the Customers Waiting board until an agent takes it.",
    )

    def _is_livechat_available(self):
        return super()._is_livechat_available() or self.queue_when_unavailable

    def _get_operator_info(self, /, *, lang, country_id, previous_operator_id=None, **kwargs):
        info = super()._get_operator_info(
            lang=lang, country_id=country_id, previous_operator_id=previous_operator_id, **kwargs
        )
        if not info["operator_partner"] and self.queue_when_unavailable:
            # Nobody can take the chat now: the queue stands in as its operator until an
            # agent takes it from the Customers Waiting board.
            info["operator_partner"] = self.env["discuss.channel"]._livechat_queue_partner()
            info["operator_model"] = "livechat_iconic.queue"
        return info

    def _get_channel_name(
        self, /, *, visitor_user=None, guest=None, agent, operator_model, **kwargs
    ):
        if operator_model == "livechat_iconic.queue":
            visitor = visitor_user.display_name if visitor_user else guest.name
            return f"{visitor} {self.name}"
        return super()._get_channel_name(
            visitor_user=visitor_user,
            guest=guest,
            agent=agent,
            operator_model=operator_model,
            **kwargs,
        )

    def _get_livechat_discuss_channel_vals(self, /, *, operator_model, **kwargs):
        vals = super()._get_livechat_discuss_channel_vals(operator_model=operator_model, **kwargs)
        if not vals:
            return vals
        if operator_model == "livechat_iconic.queue":
            # the queue is no participant: drop the member Odoo made for the operator
            vals["channel_member_ids"] = vals["channel_member_ids"][1:]
            vals["livechat_failure"] = "no_agent"
        if not self.env.user._is_public():
            vals["livechat_partner_id"] = self.env.user.partner_id.id
        if request:
            vals.update(self._livechat_visitor_context_vals())
        return vals

    def _livechat_visitor_context_vals(self):
        """Visitor context read from the request that starts the chat, server side."""
        httprequest = request.httprequest
        # with proxy_mode, Odoo already applied X-Forwarded-For to remote_addr
        ip = geo.client_ip(httprequest.remote_addr)
        # Odoo looks the request's address up (and already sets the session's country)
        city, region = self._livechat_geoip_city_region() if ip else ("", "")
        agent_string = httprequest.headers.get("User-Agent") or ""
        agent = user_agent.parse_user_agent(agent_string)
        # the widget posts from the page the visitor is on; its query string and fragment
        # (reset-password and access tokens) never reach an agent
        page = web_input.safe_page_url(httprequest.headers.get("Referer"))
        vals = {
            "livechat_ip": ip or False,
            "livechat_city": city or False,
            "livechat_region": region or False,
            "livechat_user_agent": agent_string[:1024] or False,
            "livechat_browser": agent.browser,
            "livechat_os": agent.os,
            "livechat_device": agent.device,
            "livechat_page_url": page or False,
        }
        return vals

    def _livechat_geoip_city_region(self):
        """City and region (first subdivision) of the request's address, from Odoo's own
        GeoIP lookup (``request.geoip``); empty strings where unknown."""
        geoip = request.geoip
        try:
            city = geoip.city.name
            subdivisions = geoip.subdivisions
        except (TypeError, ValueError):
            # e.g. a Country database configured as the City one: a setup problem, never
            # the visitor's
            _logger.warning("GeoIP City lookup failed for %s", geoip.ip, exc_info=True)
            return "", ""
        region = subdivisions[0].name if subdivisions else None
        return (city or "").strip(), (region or "").strip()
