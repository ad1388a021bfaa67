from datetime import timedelta

import psycopg2.errors
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ConcurrencyError
from odoo.tools import email_normalize, plaintext2html

from ..lib.groups import INTERNAL_USER_GROUP, LIVECHAT_USER_GROUP

#: Where the visitor was, as a ticket from the live chat keeps it until the retention
#: period is over (``discuss.channel._cron_livechat_privacy_retention``).
#: The ticket types our code gives a ticket (data/helpdesk_ticket_type_data.xml): a chat's
#: request, made a lead's by livechat_iconic_leads once the chat gave a lead.
TICKET_TYPE_REQUEST = "livechat_iconic.helpdesk_ticket_type_request"
TICKET_TYPE_LEAD = "livechat_iconic.helpdesk_ticket_type_lead"
TICKET_CONTEXT_FIELDS = ("livechat_ip", "livechat_page_url", "livechat_location")
#: Tickets that still hold some of it: the retention's partial index and its query share
#: this text, so that PostgreSQL matches them (rows leave the index once erased).
TICKET_CONTEXT_KEPT = (
    "(" + " OR ".join(f"{name} IS NOT NULL" for name in TICKET_CONTEXT_FIELDS) + ")"
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    livechat_session_id = fields.Many2one(
        "discuss.channel",
        "Live Chat Session",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The chat this ticket comes from.",
        groups=INTERNAL_USER_GROUP,
    )
    livechat_channel_id = fields.Many2one(
        "im_livechat.channel",
        "Live Chat Queue",
        readonly=True,
        copy=False,
        groups=INTERNAL_USER_GROUP,
    )
    livechat_page_url = fields.Char(
        "Visitor's Page", readonly=True, copy=False, groups=INTERNAL_USER_GROUP
    )
    livechat_location = fields.Char(
        "Visitor's Location", readonly=True, copy=False, groups=INTERNAL_USER_GROUP
    )
    livechat_phone = fields.Char(
        "Visitor's Phone", readonly=True, copy=False, groups=INTERNAL_USER_GROUP
    )
    livechat_ip = fields.Char(
        "Visitor's IP Address", readonly=True, copy=False, groups=LIVECHAT_USER_GROUP
    )
    livechat_request_key = fields.Char(readonly=True, copy=False, groups="base.group_system")
    livechat_registered = fields.Boolean(
        "Registered Chat",
        readonly=True,
        copy=False,
        help="Registered when an agent took the chat (the queue registers every chat): "
        "when the chat ends, the rest of the conversation is added and the ticket is "
        "closed if the chat was answered, left open otherwise.",
        groups=INTERNAL_USER_GROUP,
    )
    livechat_last_message_id = fields.Integer(
        "Last Chat Message Copied",
        readonly=True,
        copy=False,
        help="The chat's messages up to this one are in the ticket.",
        groups=INTERNAL_USER_GROUP,
    )

    # the widget's idempotency key: one ticket per form, however often it is sent
    _livechat_request_key_uniq = models.UniqueIndex(
        "(livechat_request_key) WHERE livechat_request_key IS NOT NULL"
    )
    # the hourly limits count recent tickets by address and by e-mail
    _livechat_ip_idx = models.Index("(livechat_ip, create_date) WHERE livechat_ip IS NOT NULL")
    _livechat_email_idx = models.Index(
        "(partner_email, create_date) WHERE livechat_channel_id IS NOT NULL"
    )
    # the privacy retention reads the tickets that still keep the visitor context
    _livechat_context_kept_idx = models.Index(f"(create_date) WHERE {TICKET_CONTEXT_KEPT}")

    def _livechat_erase_visitor_context(self):
        """Erase where the visitor was (IP address, page, location)."""
        self.write(dict.fromkeys(TICKET_CONTEXT_FIELDS, False))

    def _livechat_erase_personal_data(self, transcript=False):
        """Erase the visitor context these tickets copied from the live chat, and the
        phone the visitor gave there; with ``transcript``, the copy of the conversation
        (the description) too. The tickets stay, with their customer, stage and team."""
        vals = dict.fromkeys((*TICKET_CONTEXT_FIELDS, "livechat_phone"), False)
        if transcript:
            vals["description"] = Markup("<p>%s</p>") % _("The conversation was erased.")
        # sudo: the caller decided to erase (a manager's action, a privacy tool)
        self.sudo().write(vals)

    @api.model
    def _livechat_find_request(self, request_key):
        """The ticket a previous sending of the same form created, if any."""
        if not request_key:
            return self.browse()
        # sudo: the key is the proof; only the ticket's reference is returned to the visitor
        return self.sudo().search([("livechat_request_key", "=", request_key)], limit=1)

    @api.model
    def _livechat_recent_counts(self, email, ip):
        """Tickets from the live chat of the last hour, for this e-mail and this address.

        ``email`` is the visitor's address as ``lib.contact.clean_email`` normalised it (and
        stored it on the tickets): compared for equality, never as a pattern.
        """
        since = fields.Datetime.now() - timedelta(hours=1)
        # sudo: counting, for the rate limit, tickets the visitor cannot read
        tickets = self.sudo().with_context(active_test=False)
        by_email = tickets.search_count(
            [
                ("livechat_channel_id", "!=", False),
                ("partner_email", "=", email),
                ("create_date", ">=", since),
            ]
        )
        by_ip = tickets.search_count([("livechat_ip", "=", ip), ("create_date", ">=", since)])
        return by_email, by_ip

    @api.model
    def _livechat_create(self, queue, values, session=None, type_xmlid=None, type_id=None):
        """Create the ticket of a live chat queue's message, missed chat or registered chat.

        ``values``: ``name``, ``email``, ``phone`` (the visitor's claims), ``title``,
        ``description`` (plain text), ``page_url``, ``location``, ``ip``, ``request_key``,
        ``user_id``, ``stage_id``, ``livechat_registered``, ``livechat_last_message_id``,
        ``partner`` (a signed-in visitor's contact). The visitor's e-mail gets the answers: the contact with that
        address follows the ticket (a new contact when none exists), but an existing contact
        is never made the ticket's customer on a stranger's word: only a signed-in visitor
        is. The notification mails go through Odoo's mail queue, never from the caller's
        request.
        """
        ticket_type = self.env["helpdesk.ticket.type"].browse(type_id or [])
        if not ticket_type and type_xmlid:
            ticket_type = self.env.ref(type_xmlid, raise_if_not_found=False)
        partner, follower = self._livechat_visitor_partners(values, session)
        vals = {
            "name": values["title"],
            "description": plaintext2html(values.get("description") or ""),
            "team_id": queue.helpdesk_team_id.id,
            "channel_id": self.env.ref("livechat_iconic.helpdesk_ticket_channel_livechat").id,
            "type_id": ticket_type.id or False,
            "partner_id": partner.id or False,
            "partner_name": values.get("name") or partner.name or False,
            "partner_email": values.get("email") or partner.email or False,
            "livechat_session_id": session.id if session else False,
            "livechat_channel_id": queue.id,
            "livechat_page_url": values.get("page_url") or False,
            "livechat_location": values.get("location") or False,
            "livechat_phone": values.get("phone") or False,
            "livechat_ip": values.get("ip") or False,
            "livechat_request_key": values.get("request_key") or False,
        }
        for key in ("user_id", "stage_id", "livechat_registered", "livechat_last_message_id"):
            if values.get(key):
                vals[key] = values[key]
        # sudo: visitors and agents create tickets of the queue's team through the live chat
        tickets = self.sudo().with_context(
            mail_notify_force_send=False,
            mail_create_nolog=False,
            livechat_iconic_visitor_ticket=not self.env.user._is_internal(),
        )
        try:
            with self.env.cr.savepoint():
                ticket = tickets.create(vals)
        except psycopg2.errors.UniqueViolation as error:
            # the same form, sent twice at once: the other request created it; ours is
            # retried by Odoo on a fresh snapshot, where _livechat_find_request finds it
            raise ConcurrencyError(_("This message is being sent already.")) from error
        if follower:
            ticket.message_subscribe(partner_ids=follower.ids)
        return ticket

    def _track_template(self, changes):
        """A ticket a visitor creates in the widget: the confirmation its first stage may
        e-mail (helpdesk_mgmt's stage template) goes to the address they typed, so it is
        one of the e-mails visitors make the company send, counted in their hourly cap;
        past the cap the ticket is created without it."""
        templates = super()._track_template(changes)
        if (
            "stage_id" in templates
            and self.env.context.get("livechat_iconic_visitor_ticket")
            and self.env["livechat_iconic.throttle"]._livechat_mail_over_cap()
        ):
            del templates["stage_id"]
        return templates

    @api.model
    def _livechat_visitor_partners(self, values, session):
        """(the ticket's customer, the contact that receives the answers) for a visitor.

        A signed-in visitor (``values["partner"]``, or the session's known contact) is
        their own contact. Otherwise the contact is looked up by
        the e-mail typed: an existing one only follows the ticket (answers reach the
        address, nothing is written on that contact); a new address becomes a new contact.
        """
        partner = values.get("partner") or self.env["res.partner"]
        if not partner and session:
            partner = session.livechat_partner_id
        if partner:
            return partner, partner
        email = values.get("email")
        if not email or not email_normalize(email):
            return partner, partner
        # sudo: matching the visitor's address with the contacts, which they cannot read
        # the normalised address, compared for equality (never a pattern: "_" or "%" in an
        # address is an ordinary character), the oldest such contact first
        existing = (
            self.env["res.partner"]
            .sudo()
            .search([("email_normalized", "=", email_normalize(email))], order="id", limit=1)
        )
        if existing:
            return partner, existing
        new_contact = (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": values.get("name") or email,
                    "email": email,
                    "phone": values.get("phone") or False,
                }
            )
        )
        return new_contact, new_contact
