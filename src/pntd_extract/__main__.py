"""``python -m pntd_extract`` = the ``pntd-extract`` command."""
from .cli import main

main()
