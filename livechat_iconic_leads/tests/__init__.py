from . import test_chatbot_lead_forward, test_lead_from_chat
