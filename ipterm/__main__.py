from __future__ import annotations

import sys

from ipterm.cli import main

sys.exit(main())
