import { registry } from "@web/core/registry";

/** Attaches the photo the test serves at /web/content/sav_portal.tour_photo to the file input. */
async function attachTourPhoto() {
    const response = await fetch("/web/content/sav_portal.tour_photo");
    if (!response.ok) {
        throw new Error(`The tour photo could not be loaded: HTTP ${response.status}`);
    }
    const blob = await response.blob();
    const file = new File([blob], "four-en-panne.jpg", { type: "image/jpeg" });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const input = document.querySelector("input[name='attachments']");
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

/** Fetches the first link matching ``selector`` (and ``text``, if given) and checks that it returns a PDF. */
async function checkPdfLink(selector, text = "") {
    const link = [...document.querySelectorAll(selector)].find((el) =>
        el.textContent.includes(text)
    );
    const response = await fetch(link.getAttribute("href"));
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || !type.includes("pdf")) {
        throw new Error(`${selector} returned HTTP ${response.status} with type ${type}`);
    }
}

registry.category("web_tour.tours").add("sav_portal_home_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Wait for the counters of the portal home",
            trigger: ".o_portal_my_home:not(:has(.o_portal_doc_spinner))",
        },
        {
            content: "The after-sales card shows, with no request yet",
            trigger: ".o_portal_index_card a[href='/my/sav']",
        },
    ],
});

registry.category("web_tour.tours").add("sav_portal_file_request_tour", {
    url: "/my/sav/new",
    steps: () => [
        {
            content: "Choose the site",
            trigger: ".o_sav_request_form select[name='site_id']",
            run: "selectByLabel Fournil de Pornic",
        },
        {
            content: "Choose the equipment of that site",
            trigger: ".o_sav_request_form select[name='equipment_id']",
            run: "selectByLabel Bongard",
        },
        {
            content: "Say what the problem is",
            trigger: ".o_sav_request_form input[name='summary']",
            run: "edit Le four ne chauffe plus",
        },
        {
            content: "Describe it",
            trigger: ".o_sav_request_form textarea[name='description']",
            run: "edit Code erreur E12 depuis ce matin.",
        },
        {
            content: "Prefer Monday",
            trigger: ".o_sav_request_form input[name='slot_days'][value='mon']",
            run: "check",
        },
        {
            content: "Attach a photo of the oven",
            trigger: ".o_sav_request_form input[name='attachments']",
            run: attachTourPhoto,
        },
        {
            content: "Send the request",
            trigger: ".o_sav_request_form button.o_sav_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is filed and acknowledged",
            trigger: ".o_sav_request_created",
        },
        {
            content: "The request is pending",
            trigger: ".o_sav_state_new",
        },
    ],
});

registry.category("web_tour.tours").add("sav_portal_follow_request_tour", {
    url: "/my/sav",
    steps: () => [
        {
            content: "Open the request",
            trigger: ".o_sav_request_row a:contains('SAV/')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The visit is planned with the technician's name",
            trigger: ".o_sav_next_visit .o_sav_technician:contains('Thierry Martin')",
        },
        {
            content: "The planned date is shown",
            trigger: ".o_sav_next_visit .o_sav_planned_date",
        },
        {
            content: "The history shows the request planned",
            trigger: ".o_sav_state_history li:last-child",
        },
    ],
});

registry.category("web_tour.tours").add("sav_portal_documents_tour", {
    url: "/my/sav",
    steps: () => [
        {
            content: "Open the request",
            trigger: ".o_sav_request_row a:contains('SAV/')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Download the visit report",
            trigger: ".o_sav_visit a.o_sav_visit_report",
            run: () => checkPdfLink(".o_sav_visit a.o_sav_visit_report"),
        },
        {
            content: "Open the documents",
            trigger: ".o_sav_portal_nav a[href='/my/sav/documents']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The photo sent with the request is among the documents",
            trigger: ".o_sav_attachment:contains('four-en-panne.jpg')",
        },
        {
            content: "Download the report from the documents",
            trigger: ".o_sav_attachment:contains('Rapport')",
            run: () => checkPdfLink(".o_sav_attachment", "Rapport"),
        },
        {
            content: "Open the key figures",
            trigger: ".o_sav_portal_nav a[href='/my/sav/dashboard']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The charts are drawn",
            trigger: ".o_sav_chart_ready[data-name='requests_per_month'] canvas",
        },
        {
            content: "One visit is done",
            trigger: ".o_sav_figure_visits:contains('1')",
        },
        {
            content: "Open the planning",
            trigger: ".o_sav_portal_nav a[href='/my/sav/planning']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The visit shows in the month with its technician",
            trigger: ".o_sav_planning_technician:contains('Thierry Martin')",
        },
        {
            content: "Switch to the week",
            trigger: "a.o_sav_planning_week",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The visit shows in the week with its time slot",
            trigger: ".o_sav_planning_week .o_sav_planning_slot",
        },
    ],
});

registry.category("web_tour.tours").add("sav_portal_invoice_tour", {
    url: "/my/sav/documents",
    steps: () => [
        {
            content: "Download the invoice",
            trigger: ".o_sav_invoice a.o_sav_invoice_pdf",
            run: () => checkPdfLink(".o_sav_invoice a.o_sav_invoice_pdf"),
        },
    ],
});
