from functools import partial

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import html2plaintext

from odoo.addons.livechat_iconic.lib.groups import LEAD_PROFILE_GROUPS, LIVECHAT_USER_GROUP

from ..lib import lead_input
from .livechat_iconic_leads_profile_mixin import LEADS_PREFETCH

#: Fields of the "user info" tab, as the side panel reads and writes them.
USER_INFO_FIELDS = (
    "lead_contact_name",
    "lead_company_name",
    "lead_email",
    "lead_phone",
    "lead_country_id",
    "lead_interest_ids",
    "lead_client_status",
    "lead_active_objects",
    "lead_current_provider",
    "lead_agreement_end",
)
#: The tab's details of the person, erased with the visitor.
LEAD_PERSONAL_FIELDS = (
    "lead_contact_name",
    "lead_company_name",
    "lead_email",
    "lead_phone",
    "lead_current_provider",
)
#: Which check of lib.lead_input a tab field goes through, by the check's field name.
INPUT_FIELDS = {
    "email": "lead_email",
    "phone": "lead_phone",
    "active_objects": "lead_active_objects",
    "agreement_end": "lead_agreement_end",
}


def _first_valid(check, candidates):
    """The first of ``candidates`` that ``check`` accepts, as given; False if none."""
    for value in candidates:
        if not value:
            continue
        try:
            check(value)
        except lead_input.InvalidLeadInput:
            continue
        return value
    return False


class DiscussChannel(models.Model):
    _name = "discuss.channel"
    _inherit = ["discuss.channel", "livechat_iconic_leads.profile.mixin"]

    _lead_quality_fields = (
        "lead_contact_name",
        "lead_company_name",
        "lead_email",
        "lead_phone",
        "lead_country_id",
    )
    # a verdict for live chats only (livechat_iconic_leads_profile_mixin.py)
    _lead_profile_domain = (("channel_type", "=", "livechat"),)

    # -- the "user info" tab: prefilled from what the visitor gave, edited by the agent ----
    # the interests: declared by each model, not by the mixin, whose many2many table would
    # be named after it (longer than PostgreSQL's 63 characters)
    lead_interest_ids = fields.Many2many(
        "livechat_iconic_leads.interest", string="Interest", groups=LEAD_PROFILE_GROUPS
    )
    lead_contact_name = fields.Char(
        "Contact Name",
        compute="_compute_lead_contact",
        store=True,
        readonly=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=LEADS_PREFETCH,
    )
    lead_company_name = fields.Char(
        "Company",
        compute="_compute_lead_contact",
        store=True,
        readonly=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=LEADS_PREFETCH,
    )
    lead_email = fields.Char(
        "E-mail",
        compute="_compute_lead_contact",
        store=True,
        readonly=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=LEADS_PREFETCH,
    )
    lead_phone = fields.Char(
        "Phone",
        compute="_compute_lead_contact",
        store=True,
        readonly=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=LEADS_PREFETCH,
    )
    lead_country_id = fields.Many2one(
        "res.country",
        compute="_compute_lead_contact",
        store=True,
        readonly=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=LEADS_PREFETCH,
    )
    lead_region_id = fields.Many2one(
        "livechat_iconic_leads.region",
        compute="_compute_lead_region_id",
        store=True,
        help="The region (owner queue) a lead from this chat goes to.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=LEADS_PREFETCH,
    )
    lead_duplicate_hint = fields.Char(
        "Already Known",
        compute="_compute_lead_duplicate_hint",
        help="The existing lead or contact a lead made from this chat would duplicate.",
        groups=LIVECHAT_USER_GROUP,
    )

    @api.depends(
        "livechat_partner_id",
        "livechat_guest_name",
        "livechat_visitor_email",
        "livechat_visitor_phone",
        "country_id",
    )
    def _compute_lead_contact(self):
        """Prefill: what the visitor gave (confirmed contact first), never over what the
        agent typed."""
        for channel in self:
            if channel.channel_type != "livechat":
                continue
            # sudo: the visitor's claims are read to prefill the agent's tab
            claims = channel.sudo()
            partner = claims.livechat_partner_id
            channel.lead_contact_name = (
                channel.lead_contact_name or partner.name or claims.livechat_guest_name
            )
            channel.lead_company_name = channel.lead_company_name or (
                partner.commercial_company_name
                if partner.parent_id or partner.is_company
                else False
            )
            country = channel.lead_country_id or partner.country_id or claims.country_id
            channel.lead_country_id = country
            # only values the tab's own checks accept: a visitor's data never blocks a chat
            channel.lead_email = channel.lead_email or _first_valid(
                lead_input.check_email, (partner.email, claims.livechat_visitor_email)
            )
            channel.lead_phone = channel.lead_phone or _first_valid(
                partial(lead_input.check_phone, country_code=country.code),
                (partner.phone, claims.livechat_visitor_phone),
            )

    @api.depends("lead_country_id", "lead_client_status")
    def _compute_lead_region_id(self):
        Region = self.env["livechat_iconic_leads.region"]
        for channel in self:
            channel.lead_region_id = (
                Region._livechat_find(channel.lead_country_id, channel.lead_client_status)
                if channel.channel_type == "livechat"
                else False
            )

    @api.depends("lead_email", "lead_phone", "lead_company_name", "lead_country_id")
    def _compute_lead_duplicate_hint(self):
        for channel in self:
            channel.lead_duplicate_hint = channel._livechat_duplicate_hint(
                channel.lead_email,
                channel.lead_phone,
                channel.lead_company_name,
                channel.lead_country_id,
            )

    def _livechat_duplicate_hint(self, email, phone, company, country):
        if self.channel_type != "livechat":
            return False
        phone_e164 = self._lead_verdict("", "", "", phone, country)["phone_e164"]
        match, reason = self.env["crm.lead"]._livechat_find_duplicate(
            email, phone_e164, company, exclude=self.sudo().lead_ids
        )
        if not match:
            return False
        kind = _("lead") if match._name == "crm.lead" else _("contact")
        return _(
            "Already a %(kind)s: %(name)s (%(reason)s)",
            kind=kind,
            name=match.display_name,
            reason=reason,
        )

    @api.constrains("lead_email", "lead_phone", "lead_country_id")
    def _check_lead_contact(self):
        for channel in self:
            try:
                lead_input.check_email(channel.lead_email)
                lead_input.check_phone(channel.lead_phone, channel.lead_country_id.code)
            except lead_input.InvalidLeadInput as error:
                raise ValidationError(self._lead_input_message(error)) from None

    # -- the side panel (OWL) ---------------------------------------------------------------
    def _livechat_check_lead_agent(self):
        self.ensure_one()
        if self.channel_type != "livechat" or not self.env.user.has_group(LIVECHAT_USER_GROUP):
            raise AccessError(_("Only live chat agents can edit a visitor's user info."))
        self.check_access("read")

    def _livechat_user_info_values(self):
        return {
            "lead_contact_name": self.lead_contact_name or "",
            "lead_company_name": self.lead_company_name or "",
            "lead_email": self.lead_email or "",
            "lead_phone": self.lead_phone or "",
            "lead_country_id": self.lead_country_id.id or False,
            "lead_interest_ids": self.lead_interest_ids.ids,
            "lead_client_status": self.lead_client_status or "",
            "lead_active_objects": self.lead_active_objects or 0,
            "lead_current_provider": self.lead_current_provider or "",
            "lead_agreement_end": fields.Date.to_string(self.lead_agreement_end) or "",
        }

    def _livechat_user_info_state(self, values=None, errors=None):
        """What the panel shows: the values, the verdict on them, field errors and the
        existing lead or contact they match."""
        values = values or self._livechat_user_info_values()
        country = self.env["res.country"].browse(values.get("lead_country_id") or [])
        verdict = self._lead_verdict(
            values.get("lead_contact_name"),
            values.get("lead_company_name"),
            values.get("lead_email"),
            values.get("lead_phone"),
            country,
        )
        return {
            "values": values,
            "errors": errors or {},
            "quality": verdict["quality"],
            "reasons": verdict["reasons"],
            "missing": verdict["missing"],
            "duplicate": self._livechat_duplicate_hint(
                values.get("lead_email"),
                values.get("lead_phone"),
                values.get("lead_company_name"),
                country,
            ),
            "lead_ids": [{"id": lead.id, "name": lead.name} for lead in self.sudo().lead_ids],
        }

    def livechat_user_info_read(self):
        """The panel's data: the tab's values, the choices it offers and the verdict."""
        self._livechat_check_lead_agent()
        selection = dict(self._fields["lead_client_status"]._description_selection(self.env))
        return {
            **self._livechat_user_info_state(),
            # every choice of the panel's two lists: the countries (about 250) and the
            # interest tags (a short list the managers keep)
            "countries": self.env["res.country"].search_read([], ["name"]),  # pylint: disable=no-search-all
            "interests": self.env["livechat_iconic_leads.interest"].search_read(  # pylint: disable=no-search-all
                [], ["name", "color"]
            ),
            "client_statuses": list(selection.items()),
        }

    def _livechat_clean_user_info(self, values):
        """(clean values, errors by field) of what the agent typed; nothing is written."""
        country = (
            self.env["res.country"]
            .browse(values.get("lead_country_id", self.lead_country_id.id) or [])
            .exists()
        )
        clean, errors = {}, {}
        for name, value in values.items():
            if name not in USER_INFO_FIELDS:
                continue
            try:
                if name == "lead_email":
                    value = lead_input.check_email(value)
                elif name == "lead_phone":
                    value = lead_input.check_phone(value, country.code)
                elif name == "lead_active_objects":
                    value = lead_input.check_active_objects(value if value != "" else 0)
                elif name == "lead_agreement_end":
                    value = lead_input.check_agreement_end(
                        fields.Date.to_date(value or None), fields.Date.context_today(self)
                    )
                elif name == "lead_country_id":
                    value = country.id
                elif name == "lead_interest_ids":
                    interests = (
                        self.env["livechat_iconic_leads.interest"].browse(value or []).exists()
                    )
                    value = [fields.Command.set(interests.ids)]
                elif name == "lead_client_status":
                    value = value or False
                else:
                    value = html2plaintext(value or "").strip()[:256] or False
            except (lead_input.InvalidLeadInput, ValueError, TypeError) as error:
                field = INPUT_FIELDS.get(getattr(error, "field", None), name)
                errors[field] = (
                    self._lead_input_message(error)
                    if isinstance(error, lead_input.InvalidLeadInput)
                    else _("This value is not valid.")
                )
                continue
            clean[name] = value
        return clean, errors

    def livechat_user_info_save(self, values):
        """Save what is valid of the tab; what is not stays in the panel with its error.
        The chat goes on: nothing is posted."""
        self._livechat_check_lead_agent()
        clean, errors = self._livechat_clean_user_info(values)
        if clean:
            # sudo: an agent of this session fills in its user info (checked above)
            self.sudo().write(clean)
        state = self._livechat_user_info_state()
        state["values"].update({name: values[name] for name in errors})
        state["errors"] = errors
        return state

    # -- lead from the chat -------------------------------------------------------------------
    def action_livechat_create_lead(self):
        """The agent's "Create Lead" on the tab. An existing customer (a confirmed contact
        with a salesperson) is not a new lead: their salesperson gets an activity."""
        self._livechat_check_lead_agent()
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(_("Only salespeople can create leads."))
        # sudo: the agent of the session reads its contact to route the question
        customer = self.sudo().livechat_partner_id.commercial_partner_id
        if customer.user_id:
            activity = self._livechat_notify_account_manager(customer)
            return {"activity_id": activity.id, "user": customer.user_id.name}
        title = self.livechat_question or _(
            "Live chat with %(name)s", name=self.lead_contact_name or _("a visitor")
        )
        lead = self._convert_visitor_to_lead(self.env.user.partner_id, "/lead " + title)
        return {"lead_id": lead.id, "lead_name": lead.name, "quality": lead.lead_quality}

    def _livechat_notify_account_manager(self, customer):
        """An existing customer's commercial question: an activity for their salesperson."""
        self.ensure_one()
        note = Markup(
            "<p>%s</p><p>%s</p><p><a href='/odoo/action-im_livechat.discuss_channel_action/%s'>%s</a></p>"
        ) % (
            _("Commercial question from live chat:"),
            self.livechat_question or "",
            self.id,
            _("Open the chat"),
        )
        # sudo: the agent schedules an activity for the customer's salesperson
        return customer.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Commercial question from live chat"),
            note=note,
            user_id=customer.user_id.id,
        )

    def _livechat_lead_values(self, lead):
        """What the chat adds to Odoo's lead: the tab's values, its region, team and owner."""
        self.ensure_one()
        vals = {
            "partner_name": self.lead_company_name or lead.partner_name or False,
            "country_id": (self.lead_country_id or self.country_id).id or lead.country_id.id,
            "lead_interest_ids": [fields.Command.set(self.lead_interest_ids.ids)],
            "lead_client_status": self.lead_client_status,
            "lead_active_objects": self.lead_active_objects,
            "lead_current_provider": self.lead_current_provider,
            "lead_agreement_end": self.lead_agreement_end,
        }
        if not lead.partner_id and self.livechat_partner_id:
            vals["partner_id"] = self.livechat_partner_id.id
        elif not lead.partner_id:
            phone = self._lead_verdict("", "", "", self.lead_phone, self.lead_country_id)[
                "phone_e164"
            ]
            vals.update(
                contact_name=self.lead_contact_name or False,
                email_from=self.lead_email or False,
                phone=phone or self.lead_phone or False,
            )
        country = self.env["res.country"].browse(vals["country_id"])
        region, team, user = self._livechat_lead_owner(country, self.lead_client_status)
        vals.update(lead_region_id=region.id, team_id=team.id, user_id=user.id)
        return vals

    def _livechat_lead_owner(self, country, client_status):
        """(region, sales team, salesperson) of a lead from ``country``: the region table,
        else the live chat queue's sales team; the owner is the region's salesperson,
        else the team's leader."""
        return self.env["livechat_iconic_leads.region"]._livechat_lead_route(
            country, client_status, self.livechat_channel_id.lead_team_id
        )

    def _livechat_complete_bot_lead(self, lead):
        """What a chatbot's lead lacks of a lead from chat (see chatbot_script_step.py)."""
        self.ensure_one()
        country = lead.country_id or self.lead_country_id or self.country_id
        vals = {"country_id": country.id}
        if not lead.team_id:
            region, team, user = self._livechat_lead_owner(country, self.lead_client_status)
            vals.update(lead_region_id=region.id, team_id=team.id)
            if not lead.user_id:
                vals["user_id"] = user.id
        lead.write(vals)
        lead._livechat_flag_duplicate()
        lead._livechat_schedule_followup()

    def _convert_visitor_to_lead(self, partner, key):
        """Odoo's lead from the chat (the /lead command, the tab's button), with what the
        chat knows: the tab, the region's team and owner, the duplicate flag, the owner's
        follow-up deadline, and the visitor told when to expect a call; then the chat's
        help-desk request becomes of type Lead (discuss_channel_helpdesk.py)."""
        lead = super()._convert_visitor_to_lead(partner, key)
        # sudo: the agent who makes the lead reads the visitor's context and routes it
        channel = self.sudo()
        lead = lead.sudo()
        lead.write(channel._livechat_lead_values(lead))
        lead._livechat_flag_duplicate()
        lead._livechat_schedule_followup()
        if not channel.livechat_end_dt:
            channel._livechat_post_notice(
                _("Thank you! A sales colleague will contact you within 1 business day.")
            )
        self._livechat_request_becomes_lead()
        return lead.with_env(self.env)

    # -- privacy ----------------------------------------------------------------------------
    def _livechat_erase_personal_data(self):
        """Also erased with the visitor: the "user info" tab's contact details and the
        copy of the conversation in the leads made from these chats (lost and archived
        leads included). The leads stay, with their team, owner and outcome."""
        sessions = super()._livechat_erase_personal_data()
        if not sessions:
            return sessions
        # sudo: the caller decided to erase; leads the agent may not read are copies too
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("origin_channel_id", "in", sessions.ids)])
        )
        leads.write({"description": Markup("<p>%s</p>") % _("The conversation was erased.")})
        sessions.write(dict.fromkeys(LEAD_PERSONAL_FIELDS, False))
        return sessions

    # -- the summary on the contact's history note -----------------------------------------
    def _livechat_lead_summary(self):
        """One row per lead of this chat for the history note (mail_templates.xml):
        question, outcome, lead quality, owner, next step and its deadline."""
        self.ensure_one()
        rows = []
        # sudo: the note is written at the end of the chat, whoever ended it
        for lead in self.sudo().lead_ids:
            selection = dict(lead._fields["lead_quality"]._description_selection(self.env))
            outcome = dict(lead._fields["won_status"]._description_selection(self.env))
            activity = lead.activity_ids[:1]
            deadline = lead.lead_followup_deadline
            if deadline:
                tz = lead.user_id.tz or self.env.user.tz or "UTC"
                deadline = fields.Datetime.context_timestamp(lead.with_context(tz=tz), deadline)
                deadline = deadline.strftime("%Y-%m-%d %H:%M %Z")
            rows.append(
                {
                    "lead": lead.name,
                    "question": self.livechat_question or "-",
                    "outcome": outcome.get(lead.won_status, "-"),
                    "quality": " - ".join(
                        filter(None, [selection.get(lead.lead_quality), lead.lead_quality_reasons])
                    ),
                    "owner": lead.user_id.name or _("nobody yet"),
                    "next_step": activity.summary or activity.activity_type_id.name or "-",
                    "deadline": deadline
                    or (activity.date_deadline and str(activity.date_deadline))
                    or "-",
                }
            )
        return rows
