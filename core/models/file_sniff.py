"""What a file that failed to load as weights really is, found without running anything in it.

torch's weights-only loader says "Unsupported operand 149" for a pickle with code in it, and
"KeyError: 101" for a text file. To tell the user plainly what they have, this reads the file's
first bytes and walks its pickle opcodes with `pickletools.genops`, which only decodes them:
nothing is imported and nothing is called.
"""
from __future__ import annotations

import _compat_pickle
import io
import pickletools
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

# Globals a weights file legitimately names (torch rebuilds tensors through these).
_DATA_MODULES = ("torch._utils", "torch", "collections", "torch.serialization", "_codecs", "numpy", "__builtin__",
                 "builtins", "copyreg", "torch._tensor")
_DATA_NAMES = {"set", "frozenset", "dict", "list", "tuple", "int", "float", "str", "bytes", "bytearray", "slice",
               "complex", "bool", "OrderedDict", "defaultdict", "encode", "_reconstructor", "object"}
# Calls that no model needs while being opened: the file wants to run commands, code or I/O. Beyond these,
# anything else of Python's standard library counts as harmful unless _STDLIB_DATA names it: a list of the
# bad ones alone missed subprocess under its Python 2 name (commands.call), and timeit, pydoc, operator …
_HARMFUL = ("os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "runpy", "importlib", "pty",
            "webbrowser", "ctypes", "marshal", "pickle", "code", "codeop", "multiprocessing", "urllib",
            "http", "requests", "asyncio", "signal", "platform", "builtins.eval", "builtins.exec",
            "builtins.compile", "builtins.open", "builtins.__import__", "builtins.getattr", "builtins.setattr",
            "__builtin__.eval", "__builtin__.exec", "__builtin__.compile", "__builtin__.open",
            "__builtin__.__import__", "__builtin__.getattr", "__builtin__.apply")

# Known ways to run code in the libraries a model file uses (not a complete list: --trust-pickle trusts the author).
_HARMFUL_LIBRARY = ("numpy.testing", "numpy.f2py", "numpy.distutils", "numpy.load", "numpy.lib.npyio", "torch.hub",
                    "torch.utils.cpp_extension", "torch.package", "torch.jit", "torch.load", "torch.serialization.load",
                    "torch._C._jit", "torch.ops", "torch.compile")
# The standard library's globals a pickled model or checkpoint legitimately holds: containers, paths, dates,
# the training script's argparse.Namespace, functools.partial (torchvision's norm layers), enums, regexes.
_STDLIB_DATA = ("collections.", "copyreg._reconstructor", "copyreg.__newobj__", "copyreg.__newobj_ex__",
                "_codecs.encode", "argparse.Namespace", "pathlib.", "datetime.", "enum.", "functools.partial",
                "re._compile", "types.SimpleNamespace", "decimal.Decimal", "fractions.Fraction", "uuid.UUID",
                "math.", "numbers.", "typing.", "abc.ABCMeta", "_collections_abc.", "copy._reconstruct",
                "array.array", "array._array_reconstructor")

NESTED_DEPTH = 2  # pickles inside pickles walked this deep

_MAGIC = [(b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"BM", "a BMP image"), (b"%PDF", "a PDF document"), (b"\x1f\x8b", "a gzip archive"),
          (b"\x89HDF", "an HDF5 (Keras) file"), (b"RIFF", "a RIFF (WebP/WAV) file")]


@dataclass
class Sniffed:
    kind: str  # "archive" (torch zip), "pickle", "damaged", "text", "other"
    description: str = ""  # e.g. "a JPEG image", "text starting 'hello'"
    globals: list[str] = field(default_factory=list)  # "module.name" the pickle would import

    @property
    def harmful(self) -> list[str]:
        return [g for g in self.globals if _harmful(g)]

    @property
    def code(self) -> list[str]:
        """Classes and functions the pickle would import beyond plain data and tensors."""
        return [g for g in self.globals if not _is_data(g)]


def sniff(path) -> Sniffed:
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(64)
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.endswith("data.pkl")]
                if not names:
                    return Sniffed("other", "a zip archive that is not a PyTorch file")
                return Sniffed("archive", "a PyTorch archive", _pickle_globals(archive.read(names[0])))
        except (zipfile.BadZipFile, OSError, KeyError, EOFError):
            return Sniffed("damaged", "a damaged zip archive")
    if head.startswith(b"PK\x03\x04"):  # a zip whose directory at the end is gone: cut short
        return Sniffed("damaged", "a PyTorch archive cut short")
    if head[:1] == b"\x80":  # pickle protocol 2+ (torch's legacy format is several pickles in a row)
        # Walked to its end, not its first 64 MB: a protocol-2 pickle stores a ResNet-18's weights in ~80 MB, and
        # a call placed after them went unseen.
        with path.open("rb") as handle:
            return Sniffed("pickle", "a pickle", _pickle_globals(handle, several=True))
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return Sniffed("other", what)
    if head[8:10] == b'{"':  # an 8-byte header length, then the JSON header
        return Sniffed("other", "a safetensors file")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return Sniffed("other", "")
    if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        first = text.strip().splitlines()[0][:40] if text.strip() else ""
        return Sniffed("text", f"text starting {first!r}" if first else "text")
    return Sniffed("other", "")


def _pickle_globals(data: bytes | BinaryIO, several: bool = False, depth: int = 0) -> list[str]:
    """The globals of the pickle in `data` (bytes or a file opened for reading), or of up to 8 in a row;
    `depth`: how deep inside other pickles this one lies."""
    found: list[str] = []
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    for _ in range(8 if several else 1):
        position = stream.tell()
        if not stream.read(1):
            break
        stream.seek(position)
        try:
            _globals_of_one(stream, found, depth)
        except Exception:  # the end of the pickles (legacy files continue with raw tensor bytes), or a cut file
            break
    return list(dict.fromkeys(found))


def _globals_of_one(stream, names: list[str], depth: int = 0) -> list[str]:
    """Adds the globals of the pickle at `stream`'s position to `names` as found, so that those before a
    damaged part are kept. A pickle held as bytes inside it (how pickle.dump stores a tensor's storage, which
    torch.storage._load_from_bytes unpickles when the file is opened) is walked too."""
    memo, strings = {}, []
    last, protocol = None, 0
    for opcode, arg, _ in pickletools.genops(stream):
        name = opcode.name
        if name == "PROTO":
            protocol = arg
        if depth < NESTED_DEPTH and isinstance(arg, (bytes, str)) and len(arg) > 2 and arg[:1] in (b"\x80", "\x80"):
            nested = arg if isinstance(arg, bytes) else arg.encode("latin-1", "replace")  # protocol 2's bytes
            names += _pickle_globals(nested, several=True, depth=depth + 1)
        if name in ("GLOBAL", "INST"):
            module, _, attr = str(arg).partition(" ")
            names.append(_python3_name(module, attr, protocol))
        elif name == "STACK_GLOBAL" and len(strings) >= 2:
            names.append(_python3_name(strings[-2], strings[-1], protocol))
        if isinstance(arg, str) and name.endswith("UNICODE") or name in ("STRING", "BINSTRING", "SHORT_BINSTRING"):
            last = arg
            strings.append(arg)
        elif name in ("BINGET", "LONG_BINGET", "GET"):
            last = memo.get(arg)
            if isinstance(last, str):
                strings.append(last)
        elif name in ("BINPUT", "LONG_BINPUT", "PUT"):
            memo[arg] = last
        elif name == "MEMOIZE":
            memo[len(memo)] = last
        else:
            last = None
    return names


def _harmful(name: str) -> bool:
    if any(name == h or name.startswith(h + ".") for h in _HARMFUL + _HARMFUL_LIBRARY):
        return True
    if _is_data(name):
        return False
    root = name.partition(".")[0]
    standard = root in sys.stdlib_module_names or root == "__builtin__"
    return standard and not any(name.startswith(allowed) if allowed.endswith(".") else name == allowed
                                for allowed in _STDLIB_DATA)


def _python3_name(module: str, attr: str, protocol: int) -> str:
    """The global Python 3 imports for a protocol 0-2 pickle's (module, name), as pickle's fix_imports does:
    "commands.call" is subprocess.call, "__builtin__.eval" builtins.eval."""
    if protocol < 3:
        module, attr = _compat_pickle.NAME_MAPPING.get((module, attr), (module, attr))
        module = _compat_pickle.IMPORT_MAPPING.get(module, module)
    return f"{module}.{attr}"


def _is_data(name: str) -> bool:
    module, _, attr = name.rpartition(".")
    if module.startswith("torch") and (attr.endswith("Storage") or attr.startswith("_rebuild") or attr in
                                       ("Size", "device", "dtype", "float32", "Tensor")) or "Storage" in attr:
        return True
    return module in _DATA_MODULES and attr in _DATA_NAMES or name.startswith("torch._utils._rebuild")
