"""Is the user "online" for pretrained weights? What makes ImageNet weights the form's default.

Decided by asking the weights host itself, through the mirror when one is set: a HEAD request for
one weights file that gets any HTTP answer within PROBE_TIMEOUT_S (a mirror that lacks that one
file, or refuses HEAD, is still there to download from; if the chosen file is missing, Start says
so in one line). Not a general connectivity test (a DNS lookup or a well-known site): a user
behind a firewall that lets only a mirror through is online for this purpose, and one whose
mirror is down is not. Runs on the background pool, never on the GUI thread; until it answers the
form keeps random weights unless the file is cached.
"""
from __future__ import annotations

import logging
import urllib.error
import urllib.request

from core.models.weights_download import configured_mirror, mirror_url

log = logging.getLogger(__name__)
PROBE_TIMEOUT_S = 3.0  # a host that takes longer to answer a HEAD would make a slow download anyway


def weights_reachable(url: str, mirror: str | None = None, timeout_s: float = PROBE_TIMEOUT_S) -> bool:
    """True when the weights host of `url` (or `mirror`, else $GRADLENS_WEIGHTS_MIRROR) answers."""
    chosen = configured_mirror(mirror or None)
    target = mirror_url(url, chosen) if chosen else url
    request = urllib.request.Request(target, method="HEAD", headers={"User-Agent": "GradLens"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s):
            return True
    except urllib.error.HTTPError:  # 404, 405, 403…: the host answered
        return True
    except (OSError, ValueError) as error:  # refused, unresolved, a timeout, a malformed URL
        log.info("weights host not reachable (%s): %s", target, error)
        return False
