from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..lib.groups import LIVECHAT_USER_GROUP

# Odoo counts a new visit after 8 hours away (website.visitor.visit_count)
VISIT_HOURS = 8


class WebsiteVisitor(models.Model):
    _inherit = "website.visitor"

    livechat_visit_start_dt = fields.Datetime(
        "On the Site Since",
        compute="_compute_livechat_on_site",
        help="The visitor's first tracked page view in the last 8 hours (Odoo counts a new "
        "visit after 8 hours away); their last page view when none is tracked.",
    )
    livechat_time_on_site = fields.Integer(
        "Time on Site (s)",
        compute="_compute_livechat_on_site",
        help="Seconds from the start of the current visit (On the Site Since) to the "
        "visitor's last page view (Last Connection).",
    )
    livechat_current_url = fields.Char(
        "Current Page",
        compute="_compute_livechat_on_site",
        help="The address of the visitor's last tracked page view in the current visit.",
    )
    livechat_current_page = fields.Char(
        "Page",
        compute="_compute_livechat_on_site",
        help="The title of that page, or its address when it is not a website page.",
    )
    livechat_invited_by_id = fields.Many2one(
        "res.partner",
        "Invited By",
        compute="_compute_livechat_invited_by_id",
        search="_search_livechat_invited_by_id",
        help="The agent whose chat invitation to this visitor is pending: no other agent "
        "invites or takes the visitor until that agent releases it.",
    )

    @api.depends("last_connection_datetime", "website_track_ids")
    def _compute_livechat_on_site(self):
        """Two queries for any number of visitors: one grouped read of their page views,
        one read of the last views' pages."""
        since = fields.Datetime.now() - timedelta(hours=VISIT_HOURS)
        # sudo: the page views of visitors the agent can see (Odoo's visitor form shows them)
        Track = self.env["website.track"].sudo()
        groups = Track._read_group(
            [("visitor_id", "in", self.ids), ("visit_datetime", ">=", since)],
            ["visitor_id"],
            ["visit_datetime:min", "id:max"],
        )
        first_view, last_track = {}, {}
        for visitor, start, track_id in groups:
            first_view[visitor.id] = start
            last_track[visitor.id] = track_id
        tracks = Track.browse(last_track.values())
        tracks.fetch(["url", "page_id"])
        tracks.page_id.fetch(["name"])
        for visitor in self:
            start = first_view.get(visitor.id) or visitor.last_connection_datetime
            last = visitor.last_connection_datetime
            track = Track.browse(last_track.get(visitor.id))
            visitor.livechat_visit_start_dt = start
            visitor.livechat_time_on_site = (
                max(0, int((last - start).total_seconds())) if start and last else 0
            )
            visitor.livechat_current_url = track.url or False
            visitor.livechat_current_page = track.page_id.name or track.url or False

    @api.depends("discuss_channel_ids.livechat_state", "discuss_channel_ids.livechat_operator_id")
    def _compute_livechat_invited_by_id(self):
        """One query for any number of visitors."""
        # sudo: who invited these visitors is what the agents must see (the INVITED rule)
        invitations = (
            self.env["discuss.channel"]
            .sudo()
            ._read_group(
                [("livechat_visitor_id", "in", self.ids), ("livechat_state", "=", "invited")],
                ["livechat_visitor_id"],
                ["livechat_operator_id:array_agg"],
            )
        )
        invited_by = {visitor.id: operator_ids[0] for visitor, operator_ids in invitations}
        for visitor in self:
            visitor.livechat_invited_by_id = invited_by.get(visitor.id, False)

    def _search_livechat_invited_by_id(self, operator, value):
        """Nobody (``False``): no invitation is pending; otherwise the visitors with a pending
        invitation whose agent is among the given partners."""
        invited = [("livechat_state", "=", "invited")]
        if operator in ("any", "not any"):
            # e.g. Invited by Me: ('livechat_invited_by_id.user_ids', 'in', [uid])
            domain = Domain(
                "discuss_channel_ids", "any", [*invited, ("livechat_operator_id", "any", value)]
            )
            return ~domain if operator == "not any" else domain
        if operator not in ("in", "not in"):
            return NotImplemented
        values = {value} if isinstance(value, (str, int)) or not value else set(value)
        partner_ids = [v for v in values if v]
        domain = Domain.FALSE
        if partner_ids:
            domain = Domain(
                "discuss_channel_ids",
                "any",
                [*invited, ("livechat_operator_id", "in", partner_ids)],
            )
        if False in values or None in values:
            domain |= Domain("discuss_channel_ids", "not any", invited)
        return ~domain if operator == "not in" else domain

    def action_livechat_invite(self):
        """Visitors on the Site > Invite to Chat: Odoo's chat request, in the agent's name.

        Odoo's ``action_send_chat_request`` adds the agent to the website's queue, which
        only a live chat manager may write: Odoo's own callers use sudo. The INVITED rule
        (another agent's pending invitation blocks) is checked in our override of it."""
        self.ensure_one()
        if not self.env.user.has_group(LIVECHAT_USER_GROUP):
            raise UserError(_("Only live chat agents invite visitors to chat."))
        if not self.is_connected:
            raise UserError(
                _(
                    "%(visitor)s has left the website: there is nobody to invite.",
                    visitor=self.display_name,
                )
            )
        # sudo: env.user stays the agent (the invitation is theirs, the INVITED rule applies
        # to them); sudo only lets Odoo add them to the website's queue, as its tests do
        self.sudo().action_send_chat_request()
        return True
