"""Build the explainer site: python build.py --help."""

import sys
from pathlib import Path

from explainer.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent, prog="python build.py"))
