from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize

from odoo.addons.livechat_iconic.lib.groups import SALESMAN_GROUP
from odoo.addons.livechat_iconic.models.helpdesk_ticket import TICKET_TYPE_LEAD, TICKET_TYPE_REQUEST

from ..lib.lead_quality import parse_phone, phone_country_code

#: At most this many contacts share the e-mail of an offline message when deciding
#: whether the CRM knows its client (a bounded query whatever the address).
KNOWN_CONTACTS_LIMIT = 100


class HelpdeskTicket(models.Model):
    """An offline message can become a lead: from a help-desk request (the message left
    when nobody could chat, livechat_iconic's ticket of type Request), one click makes
    the CRM lead through the region table, marked "from an offline message" (kept out of
    the leads from live chat in their counts and reports) and linked both ways."""

    _inherit = "helpdesk.ticket"

    livechat_lead_id = fields.Many2one(
        "crm.lead",
        "Lead",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The lead made from this offline message.",
        groups=SALESMAN_GROUP,
    )
    livechat_is_offline_message = fields.Boolean(
        "Is an Offline Message",
        compute="_compute_livechat_is_offline_message",
        help="A help-desk request (livechat_iconic's type Request) from the message form or "
        "from a chat nobody answered: it can become a lead. An answered chat's lead is made "
        "from the chat.",
    )

    @api.depends(
        "type_id",
        "livechat_session_id.livechat_first_answer_dt",
        "livechat_session_id.livechat_end_dt",
        "livechat_registered",
    )
    def _compute_livechat_is_offline_message(self):
        request = self.env.ref(TICKET_TYPE_REQUEST, raise_if_not_found=False)
        for ticket in self:
            # sudo: whether the ticket's chat was answered, whoever reads the ticket
            session = ticket.sudo().livechat_session_id
            ticket.livechat_is_offline_message = (
                bool(request)
                and ticket.type_id == request
                and not session.livechat_first_answer_dt
                # a chat the queue registered when an agent took it, still running: its
                # lead comes from the chat (ended unanswered, it is a missed chat's request)
                and not (ticket.sudo().livechat_registered and not session.livechat_end_dt)
            )

    def _livechat_request_type_to_lead(self):
        """These tickets, of type Request or of none, become of type Lead: the help-desk
        counts agree with CRM (a chat's request, discuss_channel_helpdesk.py, and an
        offline message made a lead)."""
        request = self.env.ref(TICKET_TYPE_REQUEST, raise_if_not_found=False)
        lead_type = self.env.ref(TICKET_TYPE_LEAD, raise_if_not_found=False)
        if not lead_type:
            return
        self.filtered(lambda t: not t.type_id or t.type_id == request).type_id = lead_type

    # -- an offline message becomes a lead ---------------------------------------------------
    def action_livechat_lead_from_message(self):
        """The "Create Lead" button of a request: makes its lead once, then opens it (a
        second click, or a click on another screen, opens the same lead)."""
        self.ensure_one()
        if not self.env.user.has_group(SALESMAN_GROUP):
            raise AccessError(_("Only salespeople can create leads."))
        self.env["crm.lead"].check_access("create")
        self.check_access("read")
        # one lead per ticket however fast the clicks: a second click waits here for the
        # first one's transaction, then finds its lead
        self.env.cr.execute(SQL("SELECT id FROM helpdesk_ticket WHERE id = %s FOR UPDATE", self.id))
        self.invalidate_recordset(["livechat_lead_id", "type_id"])
        # sudo: a salesperson (checked above) routes the lead to the region's owner, whose
        # leads they may not be allowed to write
        ticket = self.sudo()
        lead = ticket.livechat_lead_id
        if not lead:
            if not ticket.livechat_is_offline_message:
                raise UserError(
                    _(
                        "Only an offline message (a help-desk request from the message form "
                        "or from a chat nobody answered) becomes a lead here; an answered "
                        "chat's lead is made from the chat."
                    )
                )
            lead = ticket._livechat_make_offline_lead()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _livechat_offline_lead_country(self):
        """The country of the client: their contact's, else their phone number's, else
        the chat's (GeoIP) when the message was left while waiting in a chat."""
        self.ensure_one()
        country = self.partner_id.country_id
        code = not country and phone_country_code(self.livechat_phone)
        if code:
            country = self.env["res.country"].search([("code", "=", code)], limit=1)
        return country or self.livechat_session_id.country_id

    def _livechat_make_offline_lead(self):
        """The lead of this offline message: routed by the region table (region, sales
        team, salesperson; the queue's sales team when no region applies), marked as
        from an offline message, linked both ways; the ticket becomes of type Lead and,
        for a client unknown to the CRM, the region's head gets a To-Do on the lead."""
        self.ensure_one()
        known = self._livechat_client_known()
        country = self._livechat_offline_lead_country()
        region, team, user = self.env["livechat_iconic_leads.region"]._livechat_lead_route(
            country, fallback_team=self.livechat_channel_id.lead_team_id
        )
        lead = self.env["crm.lead"].create(
            {
                "name": self.name,
                "description": self.description,
                "partner_id": self.partner_id.id,
                "contact_name": self.partner_name or False,
                "email_from": self.partner_email or False,
                "phone": parse_phone(self.livechat_phone) or self.livechat_phone or False,
                "country_id": country.id,
                "company_id": self.company_id.id,
                "lead_region_id": region.id,
                "team_id": team.id,
                "user_id": user.id,
                "lead_offline_message": True,
                "lead_ticket_id": self.id,
            }
        )
        self.livechat_lead_id = lead
        self._livechat_request_type_to_lead()
        if not known and region.head_id:
            lead.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Offline message from a client unknown to the CRM"),
                note=Markup("<p>%s</p><p>%s</p>")
                % (
                    _("A client unknown to the CRM left this message (%s):", self.number),
                    self.name,
                ),
                user_id=region.head_id.id,
            )
        return lead

    def _livechat_client_known(self):
        """Whether the CRM knows the client of this offline message: a lead or
        opportunity (archived and lost ones too) with the message's e-mail or of its
        contact's company, or a contact with that e-mail (or the ticket's own) that sales
        has dealt with: one with a salesperson, or in a company.

        A contact the help desk made from the e-mail the visitor typed (livechat_iconic's
        ``_livechat_visitor_partners``) is not enough: it is the message's own. E-mails are
        normalised and compared for equality, never as a pattern ("_" or "%" in an
        address are ordinary characters)."""
        self.ensure_one()
        email = email_normalize(self.partner_email or "") or ""
        contacts = self.partner_id
        if email:
            contacts |= (
                self.env["res.partner"]
                .with_context(active_test=False)
                .search([("email_normalized", "=", email)], limit=KNOWN_CONTACTS_LIMIT)
            )
        companies = contacts.commercial_partner_id
        if any(company.user_id or company.is_company for company in companies):
            return True
        domain = Domain.FALSE
        if companies:
            domain |= Domain("partner_id", "child_of", companies.ids)
        if email:
            domain |= Domain("email_normalized", "=", email)
        if domain.is_false():
            return False
        leads = self.env["crm.lead"].with_context(active_test=False)
        return bool(leads.search(domain, limit=1))
