from . import (
    product_template,
    res_company,
    res_config_settings,
    sav_intervention,
    sav_intervention_expense_line,
    sav_intervention_part_line,
    sav_intervention_photo,
    sav_intervention_type,
)
