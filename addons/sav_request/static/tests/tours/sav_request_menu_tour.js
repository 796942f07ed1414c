import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("sav_request_menu_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the After-Sales app",
            trigger: ".o_app[data-menu-xmlid='sav_request.sav_request_menu_root']",
            run: "click",
        },
        {
            content: "The requests list is shown",
            trigger: ".o_breadcrumb .active:contains('Requests')",
        },
        {
            content: "The list view is loaded",
            trigger: ".o_list_view, .o_view_nocontent",
        },
    ],
});
