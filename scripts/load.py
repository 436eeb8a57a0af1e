"""Load articles into a datasette-sources database: ``python scripts/load.py DB PATH...``.

The same command as ``datasette-sources load DB PATH...`` (same options, output
and exit status); run ``python scripts/load.py --help`` for them.
"""

import sys
from pathlib import Path

# Let the script run from a checkout where the package is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datasette_sources.cli import load_command

if __name__ == "__main__":
    load_command.main(args=sys.argv[1:], prog_name="load.py")
