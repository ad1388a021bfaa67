from . import (
    test_settings,
    test_slack_alert_dm,
    test_slack_claim,
    test_slack_claim_race,
    test_slack_erase,
    test_slack_notice_pl,
    test_slack_notice_race,
    test_slack_outbox,
)
