from . import ir_attachment, res_company, res_config_settings, sav_intervention, sav_request
