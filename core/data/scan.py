"""Find the images in a folder, and read true labels from labelled folders.

A folder is *labelled* when its immediate subfolders are named after the model's classes; the
true class of an image is the name of that subfolder, never a substring of its path. Scanning
looks at names only (no decoding), so 100k files take a moment, not minutes.
"""
import logging
import os
import stat
from pathlib import Path, PurePath

from natsort import natsort_keygen, ns

log = logging.getLogger(__name__)

IMAGE_EXTENSIONS: frozenset[str] = frozenset({
    ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".bmp", ".dib", ".gif", ".tif", ".tiff", ".webp",
    ".ppm", ".pgm", ".pbm", ".pnm", ".tga", ".ico",
})
_JUNK_NAMES = frozenset({"thumbs.db", ".ds_store", "desktop.ini"})
# Names are sorted within each folder ("img2" < "img10", folder "2" < "10"), which is cheaper
# than ns.PATH on whole relative paths; IGNORECASE sorts like file browsers do.
_natural_key = natsort_keygen(alg=ns.IGNORECASE)


def is_image_name(path) -> bool:
    """True for a visible file name with an image extension (case-insensitive)."""
    name = os.path.basename(os.fspath(path))
    if name.startswith(".") or name.lower() in _JUNK_NAMES:
        return False
    return os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS


def scan_images(root, exclude=()) -> list[Path]:
    """All images under ``root``, recursively, in natural order.

    Paths are ``Path(root)`` joined with each file's relative path, so they are absolute exactly
    when ``root`` is. A file given as ``root`` is returned alone (whatever its extension: the user
    named it, and decoding will say if it is not an image). Hidden files and folders are skipped;
    folder symlinks are followed, but each real folder is visited once, so loops end. Image links
    whose target is missing are returned too (reading them reports the broken link). Folders in
    ``exclude`` (e.g. an output folder inside the input) are skipped with their subtrees.
    """
    root = Path(root)
    if not root.exists():
        if root.is_symlink():
            raise FileNotFoundError(f"input folder or file not found: {root} is a broken link "
                                    f"(target {os.readlink(root)} does not exist)")
        raise FileNotFoundError(f"input folder or file not found: {root}")
    if not root.is_dir():
        return [root]
    skip = {_identity(d) for d in exclude if os.path.isdir(d)}
    seen: set = set()
    found: list[Path] = []
    # Depth-first with a stack of iterators, not recursion: deep trees cannot hit the recursion
    # limit, and each folder is sorted on its own, so the order is natural folder by folder.
    stack = [iter(_listing(root, seen, skip))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry[1]:
            stack.append(iter(_listing(entry[0], seen, skip)))
        else:
            found.append(entry[0])
    return found


def _listing(folder: Path, seen: set, skip: set) -> list[tuple[Path, bool]]:
    """Visible images and subfolders of ``folder`` as (path, is_dir), in natural name order."""
    ident = _identity(folder)
    if ident in seen or ident in skip:
        return []
    seen.add(ident)
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as e:
        log.warning("skipping unreadable folder %s: %s", folder, e.strerror or e)
        return []
    kept = []
    for entry in entries:
        if entry.name.startswith(".") or _hidden_on_windows(entry):
            continue
        try:
            if entry.is_dir():  # follows symlinks; loops are cut by `seen`
                kept.append((entry.name, True))
            elif is_image_name(entry.name) and (entry.is_file() or entry.is_symlink()):
                # A link whose target is gone is listed like any unreadable file: decoding says
                # "broken link", where skipping it would make an image vanish from the results.
                kept.append((entry.name, False))
        except OSError as e:
            if entry.is_symlink() and is_image_name(entry.name):  # a link that loops back on itself
                kept.append((entry.name, False))
            else:  # e.g. a symlink we may not stat
                log.warning("skipping %s: %s", entry.path, e.strerror or e)
    kept.sort()  # deterministic tie-break for names equal but for case
    kept.sort(key=lambda item: _natural_key(item[0]))
    return [(folder / name, is_dir) for name, is_dir in kept]


def true_class(root, path, class_names) -> str | None:
    """Class named by the immediate subfolder of ``root`` holding ``path``, else None.

    An exact name match wins; otherwise a case-insensitive match that is unique, returned as
    spelled in ``class_names`` so it compares equal to predicted classes. Images directly in
    ``root``, and folders that only contain a class name ("mycat"), have no true class.
    """
    try:
        rel = PurePath(path).relative_to(root)
    except ValueError:
        try:
            rel = PurePath(os.path.abspath(path)).relative_to(os.path.abspath(root))
        except ValueError:
            return None
    if len(rel.parts) < 2:
        return None
    return _match_class(rel.parts[0], class_names)


def is_labelled(root, class_names) -> bool:
    """True when at least one immediate subfolder of ``root`` is named after a class."""
    if not os.path.isdir(root):
        return False
    try:
        with os.scandir(root) as it:
            return any(not e.name.startswith(".") and _is_dir(e)
                       and _match_class(e.name, class_names) is not None for e in it)
    except OSError as e:
        log.warning("cannot list %s: %s", root, e.strerror or e)
        return False


def _match_class(name: str, class_names) -> str | None:
    names = list(class_names)
    if name in names:
        return name
    folded = [c for c in names if c.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def _identity(folder):
    """What makes two folder paths the same folder, symlinks and '..' included."""
    try:
        st = os.stat(folder)
        if st.st_ino:  # some network/FAT file systems report 0
            return (st.st_dev, st.st_ino)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(folder))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _hidden_on_windows(entry: os.DirEntry) -> bool:
    if os.name != "nt":
        return False
    try:  # free on Windows: scandir already fetched the attributes
        return bool(entry.stat().st_file_attributes & stat.FILE_ATTRIBUTE_HIDDEN)
    except OSError:
        return False
