from . import sav_intervention_close, sav_intervention_reopen, sav_intervention_sign
