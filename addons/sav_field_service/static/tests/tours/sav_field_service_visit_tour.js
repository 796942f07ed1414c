import { registry } from "@web/core/registry";

// A technician on a phone records a whole visit: arrival, a part, an expense,
// a photo, a measure, then the customer's signature.
registry.category("web_tour.tours").add("sav_field_service_visit_tour", {
    steps: () => [
        {
            content: "Open today's visit from My Visits",
            trigger: ".o_sav_my_visits .o_kanban_record:contains(Mme Odile Tournier)",
            run: "click",
        },
        {
            content: "Arrive on site",
            trigger: ".o_form_view button[name=action_arrive]",
            run: "click",
        },
        {
            content: "The Leave button shows once arrived",
            trigger: ".o_form_view button[name=action_leave]",
        },
        {
            content: "Fill the CO level",
            trigger: "div[name=measures] [property-name=co_ppm] input",
            run: "edit 12",
        },
        {
            content: "Open the parts",
            trigger: ".o_notebook_headers a:contains(Parts)",
            run: "click",
        },
        {
            content: "Add a part",
            trigger: "div[name=part_line_ids] .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Open the part search (a full-screen list on phones)",
            trigger: ".modal div[name=product_id] input",
            run: "click",
        },
        {
            content: "Pick the thermocouple",
            trigger: ".modal .o_kanban_record:contains(Thermocouple universel)",
            run: "click",
        },
        {
            content: "Save the part",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The part is listed",
            trigger: "div[name=part_line_ids] .o_kanban_record:contains(Thermocouple)",
        },
        {
            content: "Open the expenses",
            trigger: ".o_notebook_headers a:contains(Expenses)",
            run: "click",
        },
        {
            content: "Add an expense",
            trigger: "div[name=expense_line_ids] .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Describe the expense",
            trigger: ".modal div[name=name] input",
            run: "edit Péage A11",
        },
        {
            content: "Save the expense",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The expense is listed",
            trigger: "div[name=expense_line_ids] .o_kanban_record:contains(Péage A11)",
        },
        {
            content: "Open the photos",
            trigger: ".o_notebook_headers a:contains(Photos)",
            run: "click",
        },
        {
            content: "Add a photo",
            trigger: "div[name=photo_ids] .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose an iPhone photo, in HEIC, which the test browser cannot show",
            // The file input is hidden behind the camera icon.
            trigger: ".modal div[name=image]",
            async run({ anchor }) {
                const input = anchor.querySelector("input[type=file]");
                const response = await fetch("/web/content/sav_field_service.tour_heic_photo");
                const blob = await response.blob();
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], "IMG_0001.HEIC", { type: "image/heic" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The server converted the photo: the form shows it as a JPEG",
            trigger: ".modal div[name=image] img[src^='data:image/jpg']",
        },
        {
            content: "Save the photo",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The photo is listed",
            trigger: "div[name=photo_ids] .o_kanban_record:not(.o-kanban-button-new)",
        },
        {
            content: "Ask the customer to sign",
            trigger: ".o_form_view button[name=action_open_sign_wizard]",
            run: "click",
        },
        {
            content: "Open the signature pad",
            trigger: ".modal div[name=signature] .o_signature",
            run: "click",
        },
        {
            content: "Adopt the signature drawn from the name",
            trigger: ".modal .modal-footer button.btn-primary:contains(Adopt):enabled",
            run: "click",
        },
        {
            content: "Confirm and close the visit",
            trigger: ".modal button[name=action_sign]",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open the signature tab",
            trigger: ".o_notebook_headers a:contains(Signature)",
            run: "click",
        },
        {
            content: "The visit is signed by the customer and closed: no more Sign button",
            trigger:
                ".o_form_view:not(:has(button[name=action_open_sign_wizard])) div[name=signed_by]:contains(Odile Tournier)",
        },
    ],
});

// Three measures typed one after the other, while the server takes half a second to
// respond to each change (the CO alert depends on the measures): all three are saved.
registry.category("web_tour.tours").add("sav_field_service_measures_tour", {
    steps: () => [
        {
            content: "Type the CO level",
            trigger: "div[name=measures] [property-name=co_ppm] input",
            run: "edit 12",
        },
        {
            content: "Type the flue temperature while the server still computes the CO alert",
            trigger: "div[name=measures] [property-name=flue_temperature] input",
            run: "edit 70",
        },
        {
            content: "Type the efficiency",
            trigger: "div[name=measures] [property-name=efficiency] input",
            run: "edit 95",
        },
        {
            content: "Leave the field",
            trigger: ".o_form_view .oe_title",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The visit is saved: the save and discard buttons are hidden",
            trigger:
                ".o_form_status_indicator:not(:has(.o_form_status_indicator_buttons:not(.invisible)))",
        },
    ],
});
