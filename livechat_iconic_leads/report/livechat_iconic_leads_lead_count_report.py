from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.livechat_iconic.models.helpdesk_ticket import TICKET_TYPE_LEAD


class LivechatLeadCountReport(models.Model):
    """Help-desk counts agree with CRM: per chat that produced a lead, the leads made from
    it in CRM and its help-desk tickets of type Lead, side by side (a SQL view: the same
    cost at 100 and 100,000 chats). An offline message made a lead (helpdesk_ticket.py) is
    a row of its own, marked ``is_offline_message``: the report's action leaves those rows
    out by default (a filter shows them). Row ids: twice the chat's id, twice the
    ticket's plus one."""

    _name = "livechat_iconic_leads.lead.count.report"
    _description = "Leads from Live Chat: CRM and Help Desk"
    _auto = False
    _order = "date desc"
    # flushed before the view is read
    _depends = {
        "discuss.channel": ["channel_type", "create_date", "livechat_channel_id"],
        "crm.lead": ["origin_channel_id", "lead_is_duplicate"],
        "helpdesk.ticket": [
            "create_date",
            "livechat_channel_id",
            "livechat_lead_id",
            "livechat_session_id",
            "type_id",
        ],
    }

    session_id = fields.Many2one("discuss.channel", "Chat", readonly=True)
    date = fields.Datetime("Chat Date", readonly=True)
    livechat_channel_id = fields.Many2one("im_livechat.channel", "Queue", readonly=True)
    crm_lead_count = fields.Integer("Leads in CRM", readonly=True, aggregator="sum")
    duplicate_count = fields.Integer("Of Which Duplicates", readonly=True, aggregator="sum")
    lead_ticket_count = fields.Integer(
        "Help-Desk Tickets of Type Lead", readonly=True, aggregator="sum"
    )
    is_offline_message = fields.Boolean("From an Offline Message", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", "Offline Message", readonly=True)

    @property
    def _table_query(self):
        lead_type = self.env.ref(TICKET_TYPE_LEAD, raise_if_not_found=False)
        return SQL(
            """
            SELECT c.id * 2 AS id, c.id AS session_id, c.create_date AS date,
                   c.livechat_channel_id AS livechat_channel_id,
                   COALESCE(l.lead_count, 0) AS crm_lead_count,
                   COALESCE(l.duplicate_count, 0) AS duplicate_count,
                   COALESCE(t.ticket_count, 0) AS lead_ticket_count,
                   FALSE AS is_offline_message, NULL::integer AS ticket_id
              FROM discuss_channel c
              LEFT JOIN (
                    SELECT origin_channel_id, COUNT(*) AS lead_count,
                           COUNT(*) FILTER (WHERE lead_is_duplicate) AS duplicate_count
                      FROM crm_lead
                     WHERE origin_channel_id IS NOT NULL
                     GROUP BY origin_channel_id
              ) l ON l.origin_channel_id = c.id
              LEFT JOIN (
                    SELECT livechat_session_id, COUNT(*) AS ticket_count
                      FROM helpdesk_ticket
                     WHERE livechat_session_id IS NOT NULL AND type_id = %s
                       AND livechat_lead_id IS NULL
                     GROUP BY livechat_session_id
              ) t ON t.livechat_session_id = c.id
             WHERE c.channel_type = 'livechat'
               AND (l.lead_count IS NOT NULL OR t.ticket_count IS NOT NULL)
             UNION ALL
            SELECT o.id * 2 + 1 AS id, o.livechat_session_id AS session_id,
                   o.create_date AS date, o.livechat_channel_id AS livechat_channel_id,
                   1 AS crm_lead_count,
                   CASE WHEN ol.lead_is_duplicate THEN 1 ELSE 0 END AS duplicate_count,
                   CASE WHEN o.type_id = %s THEN 1 ELSE 0 END AS lead_ticket_count,
                   TRUE AS is_offline_message, o.id AS ticket_id
              FROM helpdesk_ticket o
              JOIN crm_lead ol ON ol.id = o.livechat_lead_id
            """,
            lead_type.id if lead_type else None,
            lead_type.id if lead_type else None,
        )
