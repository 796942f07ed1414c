from . import res_company, res_partner, sav_contract, sav_equipment, sav_intervention, sav_request
