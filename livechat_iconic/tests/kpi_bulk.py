"""Many closed live chat sessions in one ``INSERT … SELECT generate_series``, for the KPI
query-count test and ``bench/kpi_bench.py``: half to each of two agents, one in ten missed
(no answer), the others answered after 90 s, ratings 1, 3 and 5 in turn, spread over
``days`` days and the 24 hours from ``start``."""

INSERT = """
    INSERT INTO discuss_channel (
        name, channel_type, livechat_channel_id, livechat_operator_id, create_date,
        write_date, livechat_state, livechat_state_dt, livechat_loading_dt,
        livechat_in_queue_dt, livechat_dequeued_dt, livechat_waiting_dt,
        livechat_chatting_dt, livechat_first_answer_dt, livechat_first_answer_seconds,
        livechat_closed_dt, livechat_stopped_dt, livechat_end_dt, livechat_missed,
        livechat_outcome, rating_last_value)
    SELECT %(prefix)s || g, 'livechat', %(queue)s,
           CASE WHEN g %% 2 = 0 THEN %(a)s ELSE %(b)s END, T.start, T.start,
           'closed', T.start + interval '10 min', T.start, T.start,
           T.start + interval '30 s', T.start + interval '30 s',
           CASE WHEN g %% 10 <> 0 THEN T.start + interval '90 s' END,
           CASE WHEN g %% 10 <> 0 THEN T.start + interval '90 s' END,
           CASE WHEN g %% 10 <> 0 THEN 90 ELSE 0 END,
           T.start + interval '10 min', T.start + interval '10 min',
           T.start + interval '10 min', g %% 10 = 0,
           CASE WHEN g %% 10 = 0 THEN 'no_answer' ELSE 'no_failure' END,
           (g %% 3) * 2 + 1
      FROM generate_series(1, %(count)s) AS g,
           LATERAL (SELECT %(start)s::timestamp + (g %% %(days)s) * interval '1 day'
                           + (g %% 24) * interval '1 hour' AS start) AS T
"""


def insert_sessions(cr, count, queue, partners, start, days, prefix="bulk "):
    """Insert ``count`` sessions of ``queue`` (an id) for the two agent ``partners`` (ids)."""
    a, b = partners
    cr.execute(
        INSERT,
        {
            "prefix": prefix,
            "queue": queue,
            "a": a,
            "b": b,
            "count": count,
            "start": start,
            "days": days,
        },
    )
