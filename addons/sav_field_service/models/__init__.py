from . import product_template
from . import res_company
from . import res_config_settings
from . import sav_intervention_type
from . import sav_intervention_photo
from . import sav_intervention_part_line
from . import sav_intervention_expense_line
from . import sav_intervention
