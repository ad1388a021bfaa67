from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..lib.groups import LIVECHAT_MANAGER_GROUP
from . import kpi_sql

TARGET_MISSED_KEY = "livechat_iconic.target_missed_chats"
TARGET_FIRST_RESPONSE_KEY = "livechat_iconic.target_first_response_seconds"
DEFAULT_TARGET_MISSED = 0
DEFAULT_TARGET_FIRST_RESPONSE = 120


def _int_param(value, default):
    if value in (None, False, ""):
        return default
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


class ImLivechatReportChannel(models.Model):
    """The supervisors' two targets this month (Live Chat ▸ Reporting ▸ Targets): missed
    chats (target 0) and the average first response (target 2 minutes), read in one SQL
    query with the sessions report's own expressions (report/kpi_sql.py), so that each
    number is what the report shows when it is opened from the dashboard."""

    _inherit = "im_livechat.report.channel"

    @api.model
    def _livechat_iconic_month(self):
        """This month in the reader's time zone, as naive UTC bounds [start, end)."""
        tz = pytz.timezone(kpi_sql.safe_tz(self._livechat_iconic_tz()))
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
        first = today.replace(day=1)
        bounds = [first, first + relativedelta(months=1)]
        return [
            tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
            for day in bounds
        ]

    @api.model
    def _livechat_iconic_targets(self):
        """The targets set in the settings (0 missed chats, 120 s by default)."""
        params = self.env["ir.config_parameter"].sudo()  # sudo: two numbers, not secrets
        return (
            _int_param(params.get_param(TARGET_MISSED_KEY), DEFAULT_TARGET_MISSED),
            _int_param(params.get_param(TARGET_FIRST_RESPONSE_KEY), DEFAULT_TARGET_FIRST_RESPONSE),
        )

    @api.model
    def livechat_iconic_targets(self):
        """This month's missed chats and average first response against their targets:
        ``{month, missed: {value, target, met}, first_response: {value, answered, target,
        met}, misses_without_cause: {value, target, met}}``; ``met`` is None when there is
        nothing to judge yet (no answered chat). A miss without a cause (target 0) is a
        wait beyond the queue's target that the miss causes did not explain."""
        if not self.env.user.has_group(LIVECHAT_MANAGER_GROUP):
            raise AccessError(_("Only live chat administrators see the targets."))
        start, end = self._livechat_iconic_month()
        target_missed, target_first_response = self._livechat_iconic_targets()
        self.env["discuss.channel"].flush_model()
        self.env["im_livechat.channel"].flush_model(["livechat_first_response_target"])
        self.env.cr.execute(
            SQL(
                """SELECT COALESCE(SUM(%s), 0), AVG(%s), COUNT(%s), %s
                     FROM discuss_channel C
                    WHERE C.channel_type = 'livechat'
                      AND C.create_date >= %s AND C.create_date < %s""",
                kpi_sql.MISSED,
                kpi_sql.FIRST_RESPONSE_SECONDS,
                kpi_sql.FIRST_RESPONSE_SECONDS,
                self.env["discuss.channel"]._livechat_misses_without_cause_sql(start, end),
                start,
                end,
            )
        )
        missed, first_response, answered, uncaused = self.env.cr.fetchone()
        first_response = float(first_response) if first_response is not None else None
        local_start = fields.Datetime.context_timestamp(self, start)
        return {
            "misses_without_cause": {"value": uncaused, "target": 0, "met": uncaused == 0},
            "month": local_start.strftime("%Y-%m"),
            "missed": {
                "value": missed,
                "target": target_missed,
                "met": missed <= target_missed,
            },
            "first_response": {
                "value": first_response,
                "answered": answered,
                "target": target_first_response,
                "met": None if first_response is None else first_response <= target_first_response,
            },
        }

    @api.model
    def livechat_iconic_action_target(self, target):
        """The sessions report of this month behind one of the two numbers."""
        if target not in ("missed", "first_response", "misses"):
            raise UserError(_("Unknown target: %s", target))
        start, end = self._livechat_iconic_month()
        if target == "misses":
            return self._livechat_iconic_action_misses(start, end)
        domain = [
            ("start_date", ">=", fields.Datetime.to_string(start)),
            ("start_date", "<", fields.Datetime.to_string(end)),
        ]
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "im_livechat.im_livechat_report_channel_action"
        )
        if target == "missed":
            name = _("Missed Chats This Month")
            domain.append(("nbr_missed", "=", 1))
            measures = ["__count", "nbr_missed"]
            group_by = ["agent_id"]
        else:
            name = _("First Response This Month")
            domain.append(("first_response_seconds", "!=", False))
            measures = ["__count", "first_response_seconds"]
            group_by = ["livechat_channel_id"]
        action.update(
            name=name,
            display_name=name,
            domain=domain,
            view_mode="pivot,graph,list",
            views=[(False, "pivot"), (False, "graph"), (False, "list")],
            context={
                "pivot_measures": measures,
                "pivot_row_groupby": group_by,
                "graph_measure": measures[-1],
                "im_livechat_hide_partner_company": True,
            },
        )
        return action

    @api.model
    def _livechat_iconic_action_misses(self, start, end):
        """Live Chat ▸ Reporting ▸ Missed and Late Chats, this month."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "livechat_iconic.discuss_channel_action_miss_report"
        )
        name = _("Missed and Late Chats This Month")
        action.update(
            name=name,
            display_name=name,
            domain=[
                ("channel_type", "=", "livechat"),
                ("livechat_miss_cause", "!=", False),
                ("create_date", ">=", fields.Datetime.to_string(start)),
                ("create_date", "<", fields.Datetime.to_string(end)),
            ],
        )
        return action
