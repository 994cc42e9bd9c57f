"""``python -m graphlib_conflict.cli``."""

import sys

from graphlib_conflict.cli import main

sys.exit(main())
