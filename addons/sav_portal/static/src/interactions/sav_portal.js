import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { PortalHomeCounters } from "@portal/interactions/portal_home_counters";

/**
 * Keeps the after-sales card on the portal home when the customer has no request yet,
 * because the portal hides cards whose counter is 0 and the card leads to the request form.
 */
patch(PortalHomeCounters.prototype, {
    getCountersAlwaysDisplayed() {
        return super.getCountersAlwaysDisplayed(...arguments).concat(["sav_request_count"]);
    },
});

/** Submits a filter form as soon as one of its selects changes. */
export class SavAutoSubmit extends Interaction {
    static selector = ".o_sav_autosubmit";
    dynamicContent = {
        _root: { "t-on-change": this.onChange },
    };

    onChange() {
        this.el.form.submit();
    }
}

/** Draws a chart of the key figures page with the Chart.js that Odoo ships. */
export class SavChart extends Interaction {
    static selector = ".o_sav_chart";

    async willStart() {
        await loadBundle("web.chartjs_lib");
    }

    start() {
        const data = JSON.parse(this.el.dataset.chart);
        const horizontal = Boolean(data.horizontal);
        const config = {
            type: data.type,
            data: { labels: data.labels, datasets: data.datasets },
            options: {
                maintainAspectRatio: false,
                animation: false,
                indexAxis: horizontal ? "y" : "x",
                plugins: { legend: { display: data.type === "doughnut" } },
            },
        };
        if (data.type !== "doughnut") {
            const valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
            config.options.scales = horizontal ? { x: valueAxis } : { y: valueAxis };
        }
        this.chart = new window.Chart(this.el.querySelector("canvas"), config);
        this.el.classList.add("o_sav_chart_ready");
        this.registerCleanup(() => this.chart.destroy());
    }
}

/** Request form: lists the equipment of the chosen site and checks the files early. */
export class SavRequestForm extends Interaction {
    static selector = ".o_sav_request_form";
    dynamicContent = {
        "select[name='site_id']": { "t-on-change": this.filterEquipment },
        "input[name='attachments']": { "t-on-change.withTarget": this.checkFiles },
    };

    start() {
        this.filterEquipment();
    }

    filterEquipment() {
        const siteSelect = this.el.querySelector("select[name='site_id']");
        const equipmentSelect = this.el.querySelector("select[name='equipment_id']");
        if (!siteSelect || !equipmentSelect) {
            return;
        }
        for (const option of equipmentSelect.options) {
            if (!option.dataset.siteId) {
                continue;
            }
            const visible = option.dataset.siteId === siteSelect.value;
            option.hidden = !visible;
            option.disabled = !visible;
            if (!visible && option.selected) {
                equipmentSelect.value = "";
            }
        }
    }

    checkFiles(ev, input) {
        const maxBytes = parseInt(input.dataset.maxBytes);
        const maxFiles = parseInt(input.dataset.maxFiles);
        let message = "";
        if (input.files.length > maxFiles) {
            message = _t("Send at most %(max)s files.", { max: maxFiles });
        }
        for (const file of input.files) {
            if (file.size > maxBytes) {
                message = _t("The file %(file)s is over %(max)s MB.", {
                    file: file.name,
                    max: Math.round(maxBytes / 1024 / 1024),
                });
            }
        }
        input.setCustomValidity(message);
        input.classList.toggle("is-invalid", Boolean(message));
        if (message) {
            input.reportValidity();
        }
    }
}

registry.category("public.interactions").add("sav_portal.auto_submit", SavAutoSubmit);
registry.category("public.interactions").add("sav_portal.chart", SavChart);
registry.category("public.interactions").add("sav_portal.request_form", SavRequestForm);
