"""Staffing forecast: from the queues' own history and a service target, the agents each
hour of the week needs (Erlang C, lib/staffing.py) beside those the agents' working
calendars schedule; the short hours in red, as a table and a 7 x 24 heatmap."""

from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import staffing

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]

#: the heatmap's cells: background of an hour short of staff, of one staffed enough, of
#: one nobody asked for
SHORT_STYLE = "background:#dc3545;color:#fff"
ENOUGH_STYLE = "background:#d1e7dd;color:#0f5132"
IDLE_STYLE = "background:#f8f9fa;color:#adb5bd"


class LivechatStaffingForecast(models.TransientModel):
    _name = "livechat_iconic.staffing.forecast"
    _description = "Live Chat Staffing Forecast"

    queue_ids = fields.Many2many(
        "im_livechat.channel",
        string="Queues",
        required=True,
        default=lambda self: self.env["im_livechat.channel"].search([], limit=1),
        help="The queues whose chats and agents are counted together.",
    )
    date_from = fields.Date(
        "From",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=28),
    )
    date_to = fields.Date(
        "To",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=1),
    )
    target_percent = fields.Integer(
        "Answered Within Target (%)",
        default=80,
        required=True,
        help="The share of visitors to answer within the target time.",
    )
    target_seconds = fields.Integer(
        "Target Time (s)",
        compute="_compute_queue_defaults",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="Default: the first queue's first-response target (60 s when it has none).",
    )
    parallel = fields.Integer(
        "Parallel Chats per Agent",
        compute="_compute_queue_defaults",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="Default: the first queue's Maximum Sessions, or the global cap (Settings).",
    )
    time_zone = fields.Char(readonly=True)
    line_ids = fields.One2many(
        "livechat_iconic.staffing.forecast.line", "forecast_id", "Hours", readonly=True
    )
    short_hours = fields.Integer("Hours Short of Staff", readonly=True)
    heatmap = fields.Html(compute="_compute_heatmap", sanitize=False)

    _livechat_target_valid = models.Constraint(
        "CHECK(target_percent > 0 AND target_percent < 100 AND target_seconds >= 0 "
        "AND parallel >= 1)",
        "The target share is between 1 and 99%, the target time cannot be negative and an "
        "agent serves at least one chat.",
    )

    @api.depends("queue_ids")
    def _compute_queue_defaults(self):
        for forecast in self:
            queue = forecast.queue_ids[:1]
            forecast.target_seconds = queue.livechat_first_response_target or 60
            forecast.parallel = self.env["im_livechat.channel"]._livechat_parallel_chats(queue)

    def action_compute(self):
        """Read the history, forecast each hour of the week, and show the result."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period must end after it starts."))
        if (self.date_to - self.date_from).days > 366:
            raise UserError(self.env._("Choose a period of one year at most."))
        queues = self.queue_ids
        tz = queues._livechat_staffing_tz()
        profile = queues._livechat_staffing_profile(self.date_from, self.date_to, tz)
        scheduled = queues._livechat_scheduled_agents(tz)
        share = self.target_percent / 100.0
        lines = []
        for weekday in range(7):
            for hour in range(24):
                arrivals, handle = profile.get((weekday, hour), (0.0, 0.0))
                try:
                    needed = staffing.agents_needed(
                        arrivals, handle, self.target_seconds, share, self.parallel
                    )
                except ValueError:
                    raise UserError(
                        self.env._("No staffing meets this target: choose a longer target time.")
                    ) from None
                agents = scheduled.get((weekday, hour), 0)
                lines.append(
                    {
                        "forecast_id": self.id,
                        "weekday": str(weekday),
                        "hour": hour,
                        "arrivals": arrivals,
                        "handle_minutes": handle / 60.0,
                        "needed": needed,
                        "scheduled": agents,
                        "shortfall": max(0, needed - agents),
                    }
                )
        self.line_ids.unlink()
        self.env["livechat_iconic.staffing.forecast.line"].create(lines)
        self.write(
            {
                "time_zone": tz.zone,
                "short_hours": sum(1 for line in lines if line["shortfall"]),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.depends("line_ids.needed", "line_ids.scheduled")
    def _compute_heatmap(self):
        for forecast in self:
            forecast.heatmap = forecast._heatmap_html() if forecast.line_ids else False

    def _heatmap_html(self):
        """A 7 x 24 grid, a row per weekday and a column per local hour: in each cell the
        agents needed / scheduled, red where short of staff. Inline styles, so the grid
        looks the same in the form and in a picture of it."""
        self.ensure_one()
        cells = {(int(line.weekday), line.hour): line for line in self.line_ids}
        days = dict(self.line_ids._fields["weekday"]._description_selection(self.env))
        head = Markup("").join(
            Markup('<th style="padding:2px 4px;text-align:center">%s</th>') % hour
            for hour in range(24)
        )
        rows = []
        for weekday in range(7):
            row = [
                Markup('<th style="padding:2px 6px;text-align:left">%s</th>') % days[str(weekday)]
            ]
            for hour in range(24):
                line = cells.get((weekday, hour))
                if not line or not (line.needed or line.scheduled):
                    style, text = IDLE_STYLE, ""
                else:
                    style = SHORT_STYLE if line.shortfall else ENOUGH_STYLE
                    text = f"{line.needed}/{line.scheduled}"
                title = self.env._(
                    "%(day)s %(hour)s:00: %(needed)s needed, %(scheduled)s scheduled",
                    day=days[str(weekday)],
                    hour=f"{hour:02d}",
                    needed=line.needed if line else 0,
                    scheduled=line.scheduled if line else 0,
                )
                row.append(
                    Markup(
                        '<td class="o_livechat_staffing_cell" title="%s" '
                        'style="%s;padding:4px 2px;min-width:34px;text-align:center;'
                        'font-size:11px;border:1px solid #fff">%s</td>'
                    )
                    % (title, style, text)
                )
            rows.append(Markup("<tr>%s</tr>") % Markup("").join(row))
        legend = escape(
            self.env._(
                "Each cell: agents needed / agents scheduled, per hour of the week "
                "(%(tz)s). Red: short of staff.",
                tz=self.time_zone or "UTC",
            )
        )
        return Markup(
            '<div class="o_livechat_staffing_heatmap" style="overflow-x:auto">'
            '<table style="border-collapse:collapse;font-family:sans-serif">'
            "<thead><tr><th></th>%s</tr></thead><tbody>%s</tbody></table>"
            '<p style="font-size:12px;color:#6c757d;margin-top:6px">%s</p></div>'
        ) % (head, Markup("").join(rows), legend)


class LivechatStaffingForecastLine(models.TransientModel):
    _name = "livechat_iconic.staffing.forecast.line"
    _description = "Live Chat Staffing Forecast Hour"
    _order = "weekday, hour"

    forecast_id = fields.Many2one(
        "livechat_iconic.staffing.forecast", required=True, ondelete="cascade", index=True
    )
    weekday = fields.Selection(WEEKDAYS, "Day", required=True)
    hour = fields.Integer(required=True, help="Local hour (the forecast's time zone).")
    arrivals = fields.Float("Arrivals per Hour", digits=(16, 2))
    handle_minutes = fields.Float("Handle Time (min)", digits=(16, 1))
    needed = fields.Integer("Agents Needed")
    scheduled = fields.Integer("Agents Scheduled")
    shortfall = fields.Integer("Agents Missing")
