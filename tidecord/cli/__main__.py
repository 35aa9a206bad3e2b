"""``python -m tidecord.cli``: the same as the ``tidecord`` command."""

import sys

from .main import main

sys.exit(main())
