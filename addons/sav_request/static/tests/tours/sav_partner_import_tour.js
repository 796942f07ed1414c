import { registry } from "@web/core/registry";

function uploadSites() {
    const input = document.querySelector(".o_field_widget[name='file'] input.o_input_file");
    const content = [
        "Client;Site;Adresse;Code postal;Ville",
        "SCI Les Pins;Résidence Les Pins;4 allée des Pins;44000;Nantes",
        "SCI Les Pins;Résidence Les Pins;4 allée des Pins;44000;Nantes",
    ].join("\r\n");
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], "sites.csv", { type: "text/csv" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("sav_partner_import_tour", {
    url: "/odoo/contacts",
    steps: () => [
        {
            content: "Open the gear menu of the contacts",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Choose the import of customers and sites",
            trigger: ".o_sav_partner_import_menu",
            run: "click",
        },
        {
            content: "Upload the list of sites",
            trigger: ".modal .o_field_widget[name='file']",
            run: uploadSites,
        },
        {
            content: "The file is attached",
            trigger: ".modal .o_field_widget[name='file'] input.o_input:value('sites.csv')",
        },
        {
            content: "Preview the import",
            trigger: ".modal button[name='action_preview']",
            run: "click",
        },
        {
            content: "The preview counts the new customer and site, and the repeated row",
            trigger:
                ".modal .alert-info:contains('Customers: 1 to create'):contains('Sites: 1 to create'):contains('Duplicate rows skipped: 1')",
        },
        {
            content: "Import",
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "The imported customers are listed",
            trigger: ".o_breadcrumb .active:contains('Imported Customers')",
        },
        {
            content: "The new customer is in the list",
            trigger: ".o_list_view .o_data_row:contains('SCI Les Pins')",
        },
    ],
});
