import base64
import logging
import threading
import uuid

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, html2plaintext

from ..lib import suggest

_logger = logging.getLogger(__name__)

#: per database: the snippets' vectors held in memory, reloaded when the cron changed them
_MATRICES = {}
_MATRICES_LOCK = threading.Lock()

#: how many sources of each kind one cron run indexes (the next run goes on)
BATCH = 200
#: changes whenever snippets are created or deleted: the requests' in-memory vectors are
#: reloaded then (get_param is cached: no query per request)
VERSION_PARAM = "livechat_iconic.suggest_index_version"
#: the date each source is indexed by (the watermark's)
WATERMARK_FIELDS = {
    "helpdesk.ticket": "closed_date",
    "discuss.channel": "livechat_end_dt",
}


class LivechatIconicSuggestionSnippet(models.Model):
    """One staff-written answer that the chat composer may suggest (issue 23 point 1).

    Filled only by the scheduled action ``_cron_livechat_suggest_index`` (never in a
    visitor's or an agent's request) from three sources: the approved canned responses,
    the agents' public answers in solved help-desk tickets, and the agents' messages in
    past chats that ended well. Visitors' text is never stored as an answer. Each snippet
    keeps its wordllama vector (lib/suggest.py) as float32 bytes."""

    _name = "livechat_iconic.suggestion.snippet"
    _description = "Reply Suggestion"
    _order = "id"

    text = fields.Text(required=True, readonly=True)
    source = fields.Selection(
        [("canned", "Canned Response"), ("ticket", "Solved Ticket"), ("chat", "Past Chat")],
        required=True,
        readonly=True,
        index=True,
    )
    canned_response_id = fields.Many2one(
        "mail.canned.response", ondelete="cascade", readonly=True, index="btree_not_null"
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", ondelete="cascade", readonly=True, index="btree_not_null"
    )
    channel_id = fields.Many2one(
        "discuss.channel", "Chat", ondelete="cascade", readonly=True, index="btree_not_null"
    )
    message_id = fields.Many2one(
        "mail.message", ondelete="cascade", readonly=True, index="btree_not_null"
    )
    queue_id = fields.Many2one(
        "im_livechat.channel",
        ondelete="cascade",
        readonly=True,
        help="The chat's queue; empty for canned responses, which every queue may use.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        ondelete="cascade",
        readonly=True,
        help="The solved ticket's team: offered in the queues that hand their chats to it.",
    )
    embedding = fields.Binary(attachment=False, readonly=True)

    _message_unique = models.Constraint("UNIQUE(message_id)", "A message is indexed once.")
    _canned_unique = models.Constraint(
        "UNIQUE(canned_response_id)", "A canned response is indexed once."
    )

    # -- ORM ----------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._livechat_suggest_new_version()
        return records

    def unlink(self):
        if self:
            self._livechat_suggest_new_version()
        return super().unlink()

    def _livechat_suggest_new_version(self):
        # sudo: the index's version, which every agent's request reads
        self.env["ir.config_parameter"].sudo().set_param(VERSION_PARAM, uuid.uuid4().hex)

    # -- indexing (the scheduled action) -------------------------------------------------------
    @api.model
    def _cron_livechat_suggest_index(self):
        """Index what is new since the last run, a batch of each source a run; the cron is
        re-triggered while a batch was full. Watermarks (ir.config_parameter) keep the
        run incremental: the close date of tickets, the end date of chats (with the id,
        for records of one transaction); canned responses are compared with their
        snippets.
        A source's transaction that commits after a later one's batch was indexed is missed
        (its date is older than the watermark): a known limit of date watermarks, rare
        with short transactions."""
        full = self._livechat_suggest_index_canned()
        for source in self._livechat_suggest_answer_sources():
            full |= self._livechat_suggest_index_answers(source)
        if full:
            self.env.ref("livechat_iconic.ir_cron_livechat_suggest_index")._trigger()

    def _livechat_suggest_watermark(self, model, record=None):
        """The last indexed ``(date, id)`` of ``model`` (read, or written from ``record``)."""
        params = self.env["ir.config_parameter"].sudo()
        key = f"livechat_iconic.suggest_indexed_{model}"
        if record is None:
            date, _sep, record_id = (params.get_param(key) or "1970-01-01 00:00:00|0").partition(
                "|"
            )
            return date, int(record_id or 0)
        date_field = WATERMARK_FIELDS[model]
        params.set_param(key, f"{fields.Datetime.to_string(record[date_field])}|{record.id}")
        return None

    def _livechat_suggest_records(self, model, domain):
        """The next batch of ``model`` changed after the watermark, oldest first (keyset on
        date and id: records of one transaction share their date)."""
        date_field = WATERMARK_FIELDS[model]
        since, since_id = self._livechat_suggest_watermark(model)
        # sudo: the index reads every source; the composer filters what an agent is offered
        return (
            self.env[model]
            .sudo()
            .search(
                Domain.AND(
                    [
                        domain,
                        Domain(date_field, ">", since)
                        | (Domain(date_field, "=", since) & Domain("id", ">", since_id)),
                    ]
                ),
                order=f"{date_field}, id",
                limit=BATCH,
            )
        )

    def _livechat_suggest_create(self, vals_list):
        """Create snippets with their vectors (one call of the model for the batch)."""
        vals_list = [vals for vals in vals_list if vals["text"]]
        if not vals_list:
            return self.browse()
        vectors = suggest.embed([vals["text"] for vals in vals_list])
        for vals, vector in zip(vals_list, vectors, strict=True):
            vals["embedding"] = base64.b64encode(vector.tobytes())
        return self.sudo().create(vals_list)

    def _livechat_suggest_index_canned(self):
        """Approved canned responses, compared with their snippets (they are a few hundred at
        most, read without their vectors): a new or changed one is (re)indexed, one no longer
        approved, or deleted, loses its snippet. Only the changes are embedded."""
        # sudo: the index holds every approved response; the composer filters by reader
        responses = self.env["mail.canned.response"].sudo().search([("state", "=", "approved")])
        wanted = {r.id: suggest.plain_text(r.substitution) for r in responses}
        snippets = self.sudo().search([("source", "=", "canned")])
        stale = snippets.filtered(lambda s: wanted.get(s.canned_response_id.id) != s.text)
        indexed = set((snippets - stale).canned_response_id.ids)
        stale.unlink()
        todo = [rid for rid in wanted if rid not in indexed]
        self._livechat_suggest_create(
            [
                {"text": wanted[rid], "source": "canned", "canned_response_id": rid}
                for rid in todo[:BATCH]
            ]
        )
        return len(todo) > BATCH

    def _livechat_suggest_staff_answers(self, model, records, names):
        """The public messages written by internal users (agents) on these records, never
        a visitor's or a customer's, fit to be reused (``suggest.reusable_answer``: the
        customer's ``names`` become ``{visitor_name}``): ``{res_id: [(message, text)]}``."""
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", model),
                    ("res_id", "in", records.ids),
                    ("message_type", "in", ("comment", "email")),
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                    ("author_id.user_ids.share", "=", False),
                    # the queue's notices and OdooBot are no agents
                    ("author_id", "not in", self._livechat_suggest_robots().ids),
                ],
                order="id",
            )
        )
        result = {}
        for message in messages:
            text = suggest.reusable_answer(
                suggest.plain_text(html2plaintext(message.body or "")),
                names(records.browse(message.res_id)),
            )
            if text:
                result.setdefault(message.res_id, []).append((message, text))
        return result

    def _livechat_suggest_robots(self):
        return self.env["discuss.channel"]._livechat_queue_partner() | self.env.ref(
            "base.partner_root"
        )

    def _livechat_suggest_answer_sources(self):
        """``{source: (model, domain, snippet values of a record, the customer's names on a
        record)}`` of the agents' answers:
        solved (closed-stage) help-desk tickets, and chats that ended well (an agent
        answered and the visitor did not rate it unhappy)."""
        return {
            "ticket": (
                "helpdesk.ticket",
                [("stage_id.closed", "=", True)],
                lambda ticket: {"ticket_id": ticket.id, "team_id": ticket.team_id.id},
                lambda ticket: [ticket.partner_id.name, ticket.partner_name],
            ),
            "chat": (
                "discuss.channel",
                [
                    ("channel_type", "=", "livechat"),
                    ("livechat_first_answer_dt", "!=", False),
                    ("livechat_channel_id", "!=", False),
                    "|",
                    ("rating_last_value", "=", 0),
                    ("rating_last_value", ">=", 3),
                ],
                lambda chat: {"channel_id": chat.id, "queue_id": chat.livechat_channel_id.id},
                # the names the visitor gave or has (not "Guest", not the public user)
                lambda chat: [
                    chat.livechat_guest_name,
                    chat.livechat_partner_id.name,
                    *(
                        chat.livechat_customer_partner_ids - self.env.ref("base.public_partner")
                    ).mapped("name"),
                ],
            ),
        }

    def _livechat_suggest_index_answers(self, source):
        """The agents' answers in the next batch of ``source``'s records (see
        ``_livechat_suggest_answer_sources``); True when the batch was full."""
        model, domain, record_vals, names = self._livechat_suggest_answer_sources()[source]
        records = self._livechat_suggest_records(model, domain)
        if not records:
            return False
        answers = self._livechat_suggest_staff_answers(model, records, names)
        self._livechat_suggest_create_answers(
            answers, source, lambda res_id: record_vals(records.browse(res_id))
        )
        self._livechat_suggest_watermark(model, records[-1])
        return len(records) == BATCH

    def _livechat_suggest_create_answers(self, answers, source, record_vals):
        """Snippets of ``answers`` (``{res_id: [(message, text)]}``); the same text twice in
        one batch is indexed once."""
        seen = set()
        vals_list = []
        indexed = set(
            self.sudo()
            .search([("message_id", "in", [m.id for pairs in answers.values() for m, _t in pairs])])
            .message_id.ids
        )
        for res_id, pairs in answers.items():
            for message, text in pairs:
                key = suggest.fold(text)
                if key in seen or message.id in indexed:
                    continue
                seen.add(key)
                vals_list.append(
                    {
                        "text": text,
                        "source": source,
                        "message_id": message.id,
                        **record_vals(res_id),
                    }
                )
        return self._livechat_suggest_create(vals_list)

    # -- ranking ----------------------------------------------------------------------------
    def _livechat_suggest_matrix(self):
        """``(ids, queue ids, team ids, canned ids, matrix)`` of every snippet, kept in
        memory per database and reloaded when snippets were created or deleted (the
        cron's runs, :data:`VERSION_PARAM`): a request reads no vector from the database."""
        import numpy  # noqa: PLC0415

        # sudo: the index's version (a technical parameter)
        stamp = self.env["ir.config_parameter"].sudo().get_param(VERSION_PARAM)
        dbname = self.env.cr.dbname
        cached = _MATRICES.get(dbname)
        if cached and cached[0] == stamp:
            return cached[1]
        self.env.cr.execute(
            SQL(
                "SELECT id, queue_id, team_id, canned_response_id, embedding FROM %s "
                "WHERE embedding IS NOT NULL ORDER BY id",
                SQL.identifier(self._table),
            )
        )
        rows = self.env.cr.fetchall()
        vectors = [
            numpy.frombuffer(base64.b64decode(bytes(row[4])), dtype=numpy.float32) for row in rows
        ]
        data = (
            numpy.array([row[0] for row in rows], dtype=numpy.int64),
            numpy.array([row[1] or 0 for row in rows], dtype=numpy.int64),
            numpy.array([row[2] or 0 for row in rows], dtype=numpy.int64),
            numpy.array([row[3] or 0 for row in rows], dtype=numpy.int64),
            numpy.vstack(vectors) if vectors else numpy.zeros((0, 256), dtype=numpy.float32),
        )
        with _MATRICES_LOCK:
            _MATRICES[dbname] = (stamp, data)
        return data

    @api.model
    def _livechat_suggest(self, text, queue, canned_ids, limit=suggest.MAX_SUGGESTIONS):
        """The best ``limit`` snippets for ``text`` in ``queue``: ``[(snippet, cosine)]``,
        best first. Offered: the queue's past chats, the solved tickets of its help-desk
        team, and the canned responses of ``canned_ids`` (those the agent may use)."""
        import numpy  # noqa: PLC0415

        ids, queues, teams, canned, matrix = self._livechat_suggest_matrix()
        if not len(ids):
            return []
        allowed = numpy.isin(canned, list(canned_ids) or [-1])
        if queue:  # (a chat without a queue: canned responses only)
            allowed |= queues == queue.id
        if queue.helpdesk_team_id:
            allowed |= teams == queue.helpdesk_team_id.id
        if not allowed.any():
            return []
        rows = numpy.flatnonzero(allowed)
        scores = matrix[rows] @ suggest.embed([text])[0]
        limit = min(limit, len(rows))
        best = numpy.argpartition(-scores, limit - 1)[:limit]
        best = best[numpy.argsort(-scores[best])]
        snippets = self.sudo().browse(ids[rows[best]].tolist())
        return list(zip(snippets, scores[best].tolist(), strict=True))
