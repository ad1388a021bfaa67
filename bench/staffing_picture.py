"""The readme's picture of the staffing heatmap (livechat_iconic/static/description/
staffing_heatmap.png), from a database with livechat_iconic installed:

    python3 bench/staffing_picture.py --db <database> [--png path]

Four weeks of the replay benchmark's demo queue (bench/staffing_replay.py: same seed)
are written into the database as the sessions of a queue in Europe/Brussels, with four
agents on working calendars; the Staffing Forecast computes its heatmap, which chromium
(headless) photographs. Everything written is rolled back.
"""

import argparse
import shutil
import subprocess
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import odoo_env
import staffing_replay

REPO = Path(__file__).resolve().parent.parent
PNG = REPO / "livechat_iconic" / "static" / "description" / "staffing_heatmap.png"
# agents: (name, [(weekdays, hour from, hour to)]); None: the company's calendar
WEEKDAYS = range(5)
AGENTS = [
    ("Alice Early", [(WEEKDAYS, 7, 15)]),
    ("Ann Early", [(WEEKDAYS, 7, 15)]),
    ("Bob Day", None),
    ("Bea Day", None),
    ("Carla Late", [(WEEKDAYS, 13, 21)]),
    ("Nora Night", [(WEEKDAYS, 0, 7), (WEEKDAYS, 21, 24)]),
    ("Dan Weekend", [((5, 6), 10, 18)]),
    ("Dora Weekend", [((5, 6), 10, 18)]),
]
TZ = "Europe/Brussels"


def build(env, start):
    from odoo import Command  # noqa: PLC0415

    def calendar(name, shifts):
        return env["resource.calendar"].create(
            {
                "name": name,
                "tz": TZ,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {hour_from}-{hour_to}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                        }
                    )
                    for days, hour_from, hour_to in shifts
                    for day in days
                ],
            }
        )

    env.company.resource_calendar_id.write(
        {
            "tz": TZ,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {"name": f"{day} {h}", "dayofweek": str(day), "hour_from": h, "hour_to": h + 4}
                )
                for day in range(5)
                for h in (8, 13)
            ],
        }
    )
    users = env["res.users"]
    for name, shifts in AGENTS:
        user = env["res.users"].create({"name": name, "login": name.lower().replace(" ", ".")})
        if shifts:
            env["resource.resource"].create(
                {"name": name, "user_id": user.id, "calendar_id": calendar(name, shifts).id}
            )
        users |= user
    queue = env["im_livechat.channel"].create(
        {
            "name": "Support",
            "user_ids": [Command.set(users.ids)],
            "livechat_resource_calendar_id": env.company.resource_calendar_id.id,
            "livechat_first_response_target": 60,
            "max_sessions_mode": "limited",
            "max_sessions": staffing_replay.PARALLEL,
        }
    )
    operator = users[0].partner_id.id
    rows = []
    for arrival, handle in staffing_replay.generate(4, 23, 0.8):
        # the generator's hours are Brussels hours: stored in UTC (CET, UTC+1, in November)
        queued = start + timedelta(seconds=arrival) - timedelta(hours=1)
        answered = queued + timedelta(seconds=30)
        rows.append((queued, answered, answered + timedelta(seconds=handle)))
    env.cr.executemany(
        "INSERT INTO discuss_channel (name, channel_type, livechat_channel_id, "
        "livechat_operator_id, livechat_state, livechat_in_queue_dt, livechat_first_answer_dt, "
        "livechat_end_dt) VALUES ('Visitor', 'livechat', %s, %s, 'closed', %s, %s, %s)",
        [(queue.id, operator, *row) for row in rows],
    )
    return queue


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--png", default=str(PNG))
    args = parser.parse_args()
    start = datetime(2026, 11, 2)  # a Monday
    with odoo_env.environment(args.db) as env:
        env = env(context={"lang": "en_US", "tz": TZ})
        queue = build(env, start)
        forecast = env["livechat_iconic.staffing.forecast"].create(
            {
                "queue_ids": [(6, 0, queue.ids)],
                "date_from": start.date(),
                "date_to": (start + timedelta(days=27)).date(),
            }
        )
        forecast.action_compute()
        html = forecast.heatmap
        title = (
            f"Staffing Forecast - {queue.name}: {forecast.target_percent}% answered within "
            f"{forecast.target_seconds} s, {forecast.parallel} chats per agent; "
            f"{forecast.short_hours} hours short of staff"
        )
        env.cr.rollback()
    page = (
        '<html><body style="margin:12px;background:#fff;font-family:sans-serif">'
        f'<h3 style="font-size:15px;margin:0 0 8px">{title}</h3>{html}</body></html>'
    )
    browser = next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome")))
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "heatmap.html"
        path.write_text(page)
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={folder}/profile",
                f"--screenshot={args.png}",
                "--window-size=1180,250",
                path.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(args.png)


if __name__ == "__main__":
    main()
