from . import res_company
from . import res_partner
from . import sav_contract
from . import sav_equipment
from . import sav_request
from . import sav_intervention
