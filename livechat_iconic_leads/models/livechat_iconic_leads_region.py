from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..demo import region_table
from ..lib.routing import Region, pick_region
from .livechat_iconic_leads_profile_mixin import CLIENT_STATUSES


class LivechatLeadRegion(models.Model):
    """A row of the region table: the visitor's country (and, optionally, client status)
    decides which sales team, and which salesperson, gets a lead from live chat.

    Fallback chain: the country's region, then the default region, then the live chat
    queue's sales team (``im_livechat.channel.lead_team_id``).
    """

    _name = "livechat_iconic_leads.region"
    _description = "Live Chat Lead Region"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    country_ids = fields.Many2many("res.country", string="Countries")
    client_status = fields.Selection(
        CLIENT_STATUSES,
        string="Only For",
        help="Only leads of this client status (e.g. the home country's end users); "
        "empty: every lead from these countries.",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", required=True, help="The owner queue of the region."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain="[('share', '=', False)]",
        help="Owner of the region's leads; empty: the sales team's leader.",
    )
    head_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False)]",
        help="Head of the region: gets a To-Do on a lead made from an offline message of "
        "a client unknown to the CRM.",
    )
    is_default = fields.Boolean(
        "Default Region", help="Leads from a country that no region lists go here."
    )

    @api.constrains("country_ids", "client_status", "company_id", "active")
    def _check_one_region_per_country(self):
        for region in self.filtered("active"):
            others = self.search(
                [
                    ("id", "!=", region.id),
                    ("company_id", "=", region.company_id.id),
                    ("client_status", "=", region.client_status),
                    ("country_ids", "in", region.country_ids.ids),
                ],
                limit=1,
            )
            if others:
                shared = (others.country_ids & region.country_ids).mapped("name")
                raise ValidationError(
                    _(
                        "%(countries)s already belong to the region %(region)s.",
                        countries=", ".join(shared),
                        region=others.name,
                    )
                )

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        for region in self.filtered(lambda r: r.is_default and r.active):
            if self.search_count(
                [
                    ("id", "!=", region.id),
                    ("is_default", "=", True),
                    ("company_id", "=", region.company_id.id),
                ]
            ):
                raise ValidationError(_("Only one region can be the default one."))

    @api.model
    def _livechat_find(self, country, client_status=None, company=None):
        """The region of a lead from ``country`` (empty recordset when none applies).
        No query once the company's table is cached (every chat asks)."""
        company = company or self.env.company
        rows = self._livechat_table(company.id)
        return self.browse(pick_region(rows, country.id, client_status))

    @api.model
    @tools.ormcache("company_id")
    def _livechat_table(self, company_id):
        # sudo: the routing table is read for whoever's chat is routed
        regions = self.sudo().search([("company_id", "in", [False, company_id])])
        return tuple(
            Region(r.id, frozenset(r.country_ids.ids), r.client_status or None, r.is_default)
            for r in regions
        )

    @api.model_create_multi
    def create(self, vals_list):
        regions = super().create(vals_list)
        self.env.registry.clear_cache()
        return regions

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    def _livechat_lead_route(self, country, client_status=None, fallback_team=None):
        """(region, sales team, salesperson) of a lead from ``country``: the region table,
        else ``fallback_team`` (the live chat queue's sales team); the owner is the
        region's salesperson, else the team's leader."""
        region = self._livechat_find(country, client_status)
        team = region.team_id or fallback_team or self.env["crm.team"]
        return region, team, region.user_id or team.user_id

    def _livechat_owner(self):
        """The salesperson of the region: its own, or its team's leader."""
        self.ensure_one()
        return self.user_id or self.team_id.user_id

    @api.model
    def _livechat_demo_region_table(self):
        """Demo data: one company's table (demo/region_table.py), home country the
        company's (Austria when it has none)."""
        home = self.env.company.country_id or self.env.ref("base.at")
        region_table.build_region_table(self.env, home)
