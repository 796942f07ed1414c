import { Component } from "@odoo/owl";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { STATIC_ACTIONS_GROUP_NUMBER } from "@web/search/action_menus/action_menus";

/**
 * "Import Customers and Sites" in the gear menu of contact lists and kanbans,
 * next to Odoo's generic "Import records", for the after-sales back office.
 */
export class PartnerImportCogMenu extends Component {
    static template = "sav_request.PartnerImportCogMenu";
    static components = { DropdownItem };
    static props = {};

    setup() {
        this.action = useService("action");
    }

    openImport() {
        this.action.doAction("sav_request.sav_partner_import_action");
    }
}

export const partnerImportCogMenuItem = {
    Component: PartnerImportCogMenu,
    groupNumber: STATIC_ACTIONS_GROUP_NUMBER,
    isDisplayed: async ({ config, isSmall, searchModel }) =>
        !isSmall &&
        searchModel.resModel === "res.partner" &&
        config.actionType === "ir.actions.act_window" &&
        ["kanban", "list"].includes(config.viewType) &&
        (await user.hasGroup("sav_request.sav_request_group_dispatcher")),
};

registry.category("cogMenu").add("sav-partner-import-menu", partnerImportCogMenuItem, {
    sequence: 2,
});
