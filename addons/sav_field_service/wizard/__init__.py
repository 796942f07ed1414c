from . import sav_intervention_sign
from . import sav_intervention_close
from . import sav_intervention_reopen
