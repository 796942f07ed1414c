import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

function uploadNotice() {
    const input = document.querySelector(
        ".o_field_many2many_binary[name='attachment_ids'] input.o_input_file"
    );
    const transfer = new DataTransfer();
    transfer.items.add(
        new File(["%PDF-1.4 Notice Frisquet Prestige"], "notice-frisquet.pdf", {
            type: "application/pdf",
        })
    );
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("sav_request_phone_intake_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the After-Sales app",
            trigger: ".o_app[data-menu-xmlid='sav_request.sav_request_menu_root']",
            run: "click",
        },
        {
            content: "The back office lands on the pending requests",
            trigger: ".o_breadcrumb .active:contains('Pending Requests')",
        },
        {
            content: "Take a new phone request",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Look the customer up by the phone number she calls from",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit 06 12 34 56 78",
        },
        {
            content: "Pick the customer found by phone",
            trigger: ".o-autocomplete--dropdown-item:contains('Mme Claire Durand')",
            run: "click",
        },
        {
            content: "Her second home is proposed as the site",
            trigger: ".o_field_widget[name='site_id'] input:value('Maison de Pornic')",
        },
        {
            content: "The boiler at that site is proposed",
            trigger: ".o_field_widget[name='equipment_id'] input:value('Frisquet Prestige')",
        },
        {
            content: "The channel is phone",
            trigger: ".o_field_widget[name='channel'] input:value('Phone')",
        },
        {
            content: "Sum up the problem",
            trigger: ".o_field_widget[name='summary'] input",
            run: "edit Plus d'eau chaude, code E01",
        },
        {
            content: "Open the documents",
            trigger: ".o_notebook_headers a[name='documents']",
            run: "click",
        },
        {
            content: "Attach the installation notice",
            trigger: ".o_field_many2many_binary[name='attachment_ids'] .o_attach",
            run: uploadNotice,
        },
        {
            content: "The notice is attached",
            trigger: ".o_field_many2many_binary .o_attachment:not(.o_attachment_uploading):contains('notice-frisquet')",
        },
        {
            content: "Save the request",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The request is saved under its reference",
            trigger: ".o_breadcrumb .active:contains('SAV/')",
        },
        {
            content: "The request is pending",
            trigger: ".o_statusbar_status:has(.o_arrow_button_current[data-value='new'])",
        },
        {
            content: "Plan a visit",
            trigger: "button[name='action_plan_intervention']",
            run: "click",
        },
        {
            content: "Choose the technician",
            trigger: ".modal .o_field_widget[name='technician_id'] input",
            run: "edit Thierry",
        },
        {
            content: "Pick Thierry Martin",
            trigger: ".o-autocomplete--dropdown-item:contains('Thierry Martin')",
            run: "click",
        },
        {
            content: "Set the start of the visit",
            trigger: ".modal .o_field_widget[name='planned_start'] input",
            run: "edit 03/02/2027 08:00:00 && press Enter",
        },
        {
            content: "The end follows the start",
            trigger: ".modal .o_field_widget[name='planned_end'] input:value('03/02/2027 10:00:00')",
        },
        {
            content: "Save the visit",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The request is now planned",
            trigger: "body:not(:has(.modal)) .o_statusbar_status:has(.o_arrow_button_current[data-value='planned'])",
        },
    ],
});

registry.category("web_tour.tours").add("sav_request_technician_visits_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the After-Sales app",
            trigger: ".o_app[data-menu-xmlid='sav_request.sav_request_menu_root']",
            run: "click",
        },
        {
            content: "The technician lands on their visits",
            trigger: ".o_breadcrumb .active:contains('My Visits')",
        },
        {
            content: "Open the visit planned by the back office",
            trigger: ".o_kanban_record:contains('Mme Claire Durand'):contains('Maison de Pornic')",
            run: "click",
        },
        {
            content: "The visit shows the door code of the site",
            trigger: ".o_field_widget[name='site_door_code']:contains('4512B')",
        },
        {
            content: "Start the visit",
            trigger: "button[name='action_start']",
            run: "click",
        },
        {
            content: "The visit is in progress",
            trigger: ".o_statusbar_status:has(.o_arrow_button_current[data-value='in_progress'])",
        },
    ],
});
