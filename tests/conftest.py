from __future__ import annotations

import sys
from pathlib import Path

# The factories module lives beside the tests; make it importable as `factories`.
sys.path.insert(0, str(Path(__file__).parent))
