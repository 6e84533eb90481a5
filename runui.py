"""GradLens desktop application: classify folders of images and see a Grad-CAM heatmap for each.

    python runui.py [--model FILE] [--folder DIR] [--lang zh_CN] [--theme dark]
"""
from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file to load (default: the last one, else the bundled demo)")
    parser.add_argument("--folder", help="image folder or image to open (default: the last one, else the demo)")
    parser.add_argument("--lang", help="interface language, e.g. en or zh_CN (default: the system's)")
    parser.add_argument("--theme", choices=("light", "dark", "auto"),
                        help="colours for this launch (default: View → Theme's choice, else the system's)")
    args = parser.parse_args(argv)
    from app.main import run
    return run(args.model, args.folder, args.lang, args.theme)


if __name__ == "__main__":
    sys.exit(main())
