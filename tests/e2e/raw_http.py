"""One HTTP/1.1 request written byte for byte: repeated or empty headers exactly as given, which
urllib and http.client would merge, reorder or refuse."""

from __future__ import annotations

import contextlib
import socket


def send_raw(port: int, path: str, headers: list[tuple[str, str]], body: bytes) -> tuple[int, bytes]:
    """POSTs `body` to 127.0.0.1:`port` with these header lines, in this order: the answer's status
    and body."""
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{name}: {value}" for name, value in headers]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        # The server may answer and close before it has read the whole body.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]
