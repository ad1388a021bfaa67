"""What is at stake in sales with a chat's confirmed contact (pure, no Odoo).

The open opportunities of the contact and of its commercial entity count: their number,
the sum of their expected revenue, and the lead-quality verdict of the richest one (the
one whose revenue is most at stake; the newest on a tie).
"""

from __future__ import annotations

from collections import namedtuple

Opportunity = namedtuple("Opportunity", "id expected_revenue quality")
Opportunity.__doc__ = """An open opportunity as the stakes see it: id (sortable, newer is
larger), expected_revenue (float, None for none), quality (the verdict key or None)."""

Stakes = namedtuple("Stakes", "count value quality")


def summarize(opportunities) -> Stakes:
    """``Stakes(count, value, quality)`` of these open opportunities: their number, the
    sum of their expected revenue (negative revenue counts as none) and the quality of
    the richest one (None when there is none or it has no verdict)."""
    opportunities = list(opportunities)
    if not opportunities:
        return Stakes(0, 0.0, None)
    value = sum(max(0.0, o.expected_revenue or 0.0) for o in opportunities)
    richest = max(opportunities, key=lambda o: (max(0.0, o.expected_revenue or 0.0), o.id))
    return Stakes(len(opportunities), value, richest.quality or None)
