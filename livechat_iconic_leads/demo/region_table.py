"""One company's region table (demo data, and the tests' fixture): eight owner queues,
each a sales team with its countries. A sales manager edits the result in CRM
configuration; nothing routes from these lists once the records exist."""

AFRICA = (
    "DZ AO BJ BW BF BI CV CM CF TD KM CD CG CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY "
    "MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW EH RE YT"
)
MIDDLE_EAST = "SA QA KW BH OM YE IQ IR JO LB SY IL PS"
ASIA_PACIFIC = (
    "CN JP KR KP MN TW HK MO IN PK BD LK NP BT MV AF TH VN LA KH MM MY SG ID PH BN TL TR "
    "AU NZ PG FJ SB VU NC PF WS TO KI TV NR FM MH PW GU"
)
CIS = "AM AZ BY KZ KG MD RU TJ TM UZ"
EUROPE = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE GB NO "
    "CH IS LI MC SM VA AD RS BA ME MK AL XK UA GI FO GL"
)
NORTH_AMERICA = "US CA"
LATIN_AMERICA = (
    "MX GT BZ SV HN NI CR PA CU DO HT JM PR TT BS BB CO VE EC PE BO BR PY UY AR CL GY SR"
)

#: key, region (and sales team) name, country codes, client status it is limited to
REGIONS = (
    ("domestic", "Domestic End Users", None, "end_user"),
    ("africa_me", "Africa & Middle East", AFRICA + " " + MIDDLE_EAST, None),
    ("asia", "Asia & Pacific (incl. Turkey)", ASIA_PACIFIC, None),
    ("cis", "CIS Countries", CIS, None),
    ("europe", "Europe", EUROPE, None),
    ("uae", "UAE (Dubai)", "AE", None),
    ("usa_canada", "USA & Canada", NORTH_AMERICA, None),
    ("latam", "Latin America", LATIN_AMERICA, None),
)


def build_region_table(env, home_country, company=None):
    """Create the eight regions, each with its own sales team; the domestic end users'
    region lists ``home_country`` only and is limited to end users. Returns
    ``{key: livechat_iconic_leads.region}``."""
    company = company or env.company
    Country = env["res.country"]
    regions = {}
    for sequence, (key, name, codes, status) in enumerate(REGIONS, start=1):
        countries = (
            home_country if codes is None else Country.search([("code", "in", codes.split())])
        )
        team = env["crm.team"].create(
            {"name": name, "use_leads": True, "use_opportunities": True, "company_id": company.id}
        )
        regions[key] = env["livechat_iconic_leads.region"].create(
            {
                "name": name,
                "sequence": sequence,
                "company_id": company.id,
                "country_ids": [(6, 0, countries.ids)],
                "client_status": status,
                "team_id": team.id,
            }
        )
    return regions
