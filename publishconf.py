"""Settings for publishing on the county portal: `pelican content -s publishconf.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: F403

SITEURL = "https://www.example.gov.cn/gxj/zfgs"
# The portal's web server serves index.html for directory URLs: use the shorter links.
DISCLOSURE_DIRECTORY_LINKS = True
