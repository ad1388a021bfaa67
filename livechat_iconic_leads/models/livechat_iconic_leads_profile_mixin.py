from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.livechat_iconic.lib.groups import LEAD_PROFILE_GROUPS

from ..lib import lead_input, lead_quality

CLIENT_STATUSES = [
    ("service_provider", "Service Provider"),
    ("end_user", "End User"),
    ("foreign_end_user", "Foreign End User"),
]
QUALITY_SELECTION = [("good", "Good"), ("fair", "Fair"), ("bad", "Bad")]
DNS_CHECK_PARAM = "livechat_iconic_leads.check_email_dns"
# The prefetch group of these fields on the session (and the lead): no message reads them,
# and Odoo reads a session's row at each message (livechat_iconic's DETAIL_PREFETCH)
LEADS_PREFETCH = "livechat_iconic_leads"


class LivechatLeadProfileMixin(models.AbstractModel):
    """What the agent learns about a prospect during a chat, and the lead-quality verdict.

    Shared by the session (the "user info" tab, filled during the chat) and the lead made
    from it. A model using it tells which of its fields hold the name, company, e-mail,
    phone and country (``_lead_quality_fields``); the verdict comes from the pure
    ``lib.lead_quality.assess``.
    """

    _name = "livechat_iconic_leads.profile.mixin"
    _description = "Live Chat Lead Profile"

    #: name, company, e-mail, phone, country (a res.country Many2one) fields of the model
    _lead_quality_fields = ()
    #: the model's records that get a verdict (a domain; empty: all), the others none
    _lead_profile_domain = ()
    # the models also declare ``lead_interest_ids``, a Many2many to
    # ``livechat_iconic_leads.interest``: declared here, its table would be named after the
    # mixin, longer than PostgreSQL's 63 characters

    lead_client_status = fields.Selection(
        CLIENT_STATUSES, string="Client Status", groups=LEAD_PROFILE_GROUPS, prefetch=LEADS_PREFETCH
    )
    lead_active_objects = fields.Integer(
        "Active Objects",
        help="Number of vehicles or devices the prospect runs.",
        groups=LEAD_PROFILE_GROUPS,
        prefetch=LEADS_PREFETCH,
    )
    lead_current_provider = fields.Char(
        "Current Provider", groups=LEAD_PROFILE_GROUPS, prefetch=LEADS_PREFETCH
    )
    lead_agreement_end = fields.Date(
        "Agreement Ends",
        help="When the agreement with the current provider ends.",
        groups=LEAD_PROFILE_GROUPS,
        prefetch=LEADS_PREFETCH,
    )
    lead_quality = fields.Selection(
        QUALITY_SELECTION,
        compute="_compute_lead_quality",
        store=True,
        help="Good: name, company, business e-mail, valid phone and country. Bad: no real "
        "way to follow up (no phone and no business e-mail). Fair: in between.",
        groups=LEAD_PROFILE_GROUPS,
        prefetch=LEADS_PREFETCH,
    )
    lead_quality_reasons = fields.Char(
        "Quality Reasons",
        compute="_compute_lead_quality",
        store=True,
        groups=LEAD_PROFILE_GROUPS,
        prefetch=LEADS_PREFETCH,
    )
    lead_quality_missing = fields.Char(
        "Still Missing",
        compute="_compute_lead_quality",
        store=True,
        groups=LEAD_PROFILE_GROUPS,
        prefetch=LEADS_PREFETCH,
    )

    @api.model
    def _lead_reason_labels(self):
        return {
            "no_contact": _("no phone and no e-mail"),
            "free_mail_no_phone": _("free-mail address and no phone"),
            "disposable_email": _("disposable e-mail address"),
            "invalid_email": _("malformed e-mail address"),
            "no_mail_domain": _("the e-mail domain receives no mail"),
            "free_mail": _("free-mail address"),
            "no_email": _("no e-mail"),
            "invalid_phone": _("phone not valid for the country"),
            "no_phone": _("no phone"),
            "no_name": _("no name"),
            "no_company": _("no company"),
            "no_country": _("no country"),
        }

    @api.model
    def _lead_missing_labels(self):
        return {
            "name": _("name"),
            "company": _("company"),
            "business_email": _("business e-mail"),
            "phone": _("phone"),
            "country": _("country"),
        }

    def _lead_quality_values(self):
        """name, company, email, phone, country (record) of this record."""
        self.ensure_one()
        name, company, email, phone, country = self._lead_quality_fields
        return self[name], self[company], self[email], self[phone], self[country]

    @api.model
    def _lead_verdict(self, name, company, email, phone, country):
        """The pure verdict on these values, with its reasons and missing items in words."""
        # sudo: a system parameter read, no record access involved
        check_dns = self.env["ir.config_parameter"].sudo().get_param(DNS_CHECK_PARAM) == "True"
        verdict = lead_quality.assess(
            name=name or "",
            company=company or "",
            email=email or "",
            phone=phone or "",
            country_code=country.code if country else None,
            check_dns=check_dns,
        )
        reasons, missing = self._lead_reason_labels(), self._lead_missing_labels()
        return {
            "quality": verdict.quality,
            "reasons": ", ".join(reasons[code] for code in verdict.reasons),
            "missing": ", ".join(missing[code] for code in verdict.missing),
            "phone_e164": verdict.phone_e164,
        }

    @api.depends(lambda self: self._lead_quality_fields)
    def _compute_lead_quality(self):
        profiled = self.filtered_domain(list(self._lead_profile_domain))
        unprofiled = self - profiled
        unprofiled.lead_quality = False
        unprofiled.lead_quality_reasons = False
        unprofiled.lead_quality_missing = False
        for record in profiled:
            verdict = record._lead_verdict(*record._lead_quality_values())
            record.lead_quality = verdict["quality"]
            record.lead_quality_reasons = verdict["reasons"]
            record.lead_quality_missing = verdict["missing"]

    @api.constrains("lead_active_objects", "lead_agreement_end")
    def _check_lead_profile(self):
        today = fields.Date.context_today(self)
        for record in self:
            try:
                lead_input.check_active_objects(record.lead_active_objects)
                lead_input.check_agreement_end(record.lead_agreement_end, today)
            except lead_input.InvalidLeadInput as error:
                raise ValidationError(self._lead_input_message(error)) from None

    @api.model
    def _lead_input_message(self, error):
        """The translated message of an InvalidLeadInput."""
        return {
            "email": _("This e-mail address is malformed."),
            "phone": _("This phone number is not possible for the country."),
            "active_objects": _(
                "The number of active objects must be between 0 and %(max)s.",
                max=lead_input.MAX_ACTIVE_OBJECTS,
            ),
            "agreement_end": _(
                "The agreement cannot have ended more than %(years)s years ago.",
                years=lead_input.MAX_AGREEMENT_AGE_YEARS,
            ),
        }[error.field]
