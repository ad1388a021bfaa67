import logging
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.fields import Domain
from odoo.tools import email_normalize

from odoo.addons.livechat_iconic.lib.groups import LEAD_PROFILE_GROUPS, SALESMAN_GROUP

from ..lib.matching import company_key
from .discuss_channel_stakes import OPPORTUNITY_STAKE_FIELDS

_logger = logging.getLogger(__name__)

#: A salesperson contacts a new lead from chat within this many working hours.
FOLLOWUP_WORKING_HOURS = 4


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "livechat_iconic_leads.profile.mixin"]

    _lead_quality_fields = ("contact_name", "partner_name", "email_from", "phone", "country_id")

    # the interests: declared by each model, not by the mixin, whose many2many table would
    # be named after it (longer than PostgreSQL's 63 characters)
    lead_interest_ids = fields.Many2many(
        "livechat_iconic_leads.interest", string="Interest", groups=LEAD_PROFILE_GROUPS
    )
    lead_region_id = fields.Many2one(
        "livechat_iconic_leads.region",
        string="Region",
        index="btree_not_null",
        readonly=True,
        groups=SALESMAN_GROUP,
    )
    lead_is_duplicate = fields.Boolean(
        "Duplicate",
        readonly=True,
        help="Made from a chat whose visitor was already a lead or a contact: not counted "
        "as a new lead.",
        groups=SALESMAN_GROUP,
    )
    lead_duplicate_of_id = fields.Many2one(
        "crm.lead", string="Duplicate Of", readonly=True, groups=SALESMAN_GROUP
    )
    lead_duplicate_partner_id = fields.Many2one(
        "res.partner", string="Existing Contact", readonly=True, groups=SALESMAN_GROUP
    )
    lead_duplicate_reason = fields.Char("Matched On", readonly=True, groups=SALESMAN_GROUP)
    lead_followup_deadline = fields.Datetime(
        "Contact Before",
        readonly=True,
        help="The owner contacts the lead within 4 working hours of their calendar.",
        groups=SALESMAN_GROUP,
    )
    lead_offline_message = fields.Boolean(
        "From an Offline Message",
        readonly=True,
        help="Made from a message left when nobody could chat (a help-desk request): kept "
        "out of the leads from live chat in their counts and reports.",
        groups=SALESMAN_GROUP,
    )
    lead_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Offline Message",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The help-desk request this lead was made from.",
        groups=SALESMAN_GROUP,
    )
    lead_won_rate = fields.Float(
        "Conversion (%)",
        compute="_compute_lead_won_rate",
        store=True,
        aggregator="avg",
        help="100 for a won lead, 0 otherwise: its average over a group is the conversion rate.",
        groups=SALESMAN_GROUP,
    )

    @api.depends("won_status")
    def _compute_lead_won_rate(self):
        for lead in self:
            lead.lead_won_rate = 100.0 if lead.won_status == "won" else 0.0

    # -- what is at stake with a chat's contact (discuss_channel_stakes.py) -----------------
    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._livechat_stakes_changed(leads.partner_id)
        return leads

    def write(self, vals):
        moved = (OPPORTUNITY_STAKE_FIELDS | set(self._lead_quality_fields)) & set(vals)
        partners_before = self.partner_id if moved else self.env["res.partner"]
        result = super().write(vals)
        if moved:
            self._livechat_stakes_changed(partners_before | self.partner_id)
        return result

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        self._livechat_stakes_changed(partners)
        return result

    def _livechat_stakes_changed(self, partners):
        """Opportunities of ``partners`` were made, changed or deleted: the live chats of
        those contacts (and of their companies' contacts) show what is now at stake."""
        if partners:
            self.env["discuss.channel"]._livechat_refresh_stakes(partners)

    # -- duplicates -------------------------------------------------------------------------
    @api.model
    def _livechat_find_duplicate(self, email=None, phone=None, company=None, exclude=None):
        """The first existing lead, else contact, with the same normalised e-mail, E.164
        phone or company name. Returns ``(record, reason)``, or ``(None, None)``.

        Archived and lost leads count too: a lost lead coming back is not a new one.
        """
        # normalised, compared for equality: "_" or "%" in an address is an ordinary character
        email = email_normalize(email or "") or ""
        key = company_key(company)
        # sudo: a duplicate is a duplicate whoever can see it; only its name is shown
        leads = self.sudo().with_context(active_test=False)
        partners = self.env["res.partner"].sudo()
        checks = []
        if email:
            checks.append((Domain("email_normalized", "=", email), _("same e-mail")))
        if phone:
            checks.append((Domain("phone_sanitized", "=", phone), _("same phone")))
        for domain, reason in checks:
            lead = leads.search(
                domain & Domain("id", "not in", exclude.ids if exclude else []),
                order="id",
                limit=1,
            )
            if lead:
                return lead, reason
            partner = partners.search(domain, order="id", limit=1)
            if partner:
                return partner, reason
        if key:
            word = max(key.replace("&", " ").split(), key=len)
            lead_domain = Domain("partner_name", "ilike", word)
            if exclude:
                lead_domain &= Domain("id", "not in", exclude.ids)
            for lead in leads.search(lead_domain, limit=50):
                if company_key(lead.partner_name) == key:
                    return lead, _("same company")
            for partner in partners.search(
                Domain("is_company", "=", True) & Domain("name", "ilike", word), limit=50
            ):
                if company_key(partner.name) == key:
                    return partner, _("same company")
        return None, None

    def _livechat_flag_duplicate(self):
        """Mark this lead from chat as a duplicate of what it matches, if anything."""
        for lead in self:
            match, reason = self._livechat_find_duplicate(
                lead.email_from, lead.phone_sanitized, lead.partner_name, exclude=lead
            )
            if not match:
                continue
            is_lead = match._name == "crm.lead"
            lead.write(
                {
                    "lead_is_duplicate": True,
                    "lead_duplicate_of_id": match.id if is_lead else False,
                    "lead_duplicate_partner_id": False if is_lead else match.id,
                    "lead_duplicate_reason": reason,
                }
            )

    # -- follow-up deadline -------------------------------------------------------------------
    def _livechat_lead_followup_calendar(self):
        """The owner's working calendar (their resource's), else the company's."""
        self.ensure_one()
        user = self.user_id
        resource = user.resource_ids.filtered(lambda r: r.company_id in (False, self.company_id))[
            :1
        ]
        calendar = (
            resource.calendar_id or (self.company_id or self.env.company).resource_calendar_id
        )
        return calendar, resource

    def _livechat_lead_followup_deadline(self, start=None):
        """``start`` (naive UTC, default now) plus 4 working hours of the owner's calendar,
        their time off and the public holidays skipped; naive UTC."""
        self.ensure_one()
        start = start or fields.Datetime.now()
        calendar, resource = self._livechat_lead_followup_calendar()
        if not calendar:
            return start + timedelta(hours=FOLLOWUP_WORKING_HOURS)
        # sudo: reading the owner's calendar and time off to plan their deadline
        deadline = calendar.sudo().plan_hours(
            FOLLOWUP_WORKING_HOURS,
            pytz.utc.localize(start),
            compute_leaves=True,
            resource=resource.sudo() or None,
        )
        if not deadline:
            return start + timedelta(hours=FOLLOWUP_WORKING_HOURS)
        return deadline.astimezone(pytz.utc).replace(tzinfo=None)

    def _livechat_schedule_followup(self):
        """The owner of a new lead from chat gets a "contact this lead" activity, due
        within 4 working hours."""
        for lead in self.filtered("user_id"):
            deadline = lead._livechat_lead_followup_deadline()
            tz = pytz.timezone(lead.user_id.tz or "UTC")
            local = pytz.utc.localize(deadline).astimezone(tz)
            lead.lead_followup_deadline = deadline
            lead.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=local.date(),
                summary=_("Contact before %(deadline)s", deadline=local.strftime("%Y-%m-%d %H:%M")),
                note=_("New lead from live chat: contact them within 4 working hours."),
                user_id=lead.user_id.id,
            )
