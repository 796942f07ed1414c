from . import product_pricelist, sav_contract
