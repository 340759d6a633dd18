"""Ports on 127.0.0.1 where every connection is refused.

A port bound and never listened on refuses connections, and while this process holds it no
test running beside it (xdist workers, their stand-ins) can be given it. A port closed
again right away, the usual trick, may be handed to another test's server at once, and a
crawl meant to meet a dead host then reaches a live one.
"""

from __future__ import annotations

import socket

_held: list[socket.socket] = []  # kept open until the test process exits


def refused_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _held.append(sock)
    return int(sock.getsockname()[1])


def refused_url(path: str = "") -> str:
    """``http://127.0.0.1:<port><path>`` on a :func:`refused_port`."""
    return f"http://127.0.0.1:{refused_port()}{path}"
