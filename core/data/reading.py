"""Reading many image files at once: how many threads are worth it, and an ordered threaded map.

Shared by the dataset audit (which reads and decodes every file once) and the in-memory cache of
`ImageDataset.preload`; both decode with `core.data.decode.load_rgb`, which releases the GIL for
large images only.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

SMALL_FILE_BYTES = 64 * 1024  # median file size below which one reading thread is fastest


def reading_threads(paths, most: int = 4) -> int:
    """How many threads are worth reading and decoding these files with.

    Decoders release the GIL, so large images decode in parallel. For small files the time goes
    to PIL's Python code, where threads only contend for the GIL: Fashion-MNIST's 28×28 PNGs took
    5.2 s per 20,000 on one thread and 9.2 s on four (2 cores). Judged by the median size of a
    sample of the files.
    """
    sizes = []
    for path in paths[::max(1, len(paths) // 32)]:
        try:
            sizes.append(os.path.getsize(path))
        except OSError:
            pass
    if not sizes or sorted(sizes)[len(sizes) // 2] < SMALL_FILE_BYTES:
        return 1
    return max(1, min(most, os.cpu_count() or 1))


def map_in_threads(function, items, threads: int, chunk: int = 64):
    """``map(function, items)`` in order, on ``threads`` threads; chunked, because a future per
    item costs about as much as reading a small image."""
    if threads <= 1:
        yield from map(function, items)
        return
    chunks = [items[start:start + chunk] for start in range(0, len(items), chunk)]
    with ThreadPoolExecutor(threads) as pool:
        try:
            for results in pool.map(lambda part: [function(item) for item in part], chunks):
                yield from results
        finally:  # a caller that stops early (a Stop while the audit reads) waits for no chunk not yet begun
            pool.shutdown(wait=False, cancel_futures=True)
