"""What `export.py` does once its arguments are parsed: load, export, check, say so.

Exit codes: 0 when the export was written and checked; 1 when the model cannot be exported, its
export does not compute what the model does (nothing is written then) or the file cannot be
written; 2 for a problem before any of that (bad model file, --out exists, unusable
--check-images). Every failure is one line on stderr, never a traceback.
"""
from __future__ import annotations

import sys

from core.cli.model_options import load_for_cli
from core.models.export import ExportError, export_model
from core.models.export_check import CheckInputError
from core.models.modelfile import ModelFileError
from core.models.pretrained import PretrainedUnavailable


def run_cli(args) -> int:
    try:
        loaded = load_for_cli(args)
    except (ModelFileError, PretrainedUnavailable, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        result = export_model(loaded, args.format, args.out, overwrite=args.overwrite, check_images=args.check_images)
    except (FileExistsError, CheckInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(result.written_line())
    print(result.check.line())
    return 0
