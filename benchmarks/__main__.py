"""Entry point: ``python -m benchmarks [--quick] [--only NAME] [--no-numba]``."""
import sys

from .runner import main

sys.exit(main())
