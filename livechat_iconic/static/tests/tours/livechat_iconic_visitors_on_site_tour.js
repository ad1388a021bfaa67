import {registry} from "@web/core/registry";

/** The visitor the Python driver (livechat_iconic/tests/test_visitors_on_site.py) builds. */
export const ON_SITE_PAGE = "/shop/iconic-cart";

const ROW = `.o_data_row:has(.o_livechat_iconic_on_site_page:contains(${ON_SITE_PAGE}))`;

/** Live Chat > Visitors on the Site: the agent sees the browsing visitor and invites them. */
registry.category("web_tour.tours").add("livechat_iconic_visitors_on_site", {
    url: "/odoo/livechat-visitors",
    steps: () => [
        {
            content: "The visitor is listed with their page, time on site and country",
            trigger: `${ROW} .o_livechat_iconic_on_site_time:not(:empty)`,
        },
        {
            trigger: `${ROW} td[name='country_id']:contains(Belgium)`,
        },
        {
            content: "Nobody invited them yet: the agent invites them",
            trigger: `${ROW} button.o_livechat_iconic_invite`,
            run: "click",
        },
        {
            content: "The list shows who invited them",
            trigger: `${ROW} .o_livechat_iconic_on_site_invited:contains(Alice Agent)`,
        },
        {
            trigger: `${ROW}:not(:has(button.o_livechat_iconic_invite))`,
        },
    ],
});
