"""Allow ``python -m dept_analysis``."""

from .cli import main

main()
