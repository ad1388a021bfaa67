import {registry} from "@web/core/registry";

/**
 * An agent fills the "User Info" tab next to a live chat (the session form of
 * livechat_iconic_leads/tests/test_user_info_tour.py): the verdict follows what they type,
 * an impossible phone gets a message and stays in the field, then the lead is created.
 */
// the tab in the session form's conversation (a chat window of the same chat may be open too)
const TAB = ".o-mail-DiscussContent .o_livechat_iconic_leads_user_info";

registry.category("web_tour.tours").add("livechat_iconic_leads_user_info", {
    steps: () => [
        {
            content: "The chat is open",
            trigger:
                ".o-mail-DiscussContent .o-mail-Message:contains(Price for 40 trackers?)",
        },
        {
            content: "Open the User Info tab",
            trigger:
                ".o-mail-DiscussContent-header button[name='livechat-iconic-user-info']",
            run: "click",
        },
        {
            content: "Prefilled from the visitor: no company, no phone yet",
            trigger: `${TAB} .o_livechat_iconic_leads_missing:contains(company):contains(phone)`,
        },
        {
            trigger: `${TAB} input[name='lead_contact_name']:value(Marko Masino)`,
        },
        {
            content: "An impossible phone",
            trigger: `${TAB} input[name='lead_phone']`,
            run: "edit 12",
        },
        {
            content: "gets a message on the field and stays as typed",
            trigger: `${TAB} input[name='lead_phone'].is-invalid:value(12)`,
        },
        {
            content: "The real phone",
            trigger: `${TAB} input[name='lead_phone']`,
            run: "edit 0660 5226322",
        },
        {
            trigger: `${TAB} input[name='lead_phone']:not(.is-invalid):value(+436605226322)`,
        },
        {
            content: "The company",
            trigger: `${TAB} input[name='lead_company_name']`,
            run: "edit Data247 - masinotrading&consulting",
        },
        {
            content: "The verdict is now good, nothing missing",
            trigger: `${TAB} .o_livechat_iconic_leads_quality:contains(Good)`,
        },
        {
            trigger: `${TAB}:not(:has(.o_livechat_iconic_leads_missing))`,
        },
        {
            content: "Interest: tracking",
            trigger: `${TAB} .o_livechat_iconic_leads_interest:contains(Tracking)`,
            run: "click",
        },
        {
            trigger: `${TAB} .o_livechat_iconic_leads_interest.btn-primary:contains(Tracking)`,
        },
        {
            content: "The chat goes on: the composer is still there",
            trigger: ".o-mail-DiscussContent .o-mail-Composer-input",
        },
        {
            content: "Create the lead",
            trigger: `${TAB} .o_livechat_iconic_leads_create`,
            run: "click",
        },
        {
            content: "The lead is made",
            trigger: `${TAB} .o_livechat_iconic_leads_created:contains(Lead created)`,
        },
    ],
});
