import logging
from dataclasses import replace
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.im_livechat.models.im_livechat_channel import BUFFER_TIME

from ..lib import routing, sla

_logger = logging.getLogger(__name__)

GLOBAL_CAP_PARAM = "livechat_iconic.max_parallel_chats"
# the context key of one routing decision's reads (_livechat_loads_once)
ROUTING_MEMO = "livechat_iconic_routing_memo"
#: as in Odoo's _get_operator: an assignment older than this no longer holds an agent back
RECENT_ASSIGNMENT = timedelta(seconds=BUFFER_TIME)
#: when sessions another transaction held are tried again
DISPATCH_RETRY = timedelta(seconds=10)


# the dispatch's scheduled action (data/ir_cron_routing_data.xml)
DISPATCH_CRON_XMLID = "livechat_iconic.ir_cron_livechat_dispatch"


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_first_response_target = fields.Integer(
        "First Response Target",
        default=sla.DEFAULT_FIRST_RESPONSE_TARGET,
        help="Seconds within which a waiting visitor should get an agent's first answer. "
        "Waiting sessions are served and shown by predicted breach (this target minus "
        "the time waited).",
    )
    livechat_priority = fields.Integer(
        "Queue Priority",
        default=0,
        help="Higher is served first: breaks ties between waiting sessions of different "
        "queues that would breach their targets at the same moment.",
    )
    livechat_routing_mode = fields.Selection(
        [(routing.ASSIGNED, "Assigned"), (routing.BROADCAST, "Broadcast")],
        "Routing",
        default=routing.ASSIGNED,
        required=True,
        help="Assigned: each chat goes to one agent (highest priority in the queue, then "
        "the least loaded, then the longest since the last assignment), online or away "
        "and under capacity. Broadcast: every online, away or invisible agent with room "
        "is told; the first to take the chat gets it.",
    )
    livechat_agent_ids = fields.One2many(
        "livechat_iconic.channel.agent",
        "channel_id",
        "Agent Priorities",
        help="Each agent's priority in this queue (agents without a line: 0).",
    )

    _livechat_first_response_target_positive = models.Constraint(
        "CHECK(livechat_first_response_target >= 0)",
        "The first response target cannot be negative.",
    )

    # -- the facts the routing rule needs ----------------------------------------------------
    @api.model
    def _livechat_global_cap(self):
        """The most chats an agent may have at once across all queues (None: no cap)."""
        value = self.env["ir.config_parameter"].sudo().get_param(GLOBAL_CAP_PARAM)
        try:
            cap = int(value or 0)
        except ValueError:
            _logger.warning("Ignoring %s=%r: not a whole number", GLOBAL_CAP_PARAM, value)
            return None
        return cap if cap > 0 else None

    def _livechat_routing_candidates(self, users=None, to_choose=True, available=False):
        """``{queue: [routing.Candidate]}`` for the queues in ``self``: their agents (or
        ``users`` for every queue) with status, load, capacity, priority, last assignment
        and call flag. A fixed number of queries whatever the number of agents and queues.
        ``to_choose`` False: only who is eligible matters (the widget's availability), so
        the last assignments and the skills are not read. ``available``: ``users`` were found
        available already (see ``_livechat_route``): their presence is not read again."""
        # sudo: the routing reads agents' presence, load and calls, as Odoo's does
        queues = self.sudo()
        users_by_queue = {q: (users if users is not None else q.user_ids) for q in queues}
        all_users = self.env["res.users"].sudo().union(*users_by_queue.values())
        if not all_users:
            return {q: [] for q in self}
        status = (
            dict.fromkeys(all_users.ids, routing.ONLINE)
            if available
            else all_users._livechat_agent_status()
        )
        total, per_queue = self._livechat_loads_once(all_users)
        last = all_users._livechat_last_assigned() if to_choose else {}
        blocks = any(queues.mapped("block_assignment_during_call"))
        in_call = all_users._livechat_in_call_users() if to_choose or blocks else all_users[:0]
        cap = self._livechat_global_cap()
        priority = (
            self.env["livechat_iconic.channel.agent"]._livechat_priorities(
                tuple(sorted(queues.ids))
            )
            if queues and to_choose
            else {}
        )
        skills = all_users._livechat_routing_skills() if to_choose else {}
        result = {}
        for queue in queues:
            limited = queue.max_sessions_mode == "limited"
            result[queue.with_env(self.env)] = [
                routing.Candidate(
                    id=user.id,
                    status=status[user.id],
                    load=total.get(user.id, 0),
                    capacity=cap,
                    priority=priority.get((queue.id, user.id), 0),
                    last_assigned=last.get(user.id),
                    in_call=user in in_call,
                    queue_load=per_queue.get((user.id, queue.id), 0),
                    queue_capacity=queue.max_sessions if limited else None,
                    skills=skills.get(user.id, frozenset()),
                )
                for user in users_by_queue[queue]
            ]
        return result

    def _livechat_loads_once(self, users):
        """``users._livechat_agent_loads()``, read once per routing decision: Odoo's
        ``_get_operator_info`` works out the available agents, then chooses among them,
        and both read the loads (``_get_operator_info`` keeps them in its context)."""
        memo = self.env.context.get(ROUTING_MEMO)
        if memo is not None and set(users.ids) <= memo.get("users", set()):
            return memo["total"], memo["per_queue"]
        total, per_queue = users._livechat_agent_loads()
        if memo is not None:
            memo.update(users=set(users.ids), total=total, per_queue=per_queue)
        return total, per_queue

    # -- Odoo's routing, through the one rule ------------------------------------------------
    def _get_available_operators_by_livechat_channel(self, users=None):
        # Odoo's rule ("online" only, its own capacity) is replaced by ours: the agents who
        # would get a chat in an assigned queue (online or away, under the queue's and the
        # global capacity, not in a call when the queue blocks calls). Invisible agents are
        # not shown as available in any mode: a queue whose agents are all invisible shows
        # offline; broadcast queues still offer them the chats (_livechat_route).
        result = super()._get_available_operators_by_livechat_channel(users=self.env["res.users"])
        candidates = self._livechat_routing_candidates(users, to_choose=False)
        for queue in self:
            pool, _reason = routing.eligible(
                routing.ASSIGNED, candidates[queue], queue.block_assignment_during_call
            )
            result[queue] = self.env["res.users"].browse(sorted(c.id for c in pool))
        return result

    def _livechat_routing_check_may_take(self):
        """Refuse the current user a chat of this queue (taken from the board, an answer
        to an offer, Slack's Claim, a colleague's hand-over, an invitation from Visitors on
        the Site) while they are invisible and the queue is assigned: its routing gives
        chats only to agents shown online. A broadcast queue's chats anyone may take."""
        me = self.env.user
        if not self or routing.may_take(
            self.livechat_routing_mode or routing.ASSIGNED, me.manual_im_status
        ):
            return
        raise UserError(
            _(
                "You are invisible: %(queue)s gives its chats only to agents shown online. "
                "Set your status to Online or Away to take this chat.",
                queue=self.name,
            )
        )

    def _livechat_shown_offline(self):
        """Whether this queue shows offline to visitors although agents are at work: some
        are signed in, none is shown online (each invisible, on a break or offline; see
        ``routing.shown_offline``). Two queries: the agents and their presences."""
        self.ensure_one()
        # sudo: the agents' statuses, public to internal users, read for a visitor's page
        status = self.sudo().user_ids._livechat_agent_status()
        return routing.shown_offline(status.values())

    def _livechat_needs(self, lang=None, country_id=None, expertises=None):
        """What a session needs (``routing.route``'s ``needs``), in Odoo's order of
        preference (``_get_operator``): same language with all the expertises asked, with
        one of them, same language; the same three with the country; all the expertises,
        one of them."""
        language = frozenset({f"lang:{lang}"}) if lang else None
        country = frozenset({f"country:{country_id}"}) if country_id else None
        wanted = [frozenset({f"expertise:{e.id}"}) for e in (expertises or ())]
        one_of = [frozenset().union(*wanted)] if wanted else []
        tiers = []
        for place in (language, country):
            if place:
                tiers += [[place, *wanted], [place, *one_of], [place]]
        tiers += [wanted, one_of]
        return tuple(tuple(tier) for tier in tiers if tier)

    def _livechat_route(self, users=None, needs=(), available=False, candidates=None):
        """The routing decision (``routing.Decision``) for a new session of this queue.
        ``available``: ``users`` were found available already (Odoo's contract of
        ``_get_operator``: its ``users``, else the queue's ``available_operator_ids``,
        which our ``_get_available_operators_by_livechat_channel`` computes by the same
        rule); the rule then only orders them, by priority, load, calls and last
        assignment. ``candidates``: the queue's candidates, read already (then ``users``
        and ``available`` are not used)."""
        self.ensure_one()
        if candidates is None:
            candidates = self._livechat_routing_candidates(users, available=available)[self]
        return routing.route(
            self.livechat_routing_mode or routing.ASSIGNED,
            candidates,
            block_during_call=self.block_assignment_during_call,
            needs=needs,
            now=fields.Datetime.now(),
            recent=RECENT_ASSIGNMENT,
        )

    def _get_operator(
        self, previous_operator_id=None, lang=None, country_id=None, expertises=None, users=None
    ):
        # Odoo's choice (least active, random among equals) is replaced by the routing rule,
        # among the same candidates: ``users``, else the queue's available agents.
        # Broadcast queues give nobody: the session waits IN QUEUE and every eligible agent
        # is told (discuss.channel._livechat_broadcast).
        self.ensure_one()
        operator = super()._get_operator(
            previous_operator_id=previous_operator_id,
            lang=lang,
            country_id=country_id,
            expertises=expertises,
            users=self.env["res.users"],  # Odoo's own choice among nobody: no query
        )
        if self.livechat_routing_mode == routing.BROADCAST:
            return operator
        needs = self._livechat_needs(lang, country_id, expertises)
        # Odoo's contract, which its own tests rely on: the candidates are ``users``, else
        # the queue's available_operator_ids (our rule computes them, see below)
        if users is None:
            users = self.available_operator_ids
        if not users:
            return operator
        candidates = self._livechat_routing_candidates(users, available=True)[self]
        decision = self._livechat_route(needs=needs, candidates=candidates)
        if not decision:
            return operator
        if previous_operator_id:
            # Odoo's courtesy kept: a returning visitor gets the same agent if available,
            # unless (as in Odoo) that agent is in a call with two chats or more
            pool = routing.eligible(
                routing.ASSIGNED, candidates, self.block_assignment_during_call
            )[0]
            previous = next(
                (
                    c
                    for c in pool
                    if self.env["res.users"].browse(c.id).partner_id.id == previous_operator_id
                ),
                None,
            )
            if previous and not (previous.in_call and previous.load >= 2):
                return self.env["res.users"].browse(previous.id)
        return self.env["res.users"].browse(decision.agent_id)

    def _livechat_routing_memo(self):
        """Called first by ``_get_operator_info`` (im_livechat_channel.py): the queue on
        which Odoo's choice runs as one decision, the agents' loads read once for the
        availability and the choice."""
        return self.with_context(**{ROUTING_MEMO: {}})

    def _livechat_routing_operator_info(self, info):
        """Called by ``_get_operator_info`` (im_livechat_channel.py), last, with its
        ``info`` (changed in place): a broadcast queue stands in as the operator while
        every eligible agent is told."""
        if (
            not info["operator_partner"]
            and self.livechat_routing_mode == routing.BROADCAST
            and self._livechat_route()
        ):
            # broadcast: the queue stands in while every eligible agent is told
            info["operator_partner"] = self.env["discuss.channel"]._livechat_queue_partner()
            info["operator_model"] = "livechat_iconic.queue"

    # -- dispatch of queued sessions (assigned queues) ---------------------------------------
    @api.model
    def _livechat_trigger_dispatch(self):
        """Wake the dispatch cron (after this transaction): an agent may take queued chats."""
        cron = self.env.ref(DISPATCH_CRON_XMLID, raise_if_not_found=False)
        if cron:
            cron._trigger()

    @api.model
    def _cron_livechat_dispatch(self, batch_size=None):
        """Assign the sessions waiting IN QUEUE in assigned queues, most urgent first (SLA
        order), to the agents the routing rule picks, in batches of ``batch_size``: each
        batch locks its sessions (skipping those another transaction holds: a visitor's
        post is never blocked by more than one batch), is planned on fresh facts (agents'
        statuses and loads), assigned together and, in a scheduled run, committed
        (``ir.cron._commit_progress``). The plan of the whole run is the plan of one pass
        over all the sessions (``routing.assign_many``): the assignments of the earlier
        batches count as the latest ones. Returns ``{session: user}``."""
        # the crons' one batch size (livechat_iconic.cron_batch_size): a visitor's post on
        # a session of the batch waits for that batch at most
        batch_size = batch_size or self.env["discuss.channel"]._livechat_cron_batch_size()
        Channel = self.env["discuss.channel"]
        sessions = Channel.search(
            Domain("channel_type", "=", "livechat")
            & Domain("livechat_state", "=", "in_queue")
            & Domain("livechat_channel_id.livechat_routing_mode", "=", routing.ASSIGNED)
            # held until its visitor writes (discuss_channel_announce.py)
            & Channel._livechat_announced_domain()
        )
        if not sessions:
            return {}
        now = fields.Datetime.now()
        order = [w.id for w in sla.order_by_breach(self._livechat_waitings(sessions), now)]
        # only a scheduled run commits; called from code, the caller owns the transaction
        commit = bool(self.env.context.get("cron_id"))
        if commit:
            # each batch's lock then starts a fresh snapshot: a session a visitor changed
            # since the search above is locked as it is now, not refused as changed
            self.env["ir.cron"]._commit_progress(remaining=len(order))
        carry = {}
        done, skipped = {}, 0
        for start in range(0, len(order), batch_size):
            batch_ids = order[start : start + batch_size]
            locked = Channel.browse(batch_ids)._livechat_lock_for_dispatch()
            skipped += len(batch_ids) - len(locked)
            assigned = locked._livechat_dispatch(now=now, carry=carry)
            done.update(assigned)
            if commit:
                left = self.env["ir.cron"]._commit_progress(
                    len(assigned), remaining=len(order) - start - len(batch_ids)
                )
                if not left:
                    break  # out of time: the remaining count makes Odoo run it again
        if skipped:
            # sessions a visitor's request was writing: their turn comes in the next run
            cron = self.env.ref(DISPATCH_CRON_XMLID, raise_if_not_found=False)
            if cron:
                cron._trigger(fields.Datetime.now() + DISPATCH_RETRY)
        return done

    def _livechat_waitings(self, sessions):
        """``[sla.Waiting]`` of queued ``sessions``: what orders them (SLA)."""
        return [
            sla.Waiting(
                s.id,
                s.livechat_in_queue_dt or s.create_date,
                s.livechat_channel_id.livechat_first_response_target,
                s.livechat_channel_id.livechat_priority,
            )
            for s in sessions
        ]

    def _livechat_dispatch_plan(self, sessions, now=None, carry=None):
        """``(assignments, unassigned)`` of routing.assign_many for ``sessions`` (queued
        discuss.channel of the queues in ``self``), in SLA order.

        ``carry``: a dict the caller keeps across the batches of one run (see
        ``_cron_livechat_dispatch``): the assignments planned in the earlier batches are
        the agents' latest ones, stamped as one pass over all the batches would stamp
        them, so the chats spread as in that one pass."""
        now = now or fields.Datetime.now()
        if carry is not None:
            # this batch's assignments come after the earlier batches' (see assign_many)
            now += timedelta(microseconds=carry.get("ticks", 0))
        waitings = self._livechat_waitings(sessions)
        queue_of = {s.id: s.livechat_channel_id.id for s in sessions}
        # never back to an agent who was given the session and did not answer it
        excluded = sessions._livechat_routing_excluded()
        pendings = [
            routing.Pending(w.id, queue_of[w.id], exclude=excluded.get(w.id, frozenset()))
            for w in sla.order_by_breach(waitings, now)
        ]
        candidates = {q.id: c for q, c in self._livechat_routing_candidates().items()}
        if carry:
            stamps = carry["last"]
            candidates = {
                qid: [
                    replace(c, last_assigned=stamps[c.id])
                    if c.id in stamps
                    and (c.last_assigned is None or c.last_assigned < stamps[c.id])
                    else c
                    for c in cands
                ]
                for qid, cands in candidates.items()
            }
        block = {q.id: q.block_assignment_during_call for q in self}
        assignments, unassigned = routing.assign_many(
            pendings,
            candidates,
            now=now,
            block_during_call_by_queue=block,
            recent=RECENT_ASSIGNMENT,
        )
        if carry is not None:
            stamps = carry.setdefault("last", {})
            for tick, agent_id in enumerate(assignments.values(), 1):
                stamps[agent_id] = now + timedelta(microseconds=tick)
            carry["ticks"] = carry.get("ticks", 0) + len(assignments)
        return assignments, unassigned
