from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import format_amount

from odoo.addons.livechat_iconic.lib.groups import LIVECHAT_USER_GROUP

from ..lib import stakes as stake_rules
from .livechat_iconic_leads_profile_mixin import LEADS_PREFETCH, QUALITY_SELECTION

#: crm.lead fields whose change moves what is at stake (crm_lead.py calls
#: ``_livechat_refresh_stakes`` when one is written)
OPPORTUNITY_STAKE_FIELDS = frozenset(
    {
        "expected_revenue",
        "stage_id",
        "active",
        "probability",
        "partner_id",
        "type",
        "company_id",
    }
)
#: the session fields below, as the board and the Slack notice are told of their change
STAKE_FIELDS = (
    "livechat_stake_count",
    "livechat_stake_value",
    "livechat_stake_currency_id",
    "livechat_stake_quality",
)


class DiscussChannel(models.Model):
    """The money waiting: what is at stake in sales with the contact a session belongs
    to (``livechat_partner_id``: signed in, proven by code or confirmed by an agent; never
    an unconfirmed claim), shown on the board's card and
    in the Slack notice, and used by the queues that order their visitors by value."""

    _inherit = "discuss.channel"

    livechat_stake_count = fields.Integer(
        "Open Opportunities",
        compute="_compute_livechat_stakes",
        store=True,
        groups=LIVECHAT_USER_GROUP,
        help="Open opportunities of the visitor's confirmed contact and of its company.",
        prefetch=LEADS_PREFETCH,
    )
    livechat_stake_value = fields.Monetary(
        "Expected Revenue at Stake",
        compute="_compute_livechat_stakes",
        store=True,
        currency_field="livechat_stake_currency_id",
        groups=LIVECHAT_USER_GROUP,
        help="Sum of the expected revenue of those open opportunities. Nothing for a "
        "contact the visitor only claims to be.",
        prefetch=LEADS_PREFETCH,
    )
    livechat_stake_currency_id = fields.Many2one(
        "res.currency",
        "Stake Currency",
        compute="_compute_livechat_stakes",
        store=True,
        groups=LIVECHAT_USER_GROUP,
        prefetch=LEADS_PREFETCH,
    )
    livechat_stake_quality = fields.Selection(
        QUALITY_SELECTION,
        "Opportunity Quality",
        compute="_compute_livechat_stakes",
        store=True,
        groups=LIVECHAT_USER_GROUP,
        help="The lead-quality verdict of the richest of those open opportunities.",
        prefetch=LEADS_PREFETCH,
    )

    @api.depends("livechat_partner_id")
    def _compute_livechat_stakes(self):
        by_session = self._livechat_open_opportunities()
        for channel in self:
            found = stake_rules.summarize(by_session.get(channel.id, ()))
            channel.livechat_stake_count = found.count
            channel.livechat_stake_value = found.value
            # the company's currency read only when something is at stake: a visitor's
            # start chat reads nothing more
            channel.livechat_stake_currency_id = (
                self.env.company.currency_id if found.count else False
            )
            channel.livechat_stake_quality = found.quality or False

    def _livechat_open_opportunities(self):
        """``{session id: [stakes.Opportunity]}``: the open opportunities (active, not won
        nor lost, probability below 100) of each session's confirmed contact and of its
        commercial entity, in one query."""
        partner_of = {
            channel.id: channel.livechat_partner_id
            for channel in self
            if channel.livechat_partner_id
        }
        if not partner_of:
            return {}
        keys = {
            sid: {partner.id, partner.commercial_partner_id.id}
            for sid, partner in partner_of.items()
        }
        # sudo: agents see what is at stake (a count, a sum, a verdict), not the
        # opportunities, which may belong to salespeople they cannot read
        leads = (
            self.env["crm.lead"]
            .sudo()
            .search_read(
                Domain("partner_id", "in", list(set().union(*keys.values())))
                & Domain("type", "=", "opportunity")
                & Domain("won_status", "=", "pending")
                & Domain("probability", "<", 100)
                & Domain("company_id", "in", [False, self.env.company.id]),
                ["partner_id", "expected_revenue", "lead_quality"],
            )
        )
        by_partner = {}
        for lead in leads:
            by_partner.setdefault(lead["partner_id"][0], []).append(
                stake_rules.Opportunity(
                    lead["id"], lead["expected_revenue"], lead["lead_quality"] or None
                )
            )
        return {
            sid: [opp for pid in sorted(pids) for opp in by_partner.get(pid, ())]
            for sid, pids in keys.items()
        }

    @api.model
    def _livechat_refresh_stakes(self, partners):
        """The opportunities of ``partners`` changed: recompute what is at stake on the
        live sessions (not ended) whose confirmed contact is one of them or belongs to
        one of them (its commercial entity), and tell the board and Slack. Bounded: only
        those sessions, never a global recompute."""
        if not partners:
            return
        sessions = self.sudo().search(
            Domain("channel_type", "=", "livechat")
            & Domain("livechat_end_dt", "=", False)
            & (
                Domain("livechat_partner_id", "in", partners.ids)
                | Domain("livechat_partner_id.commercial_partner_id", "in", partners.ids)
            )
        )
        if not sessions:
            return
        for name in STAKE_FIELDS:
            self.env.add_to_compute(sessions._fields[name], sessions)
        sessions._livechat_notify_board(list(STAKE_FIELDS))

    def _livechat_stakes(self):
        """livechat_iconic's hook, filled from the stored stakes (see there)."""
        result = super()._livechat_stakes()
        quality = dict(self._fields["livechat_stake_quality"]._description_selection(self.env))
        # sudo: the stakes are the agents' fields; read by the system for the dispatch
        # and the Slack notice
        for channel in self.sudo():
            if not channel.livechat_stake_count:
                continue
            result[channel.id] = {
                "count": channel.livechat_stake_count,
                "value": channel.livechat_stake_value,
                "value_label": format_amount(
                    self.env, channel.livechat_stake_value, channel.livechat_stake_currency_id
                ),
                "quality": quality.get(channel.livechat_stake_quality, ""),
            }
        return result
