import { registry } from "@web/core/registry";
import { PropertiesField, propertiesField } from "@web/views/fields/properties/properties_field";

/**
 * The measures of a visit: Odoo's properties field, made safe for quick edits
 * on a slow network.
 *
 * Odoo's field builds each change on the record's current value, but a change
 * only reaches the record once its onchange (the CO alert depends on the
 * measures) has returned. On a phone with a 2 s round trip, a technician who
 * types the CO level and then the flue temperature sends a second value that
 * lacks the CO level, and the CO level is lost. This field builds each change
 * on the last value it sent until the record has applied it.
 *
 * NOTE: each applied change still redraws the measures, which resets a field
 * that is being typed in at that moment to its last sent value (Odoo 19's
 * property inputs do not keep unsent text).
 */
export class SavMeasuresField extends PropertiesField {
    get propertiesList() {
        if (this.pendingValues && this.pendingValues.record === this.props.record) {
            return this.pendingValues.properties.map((property) => ({ ...property }));
        }
        return super.propertiesList;
    }

    onPropertyValueChange(propertyName, propertyValue) {
        const properties = this.propertiesList;
        properties.find((property) => property.name === propertyName).value = propertyValue;
        const pending = { record: this.props.record, properties };
        this.pendingValues = pending;
        const update = this.props.record.update({
            [this.props.name]: properties.map((property) => ({ ...property })),
        });
        // Once the last change is applied (or has failed), the record's value is the latest again.
        update.finally(() => {
            if (this.pendingValues === pending) {
                this.pendingValues = null;
            }
        });
        return update;
    }
}

export const savMeasuresField = {
    ...propertiesField,
    component: SavMeasuresField,
};

registry.category("fields").add("sav_measures", savMeasuresField);
