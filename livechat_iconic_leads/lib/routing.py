"""Which region (owner queue) a lead goes to (no ORM).

A region is given as a :class:`Region`: its countries, the client status it is limited to
(None: any) and whether it is the default one. The rule:

1. a region that lists the country and is limited to the lead's client status (e.g. the
   home country's end users);
2. else a region that lists the country and is not limited;
3. else the default region;
4. else none: the caller falls back to the live chat queue's sales team.
Ties go to the first region in the given order (the table's sequence).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    id: int
    country_ids: frozenset
    client_status: str | None = None
    is_default: bool = False


def pick_region(regions, country_id, client_status=None):
    """The id of the region for a lead from ``country_id`` (or None), following the rule."""
    regions = list(regions)
    if country_id:
        listing = [r for r in regions if country_id in r.country_ids]
        for region in listing:
            if region.client_status and region.client_status == client_status:
                return region.id
        for region in listing:
            if not region.client_status:
                return region.id
    for region in regions:
        if region.is_default:
            return region.id
    return None
