import logging
import time
import uuid
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib import burst as burst_rules
from ..lib import notice, retry
from ..lib.params import BOT_TOKEN_PARAM, ENABLED_PARAM
from ..lib.retry import Verdict
from ..tools.slack_client import SlackClient, SlackResult
from .discuss_channel import NEEDS_HUMAN, NOTICE_FIELDS

_logger = logging.getLogger(__name__)

CRON_XMLID = "livechat_iconic_slack.ir_cron_slack_outbox"
#: Own notices per Slack channel and minute before a burst is summed up (lib/burst.py)
OWN_PER_MINUTE_PARAM = "livechat_iconic_slack.own_notices_per_minute"
#: The metadata event of our posts: a post whose answer was lost is found by it
METADATA_EVENT = "livechat_iconic_notice"
BATCH_SIZE = 200
#: Attempts after which an error Slack does not document as transient stops.
MAX_UNKNOWN_ATTEMPTS = 10
#: A cron run sleeps through waits up to this long (pacing, backoffs: at most
#: retry.BACKOFF_CAP), within RUN_BUDGET seconds; a longer wait ends the run and
#: wakes the cron again at the right time. Odoo's cron threads only look for jobs due
#: later once a minute: sleeping here keeps the probes of an outage under a minute
#: apart, so that the backlog flows within a minute of Slack's recovery.
MAX_SLEEP = retry.BACKOFF_CAP
RUN_BUDGET = 50.0


class SlackOutbox(models.Model):
    """One message to send to Slack. Rows are written in the transaction that changes a
    session and sent after commit by the cron ``ir_cron_slack_outbox``, in order per
    session, at about one message per second per Slack channel, with retries.

    A burst of new visitors gets a few notices of its own per channel and minute; the
    others are folded into one summary line of their channel ("N more visitors waiting",
    ``lib/burst.py``), decided when the cron first takes each post."""

    _name = "livechat_iconic_slack.outbox"
    _description = "Slack Outbox"
    _order = "next_try_dt, id"
    _rec_name = "dedup_key"

    session_id = fields.Many2one("discuss.channel", index=True, ondelete="cascade", readonly=True)
    kind = fields.Selection(
        [
            ("post", "New notice"),
            ("update", "Update"),
            ("ephemeral", "Reply to one user"),
            ("delete", "Deletion"),
            ("summary", "Summary of a burst"),
            ("direct", "Direct message"),
        ],
        required=True,
        readonly=True,
    )
    dedup_key = fields.Char(
        "De-duplication Key",
        required=True,
        readonly=True,
        help="One post per session (post:<id>); at most one pending update per session; "
        "summaries of bursts (summary:<channel>:<uuid>).",
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("done", "Sent"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
            ("folded", "In a Summary"),
        ],
        default="pending",
        required=True,
        readonly=True,
    )
    attempts = fields.Integer(readonly=True)
    next_try_dt = fields.Datetime(
        "Next Try", default=fields.Datetime.now, required=True, readonly=True
    )
    last_error = fields.Char(readonly=True)
    slack_channel = fields.Char(readonly=True, help="The channel as addressed (name or ID).")
    slack_channel_id = fields.Char("Slack Channel ID", readonly=True, help="As Slack answered.")
    slack_ts = fields.Char("Slack Message", readonly=True)
    slack_user = fields.Char(readonly=True, help="Recipient of an ephemeral reply.")
    text = fields.Char(readonly=True, help="Text of an ephemeral reply or a direct message.")
    user_id = fields.Many2one(
        "res.users",
        "Recipient",
        readonly=True,
        ondelete="cascade",
        help="Of a direct message: the user it goes to (their Slack member ID, found by "
        "e-mail when unknown).",
    )
    sent_dt = fields.Datetime("Sent On", readonly=True, index=True)
    summary_id = fields.Many2one(
        "livechat_iconic_slack.outbox",
        "Summed Up In",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="A post of a burst, never posted: its visitor is counted in this summary line.",
    )
    maybe_posted = fields.Boolean(
        readonly=True,
        help="A post whose answer was lost (no answer from Slack): Slack may have it. "
        "Before posting again, the channel's history is searched for it.",
    )

    _dedup_key_uniq = models.Constraint("UNIQUE(dedup_key)", "A Slack message is queued once.")
    _pending_idx = models.Index("(next_try_dt, id) WHERE state = 'pending'")
    # No unique "one pending update per session": while the cron sends one, a change
    # queues the next (see _covering), and a unique index would make the visitor's
    # request wait for the cron's call to Slack.

    # -- queueing (in the transaction that changes the session) -----------------------------
    @api.model
    def _slack_enabled(self):
        # sudo: settings, read by the system (ormcached)
        params = self.env["ir.config_parameter"].sudo()
        return bool(params.get_param(ENABLED_PARAM) and params.get_param(BOT_TOKEN_PARAM))

    @api.model
    def _enqueue_sessions(self, sessions, field_names):
        """Queue what these session changes mean for Slack: a post for a session that
        needs a human (once), an update when a shown field changed (coalesced: at most
        one pending update per session, rendered at send time)."""
        # sudo: the sessions' Slack flag and state are the agents' fields; a visitor's
        # change (their contact, their message) only causes the notice
        sessions = sessions.sudo()
        to_post = sessions.filtered(
            lambda s: not s.livechat_slack_queued and s.livechat_state in NEEDS_HUMAN
        )
        to_update = (
            sessions.filtered("livechat_slack_queued")
            if NOTICE_FIELDS.intersection(field_names)
            else sessions.browse()
        )
        if not (to_post or to_update) or not self._slack_enabled():
            return
        # sudo: the queue is the system's; the visitor or agent only caused the change
        outbox = self.sudo()
        if to_update:
            # an erased visitor's notice left Slack: nothing to update any longer
            to_update -= outbox.search(
                [("session_id", "in", to_update.ids), ("kind", "=", "delete")]
            ).session_id
        vals_list = [
            {"session_id": s.id, "kind": "post", "dedup_key": f"post:{s.id}"} for s in to_post
        ]
        if to_update:
            # a pending post or update is rendered at send time: it tells this change,
            # unless the cron is sending it right now (see _covering)
            pending = (
                outbox.search([("session_id", "in", to_update.ids), ("state", "=", "pending")])
                ._covering()
                .session_id
            )
            vals_list += [
                {
                    "session_id": s.id,
                    "kind": "update",
                    "dedup_key": f"update:{s.id}:{uuid.uuid4().hex}",
                }
                for s in to_update - pending
            ]
        if not vals_list:
            return
        outbox.create(vals_list)
        # the flag belongs to the system's queue, not to the user's change (sudo above)
        to_post.write({"livechat_slack_queued": True})
        self._wake()

    def _covering(self):
        """Of these pending rows, those that will be rendered after this transaction
        commits, and so tell its change: the rows this transaction can lock (the lock
        keeps the cron off them until the commit). A row the cron holds is being sent,
        rendered before this change; a row changed since this transaction began was sent.
        Neither covers the change: a new update follows. Never waits for the cron."""
        covering = self.browse()
        for row in self:
            try:
                with self.env.cr.savepoint(flush=False):
                    # an expected outcome of the race, handled below: not a "bad query"
                    self.env.cr.execute(
                        SQL(
                            "SELECT id FROM %s WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED",
                            SQL.identifier(self._table),
                            row.id,
                        ),
                        log_exceptions=False,
                    )
                    if self.env.cr.fetchone():
                        covering |= row
            except psycopg2.errors.SerializationFailure:
                continue
        return covering

    @api.model
    def _enqueue_deletes(self, sessions):
        """An erased visitor's notices leave Slack (``chat.delete``, queued like any other
        message): a notice Slack has, or may have (its answer was lost), is deleted; one
        not sent yet, and the sessions' pending updates, are cancelled."""
        # sudo: the queue is the system's; a manager or a privacy tool erases the visitor
        outbox = self.sudo()
        rows = outbox.search(
            [("session_id", "in", sessions.ids), ("kind", "in", ("post", "update"))]
        )
        queued = set(
            outbox.search(
                [("dedup_key", "in", [f"delete:{s.id}" for s in rows.session_id])]
            ).mapped("dedup_key")
        )
        vals_list = []
        for post in rows.filtered(lambda r: r.kind == "post"):
            sent = post.state == "done" and post.slack_ts
            lost = post.state == "pending" and post.maybe_posted
            key = f"delete:{post.session_id.id}"
            if (sent or lost) and key not in queued:
                vals_list.append(
                    {
                        "session_id": post.session_id.id,
                        "kind": "delete",
                        "dedup_key": key,
                        "slack_channel": post.slack_channel or post._target(),
                        "slack_channel_id": post.slack_channel_id,
                        "slack_ts": post.slack_ts if sent else False,
                    }
                )
        rows.filtered(lambda r: r.state == "pending").write(
            {"state": "cancelled", "last_error": "the visitor's data were erased"}
        )
        if vals_list:
            outbox.create(vals_list)
            self._wake()

    @api.model
    def _enqueue_ephemeral(self, slack_channel, slack_user, text, key):
        """Queue a message only ``slack_user`` sees in ``slack_channel``."""
        # sudo: the queue is the system's (called for Slack's interactivity requests)
        outbox = self.sudo()
        if outbox.search_count([("dedup_key", "=", key)]):
            return
        outbox.create(
            {
                "kind": "ephemeral",
                "dedup_key": key,
                "slack_channel": slack_channel,
                "slack_user": slack_user,
                "text": text[:2000],
            }
        )
        self._wake()

    @api.model
    def _enqueue_direct(self, users, text, key):
        """Queue a direct message with ``text`` to each of ``users`` (once per ``key`` and
        user). Returns how many were queued."""
        # sudo: the queue is the system's
        outbox = self.sudo()
        keys = {user.id: f"direct:{key}:{user.id}" for user in users}
        known = set(outbox.search([("dedup_key", "in", list(keys.values()))]).mapped("dedup_key"))
        vals_list = [
            {
                "kind": "direct",
                "dedup_key": keys[user.id],
                "user_id": user.id,
                # the member ID when known (for pacing); found by e-mail at send time else
                "slack_channel": user.livechat_slack_user_id or f"user:{user.id}",
                "text": text[:2000],
            }
            for user in users
            if keys[user.id] not in known
        ]
        if vals_list:
            outbox.create(vals_list)
            self._wake()
        return len(vals_list)

    def _direct_target(self, client):
        """The Slack member ID of this direct message's recipient: remembered on the user,
        else found by e-mail (``users.lookupByEmail``) and remembered. Returns
        ``(member id, None)`` or ``(None, SlackResult)`` of the failed lookup."""
        user = self.user_id.sudo()
        if user.livechat_slack_user_id:
            return user.livechat_slack_user_id, None
        if not user.email:
            return None, SlackResult(ok=False, status=200, error="users_not_found")
        result = client.call("users.lookupByEmail", email=user.email.strip())
        if not result.ok:
            return None, result
        found = str((result.data.get("user") or {}).get("id") or "")
        if not found:
            return None, SlackResult(ok=False, status=200, error="users_not_found")
        user.livechat_slack_user_id = found
        return found, None

    @api.model
    def _wake(self, at=None):
        # sudo: waking a system cron; the trigger is sent after commit
        self.env.ref(CRON_XMLID).sudo()._trigger(at)

    # -- sending (the cron, after commit) -----------------------------------------------------
    @api.model
    def _cron_send(self):
        """Send what is due, sleeping through short waits (pacing, short backoffs); a
        longer wait ends the run and wakes the cron again when it is due."""
        deadline = time.monotonic() + RUN_BUDGET
        while True:
            next_dt, progressed = self._send_due()
            if not next_dt:
                return
            wait = (next_dt - fields.Datetime.now()).total_seconds()
            if not progressed:
                wait = max(wait, 1.0)  # rows held elsewhere: no busy loop
            if wait > MAX_SLEEP or time.monotonic() + wait > deadline:
                self._wake(next_dt)
                return
            if wait > 0:
                time.sleep(wait)

    @api.model
    def _send_due(self):
        """One pass over the due messages, oldest first. Returns (when the next pending
        message is due or None, whether anything moved).

        In a cron run each message's outcome is committed at once, so a message Slack
        accepted is never sent again. Messages to a channel are spaced one second apart:
        those too early get their next try set to their slot. A 429 or an outage (5xx,
        no answer) stops the pass and moves every due message past the wait, so one
        request probes Slack per wait; a permanent error fails that message only. An
        update waits for its session's post.
        """
        client = SlackClient(self.env)
        now = fields.Datetime.now()
        due = self.search([("state", "=", "pending"), ("next_try_dt", "<=", now)], limit=BATCH_SIZE)
        slots = self._last_sent_by_channel(now)
        # this pass's view of the bursts: the quota, and the own notices of each channel in
        # the window (read when the pass meets a new post)
        burst = {"quota": self._own_per_minute(), "own": None}
        progressed = False
        for message in due:
            # one row at a time: each commit releases the locks; a row held elsewhere is
            # another run's
            if not message.try_lock_for_update():
                continue
            message.invalidate_recordset()
            if message.state != "pending":
                continue
            progressed = True
            try:
                # one message that fails (a bug, a bad row) never stops the others
                with self.env.cr.savepoint():
                    stop = message._send_one(client, now, slots, due, burst)
            except Exception:
                _logger.exception("Slack outbox: %s failed", message.dedup_key)
                message._postpone_after_error(now)
                stop = False
            self._commit_step()
            if stop:
                break
        return self._next_due(), progressed

    def _send_one(self, client, now, slots, due, burst):
        """Send this due message (locked) unless its post or its channel's pace says to
        wait; a new post past its channel's quota is folded into the channel's summary
        instead (``_fold_or_admit``). Returns whether the pass stops (Slack rate limits
        or is unavailable)."""
        self.ensure_one()
        first_turn = self.kind == "post" and not (self.slack_channel or self.maybe_posted)
        if first_turn and self._fold_or_admit(now, slots, burst):
            return False
        post = self._post_of_update()
        if post is not None and post.state != "done":
            if post.state == "failed":
                self._stop(f"the notice was never posted: {post.last_error}")
            elif post.state == "folded":
                # nothing in Slack to update: the visitor is a number in a summary line
                self.write({"state": "cancelled", "last_error": "the notice was never posted"})
            else:
                self.next_try_dt = max(post.next_try_dt, now)
            return False
        target = self._target(post)
        slot = retry.next_slot(slots.get(target), now)
        if slot > now:
            self.next_try_dt = slot
            slots[target] = slot  # the next one waits a second more
            return False
        if self.kind == "summary" and not self._summed_up_waiting():
            self.write({"state": "cancelled", "last_error": "nobody it counts waits any longer"})
            return False
        result = self._deliver(client, target, post)
        if result.ok:
            slots[target] = now
        elif self._gives_up(result):
            _logger.warning(
                "Slack refused %s for session %s: %s. Not retried.",
                self.dedup_key,
                self.session_id.id,
                result.error or result.status,
            )
            self._stop(result.explain(self.env.lang))
        else:
            self._postpone(result, now, due)
            return True
        return False

    def _postpone_after_error(self, now):
        """Sending this message raised: tried again after a backoff, a few times."""
        self.ensure_one()
        attempts = self.attempts + 1
        if attempts >= MAX_UNKNOWN_ATTEMPTS:
            self._stop("an error in Odoo while sending it (see the server log)")
            return
        self.write(
            {
                "attempts": attempts,
                "next_try_dt": now + timedelta(seconds=retry.backoff_delay(attempts)),
            }
        )

    def _deliver(self, client, target, post=None):
        """Send this message, rendered now from its session's current values (a summary
        line: from the visitors it counts who still wait)."""
        self.ensure_one()
        if self.kind == "ephemeral":
            result = client.call(
                "chat.postEphemeral", channel=target, user=self.slack_user, text=self.text
            )
        elif self.kind == "delete":
            result = self._delete_notice(client, target)
        elif self.kind == "direct":
            member, result = self._direct_target(client)
            if member:
                result = client.call(
                    "chat.postMessage",
                    channel=member,
                    text=self.text,
                    unfurl_links=False,
                    unfurl_media=False,
                )
        elif not target:
            result = SlackResult(ok=False, status=200, error="channel_not_found")
        else:
            text, blocks = self._notice()
            if self.kind in ("post", "summary"):
                result = self._find_lost_post(client, target) or client.call(
                    "chat.postMessage",
                    channel=target,
                    text=text,
                    blocks=blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                    # found again by _find_lost_post if Slack's answer is lost
                    metadata={
                        "event_type": METADATA_EVENT,
                        "event_payload": {"key": self.dedup_key},
                    },
                )
            else:
                result = client.call(
                    "chat.update",
                    channel=post.slack_channel_id,
                    ts=post.slack_ts,
                    text=text,
                    blocks=blocks,
                )
        if result.ok:
            self.write(
                {
                    "maybe_posted": False,
                    "state": "done",
                    "attempts": self.attempts + 1,
                    "sent_dt": fields.Datetime.now(),
                    "slack_channel": target,
                    "slack_channel_id": result.data.get("channel") or target,
                    "slack_ts": result.data.get("ts") or result.data.get("message_ts") or False,
                    "last_error": False,
                }
            )
            if self.kind == "post":
                self.session_id.invalidate_recordset(
                    ["livechat_slack_channel", "livechat_slack_ts"]
                )
        return result

    def _notice(self):
        """(fallback text, blocks) of this post, update or summary, rendered now."""
        self.ensure_one()
        if self.kind != "summary":
            return self.session_id._livechat_slack_notice()
        # in the company's language, as the sessions' notices (the channel is the team's)
        env = self.with_context(lang=self.env.company.partner_id.lang or "en_US").env
        board_url = f"{self.get_base_url().rstrip('/')}/livechat/waiting"
        return notice.build_summary(self._summed_up_waiting(), board_url, env._)

    # -- bursts -------------------------------------------------------------------------------
    @api.model
    def _own_per_minute(self):
        """Own notices per Slack channel and minute (0: no limit), from its setting."""
        # sudo: a setting, read by the system (ormcached)
        text = self.env["ir.config_parameter"].sudo().get_param(OWN_PER_MINUTE_PARAM)
        return burst_rules.own_per_minute(text)

    def _fold_or_admit(self, now, slots, burst):
        """A post's first turn: it becomes one of its channel's own notices of the window
        (it is given its channel, ``slack_channel``, and sent at its slot), or, past the
        channel's quota, it is folded into the channel's summary line and never posted
        (its visitor is taken from the board, where every waiting visitor is). A known
        customer's is never folded. Returns whether it was folded."""
        self.ensure_one()
        target = self._target()
        if not target:
            return False  # refused as it is: no channel
        if burst["own"] is None:
            burst["own"] = self._own_notices_by_channel(now)
        count, quota = burst["own"].get(target, 0), burst["quota"]
        # whether the visitor is known is looked up past the quota only (queries)
        known = burst_rules.folds(count, quota, False) and bool(
            self.session_id._livechat_known_visitors()
        )
        if not burst_rules.folds(count, quota, known):
            burst["own"][target] = count + 1
            self.slack_channel = target
            return False
        summary = self._summary_for(target, now, slots)
        self.write({"state": "folded", "summary_id": summary.id, "slack_channel": target})
        return True

    @api.model
    def _own_notices_by_channel(self, now):
        """{Slack channel: own notices in the burst window}: the posts given their channel
        that were sent in the window or wait for their slot."""
        groups = self._read_group(
            Domain("kind", "=", "post")
            & Domain("slack_channel", "!=", False)
            & (
                Domain("state", "=", "pending")
                | (Domain("state", "=", "done") & Domain("sent_dt", ">=", now - burst_rules.WINDOW))
            ),
            ["slack_channel"],
            ["__count"],
        )
        return dict(groups)

    @api.model
    def _summary_for(self, target, now, slots):
        """The pending summary line of Slack channel ``target``, or a new one: sent after
        the messages of the channel already given a slot, and a minute after its previous
        summary at the earliest (``burst.summary_slot``)."""
        summary = self.search(
            [("kind", "=", "summary"), ("state", "=", "pending"), ("slack_channel", "=", target)],
            limit=1,
        )
        if summary:
            return summary
        last = self.search(
            [("kind", "=", "summary"), ("state", "=", "done"), ("slack_channel", "=", target)],
            order="sent_dt desc",
            limit=1,
        )
        return self.create(
            {
                "kind": "summary",
                "dedup_key": f"summary:{target}:{uuid.uuid4().hex}",
                "slack_channel": target,
                "next_try_dt": burst_rules.summary_slot(
                    slots.get(target), last.sent_dt or None, now
                ),
            }
        )

    def _summed_up_waiting(self):
        """How many visitors this summary line counts who still wait for a person."""
        self.ensure_one()
        return self.search_count(
            [("summary_id", "=", self.id), ("session_id.livechat_state", "in", NEEDS_HUMAN)]
        )

    def _find_lost_post(self, client, target):
        """For a post whose earlier answer was lost: Slack's answer for the message it
        already posted (found in the channel's history by its metadata), Slack's failure
        when the history cannot be read (tried again later, never posted twice), or
        None to post (not posted before, or its channel's id is not known yet)."""
        self.ensure_one()
        if not self.maybe_posted:
            return None
        channel_id = self._known_channel_id(target)
        if not channel_id:
            return None
        found = self._find_in_history(client, channel_id, self.dedup_key, self.create_date)
        if found and found.ok:
            _logger.info(
                "Slack %s was posted already (answer lost): not posted again", self.dedup_key
            )
        return found

    @api.model
    def _find_in_history(self, client, channel_id, key, since):
        """Slack's answer for our post ``key`` (its metadata) in ``channel_id``, posted
        after ``since``; Slack's failure when the history cannot be read; None when it is
        not there."""
        found = client.call(
            "conversations.history",
            channel=channel_id,
            oldest=f"{since.timestamp() - 60:.6f}",
            limit=200,
            include_all_metadata=True,
        )
        if not found.ok:
            return found
        for message in found.data.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == key:
                return SlackResult(ok=True, data={"channel": channel_id, "ts": message.get("ts")})
        return None

    def _delete_notice(self, client, target):
        """``chat.delete`` of the notice this deletion is for. A notice whose answer was
        lost is looked up by its metadata first; one Slack no longer has (or never got)
        counts as deleted."""
        self.ensure_one()
        channel_id, ts = self.slack_channel_id, self.slack_ts
        if not ts:
            post = self.search(
                [("session_id", "=", self.session_id.id), ("kind", "=", "post")], limit=1
            )
            channel_id = channel_id or self._known_channel_id(target)
            found = (
                self._find_in_history(client, channel_id, post.dedup_key, post.create_date)
                if channel_id and post
                else None
            )
            if found is None:
                return SlackResult(ok=True, data={"channel": channel_id or target})
            if not found.ok:
                return found
            ts = found.data["ts"]
        result = client.call("chat.delete", channel=channel_id, ts=ts)
        if not result.ok and result.error == "message_not_found":
            return SlackResult(
                ok=True, status=result.status, data={"channel": channel_id, "ts": ts}
            )
        return result

    def _known_channel_id(self, target):
        """The Slack id of channel ``target`` (a name such as ``#support`` or an id), as an
        earlier post to it learnt it."""
        if target and target[0] in "CGD" and target.isalnum() and target.isupper():
            return target
        earlier = self.search(
            [("slack_channel", "=", target), ("slack_channel_id", "!=", False)],
            order="id desc",
            limit=1,
        )
        return earlier.slack_channel_id

    def _target(self, post=None):
        """The Slack channel this message goes to (known before sending, for pacing)."""
        self.ensure_one()
        if self.kind == "post":
            return self.session_id._livechat_slack_target()
        if self.kind == "update":
            return post.slack_channel or ""
        return self.slack_channel or ""

    def _post_of_update(self):
        """For an update: its session's post (None for other messages)."""
        self.ensure_one()
        if self.kind != "update":
            return None
        return self.search(
            [("session_id", "=", self.session_id.id), ("kind", "=", "post")], limit=1
        )

    def _gives_up(self, result):
        """A permanent error; or an error Slack does not document, after a few tries."""
        if result.verdict == Verdict.PERMANENT:
            return True
        undocumented = (
            result.verdict == Verdict.TRANSIENT
            and result.status is not None
            and result.status < 500
            and result.error not in retry.TRANSIENT_ERRORS
        )
        return undocumented and self.attempts + 1 >= MAX_UNKNOWN_ATTEMPTS

    def _stop(self, reason):
        self.write(
            {"state": "failed", "attempts": self.attempts + 1, "last_error": str(reason)[:500]}
        )

    def _postpone(self, result, now, due):
        """Slack is rate limiting or unavailable: this message waits its backoff (or
        Retry-After), and every other due message at least as long, in order."""
        attempts = self.attempts + 1
        if result.verdict == Verdict.RATE_LIMITED:
            delay = retry.retry_after_delay(result.retry_after, attempts)
        else:
            delay = retry.backoff_delay(attempts)
        next_dt = now + timedelta(seconds=delay)
        _logger.warning(
            "Slack %s for %s (attempt %s): %s; next try in %.1f s",
            "rate limit" if result.verdict == Verdict.RATE_LIMITED else "unavailable",
            self.dedup_key,
            attempts,
            result.error or result.status,
            delay,
        )
        self.write(
            {
                "attempts": attempts,
                "next_try_dt": next_dt,
                "last_error": result.explain(self.env.lang)[:500],
                # no answer at all: Slack may have posted it (answer lost on the way back)
                "maybe_posted": self.maybe_posted
                or (self.kind in ("post", "summary") and not result.status),
            }
        )
        (due - self).filtered(lambda m: m.state == "pending" and m.next_try_dt < next_dt).write(
            {"next_try_dt": next_dt}
        )

    @api.model
    def _last_sent_by_channel(self, now):
        """{Slack channel: last send} over the pacing window, as stored."""
        since = now - retry.PACE
        groups = self._read_group(
            [("state", "=", "done"), ("sent_dt", ">=", since)],
            ["slack_channel"],
            ["sent_dt:max"],
        )
        return {channel or "": last for channel, last in groups}

    @api.model
    def _next_due(self):
        first = self.search([("state", "=", "pending")], order="next_try_dt, id", limit=1)
        return first.next_try_dt or None

    @api.model
    def _commit_step(self):
        """In a cron run, commit each message's outcome at once (never sent twice)."""
        if self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._commit_progress(1)

    # -- administration -----------------------------------------------------------------------
    @api.model
    def _last_permanent_error(self):
        failed = self.search(
            Domain("state", "=", "failed") & Domain("kind", "=", "post"),
            order="write_date desc, id desc",
            limit=1,
        )
        return failed.last_error or ""
