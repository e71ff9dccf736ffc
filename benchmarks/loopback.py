"""Servers on loopback for the benchmarks: a free port, waiting for a server to listen, and the status of
a plain HTTP/1.1 response read off an asyncio stream (the load shares the servers' cores: it must cost little)."""
import asyncio
import socket
import time

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on port {port}")


async def response_status(reader: asyncio.StreamReader) -> int:
    """The status of the next response, its body read and dropped (our servers always send a length)."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
    length = int(head.split("content-length:", 1)[1].split("\r\n", 1)[0])
    await reader.readexactly(length)
    return int(head.split(" ", 2)[1])
