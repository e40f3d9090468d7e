"""Built-in recognizers. Importing this package registers them (see :mod:`pntd_extract.registry`).

Each module owns some record fields:

* ``numeric``  -> money, percentages, quantities, dates (character level)
* ``entities`` -> people, organizations, locations, roles
* ``programmes`` -> programmes (and figure -> programme links)
* ``checks``   -> checks
"""
import importlib

for _name in ("numeric", "entities", "programmes", "checks"):
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:  # a dimension not built yet
        if _exc.name != f"{__name__}.{_name}":
            raise
