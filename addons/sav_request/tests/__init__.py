from . import test_access
from . import test_mail_gateway
from . import test_performance
from . import test_sav_contract
from . import test_sav_equipment
from . import test_sav_intervention
from . import test_sav_request
from . import test_sav_request_menu
