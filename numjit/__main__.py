"""`python -m numjit -s`: system information (numjit/sysinfo.py)."""
import sys

from .sysinfo import main

if __name__ == "__main__":
    sys.exit(main())
