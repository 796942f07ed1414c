from . import (
    account_move,
    account_move_line,
    product_pricelist,
    res_company,
    res_config_settings,
    res_partner,
    sav_contract,
    sav_intervention,
)
