from . import (
    test_chatbot_lead_forward,
    test_chatbot_lead_routing,
    test_lead_duplicates,
    test_lead_followup,
    test_lead_from_chat,
    test_lead_helpdesk,
    test_lead_privacy,
    test_lead_quality_on_leads,
    test_lead_report,
    test_lead_routing,
    test_user_info_tour,
    test_visitor_privacy,
)
