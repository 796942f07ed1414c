import { registry } from "@web/core/registry";
import { ImageField, imageField } from "@web/views/fields/image/image_field";

/**
 * Resolve to whether the browser can decode the picture: false for a HEIC photo outside Safari.
 */
function canShowImage({ data, type }) {
    return new Promise((resolve) => {
        const image = new Image();
        image.addEventListener("load", () => resolve(image.naturalWidth > 0));
        image.addEventListener("error", () => resolve(false));
        image.src = `data:${type || "image/png"};base64,${data}`;
    });
}

/**
 * The picture of a visit photo. A photo the browser cannot show (an iPhone's HEIC
 * photo in Chrome or Firefox) is converted by the server as soon as it is chosen,
 * so the technician sees it upright before saving instead of an empty frame.
 */
export class SavPhotoField extends ImageField {
    async onFileUploaded(info) {
        if (!(await canShowImage(info))) {
            const data = await this.orm.call("sav.intervention.photo", "normalize_image", [
                info.data,
                info.name,
            ]);
            info = { ...info, data, type: data.startsWith("/9j/") ? "image/jpeg" : "image/png" };
        }
        return super.onFileUploaded(info);
    }
}

export const savPhotoField = {
    ...imageField,
    component: SavPhotoField,
};

registry.category("fields").add("sav_photo", savPhotoField);
