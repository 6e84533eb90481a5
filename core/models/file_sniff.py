"""What a file that failed to load as weights really is, found without running anything in it.

torch's weights-only loader says "Unsupported operand 149" for a pickle with code in it, and
"KeyError: 101" for a text file. To tell the user plainly what they have, this reads the file's
first bytes and walks its pickle opcodes with `pickletools.genops`, which only decodes them:
nothing is imported and nothing is called.
"""
from __future__ import annotations

import io
import pickletools
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# Globals a weights file legitimately names (torch rebuilds tensors through these).
_DATA_MODULES = ("torch._utils", "torch", "collections", "torch.serialization", "_codecs", "numpy", "__builtin__",
                 "builtins", "copyreg", "torch._tensor")
_DATA_NAMES = {"set", "frozenset", "dict", "list", "tuple", "int", "float", "str", "bytes", "bytearray", "slice",
               "complex", "bool", "OrderedDict", "defaultdict", "encode", "_reconstructor", "object"}
# Calls that no model needs while being opened: the file wants to run commands, code or I/O.
_HARMFUL = ("os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "runpy", "importlib", "pty",
            "webbrowser", "ctypes", "marshal", "pickle", "code", "codeop", "multiprocessing", "urllib",
            "http", "requests", "asyncio", "signal", "platform", "builtins.eval", "builtins.exec",
            "builtins.compile", "builtins.open", "builtins.__import__", "builtins.getattr", "builtins.setattr",
            "__builtin__.eval", "__builtin__.exec", "__builtin__.compile", "__builtin__.open",
            "__builtin__.__import__", "__builtin__.getattr", "__builtin__.apply")

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
        return [g for g in self.globals if any(g == h or g.startswith(h + ".") for h in _HARMFUL)]

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
        with path.open("rb") as handle:
            data = handle.read(64 * 1024 * 1024)
        return Sniffed("pickle", "a pickle", _pickle_globals(data, several=True))
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


def _pickle_globals(data: bytes, several: bool = False) -> list[str]:
    found: list[str] = []
    stream = io.BytesIO(data)
    for _ in range(8 if several else 1):
        if stream.tell() >= len(data):
            break
        try:
            found += _globals_of_one(stream)
        except Exception:  # the end of the pickles (legacy files continue with raw tensor bytes)
            break
    return list(dict.fromkeys(found))


def _globals_of_one(stream) -> list[str]:
    names, memo, strings = [], {}, []
    last = None
    for opcode, arg, _ in pickletools.genops(stream):
        name = opcode.name
        if name in ("GLOBAL", "INST"):
            module, _, attr = str(arg).partition(" ")
            names.append(f"{module}.{attr}")
        elif name == "STACK_GLOBAL" and len(strings) >= 2:
            names.append(f"{strings[-2]}.{strings[-1]}")
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


def _is_data(name: str) -> bool:
    module, _, attr = name.rpartition(".")
    if module.startswith("torch") and (attr.endswith("Storage") or attr.startswith("_rebuild") or attr in
                                       ("Size", "device", "dtype", "float32", "Tensor")) or "Storage" in attr:
        return True
    return module in _DATA_MODULES and attr in _DATA_NAMES or name.startswith("torch._utils._rebuild")
