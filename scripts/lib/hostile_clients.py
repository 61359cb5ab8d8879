#!/usr/bin/env python3
"""Hostile clients against a running portal-server, and normal clients measured meanwhile.

Used by scripts/bench-hostile (see there). Phases, each --seconds long, one after another:
  baseline     normal clients only
  slowloris    --slow connections sending their headers a byte every 2 s (from one address,
               then from 250)
  big-headers  connections sending header lines without end, at full speed
  big-bodies   connections posting 20 MiB bodies (the limit is 1 MiB; attachments 10 MiB)
  deep-json    connections posting 1 MiB of '[' to a JSON route
Normal clients: --normal keep-alive connections, each signed in, each asking for an account's
room list in a loop. Per phase: their requests/s, p50/p99/max latency, failed requests, and
the server's resident memory (VmRSS sampled every 50 ms: its peak), and how many hostile
connections the server ended.
"""
import argparse
import asyncio
import json
import multiprocessing
import resource
import statistics
import time

HOST = "127.0.0.1"
# Loopback has all of 127/8: normal clients come from one address, attackers from another (one
# source) or from many (a distributed attack, which per-address limits cannot stop).
NORMAL_SOURCE = "127.0.0.2"


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def read_response(reader):
    """One HTTP/1.1 response (Content-Length bodies only); returns (status, headers, body)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = int(headers.get("content-length", ["0"])[0])
    body = await reader.readexactly(length) if length else b""
    return status, headers, body


async def sign_in(port, email, password):
    reader, writer = await asyncio.open_connection(HOST, port)
    body = json.dumps({"email": email, "password": password}).encode()
    writer.write(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: portal\r\n"
                 b"Content-Type: application/json\r\nX-Requested-With: portal\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    await writer.drain()
    status, headers, _ = await read_response(reader)
    writer.close()
    if status != 200:
        raise SystemExit(f"sign-in answered {status}")
    return headers["set-cookie"][0].split(";")[0]


async def first_account(port, cookie):
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(b"GET /api/v1/me HTTP/1.1\r\nHost: portal\r\nCookie: " + cookie.encode() +
                 b"\r\n\r\n")
    await writer.drain()
    _, _, body = await read_response(reader)
    writer.close()
    return json.loads(body)["memberships"][0]["accountId"]


class Normal:
    def __init__(self):
        self.latencies = []
        self.failures = 0


async def normal_client(port, path, cookie, until, stats):
    request = (f"GET {path} HTTP/1.1\r\nHost: portal\r\nCookie: {cookie}\r\n\r\n").encode()
    reader = writer = None
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(HOST, port, local_addr=(NORMAL_SOURCE, 0)), 10)
            writer.write(request)
            await writer.drain()
            status, headers, _ = await asyncio.wait_for(read_response(reader), 10)
            if status != 200:
                stats.failures += 1
            stats.latencies.append(time.monotonic() - started)
            if headers.get("connection", [""])[0].lower() == "close":
                writer.close()
                writer = None
        except (OSError, ConnectionError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            stats.failures += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


class Hostile:
    def __init__(self):
        self.ended = 0  # connections the server closed on us


async def keep_hostile(make, count, until, hostile, sources):
    async def one(k):
        source = sources[k % len(sources)]
        while time.monotonic() < until:
            try:
                reader, writer = await asyncio.open_connection(HOST, port_of_server,
                                                               local_addr=(source, 0))
            except OSError:
                await asyncio.sleep(0.05)
                continue
            try:
                await asyncio.wait_for(make(reader, writer, until),
                                       max(0.1, until - time.monotonic()))
            except (OSError, ConnectionError, asyncio.IncompleteReadError):
                pass
            except asyncio.TimeoutError:
                break  # the phase is over
            if time.monotonic() < until:
                hostile.ended += 1
            writer.close()
    await asyncio.gather(*(one(k) for k in range(count)))


async def slowloris(reader, writer, until):
    writer.write(b"GET /api/v1/health HTTP/1.1\r\nHost: portal\r\nX-Slow: ")
    await writer.drain()
    while time.monotonic() < until:
        await asyncio.sleep(2)
        if reader.at_eof():
            raise ConnectionError("ended")
        writer.write(b"s")
        await writer.drain()


async def big_headers(reader, writer, until):
    writer.write(b"GET /api/v1/health HTTP/1.1\r\nHost: portal\r\n")
    line = b"X-Filler: " + b"f" * 1000 + b"\r\n"
    while time.monotonic() < until:
        writer.write(line * 64)
        await writer.drain()


async def posting(path, size, chunk, reader, writer, until):
    writer.write(f"POST {path} HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\n"
                 f"X-Requested-With: portal\r\nContent-Length: {size}\r\n\r\n".encode())
    sent = 0
    while sent < size and time.monotonic() < until:
        piece = chunk[: size - sent]
        writer.write(piece)
        await writer.drain()
        sent += len(piece)
    await asyncio.wait_for(read_response(reader), 10)


async def big_bodies(reader, writer, until):
    await posting("/api/v1/auth/login", 20 << 20, b"x" * 65536, reader, writer, until)


async def deep_json(reader, writer, until):
    await posting("/api/v1/auth/login", 1 << 20, b"[" * 65536, reader, writer, until)


port_of_server = 0


def run_attack(attack, count, until, port, sources, results):
    global port_of_server
    port_of_server = port
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    hostile = Hostile()
    asyncio.run(keep_hostile(attack, count, until, hostile, sources))
    results.put(hostile.ended)


async def phase(name, args, path, cookie, attack=None, count=0, sources=("127.0.0.1",)):
    stats = Normal()
    hostile = Hostile()
    until = time.monotonic() + args.seconds
    peak = [rss_mib(args.pid)]

    async def sample():
        while time.monotonic() < until:
            peak[0] = max(peak[0], rss_mib(args.pid))
            await asyncio.sleep(0.05)

    attacker = None
    spawn = multiprocessing.get_context("spawn")  # not a fork of a running event loop
    results = spawn.Queue()
    if attack:
        # Its own process: the attack's work must not slow the normal clients' event loop.
        attacker = spawn.Process(target=run_attack,
                                 args=(attack, count, until, args.port, sources, results))
        attacker.start()
        await asyncio.sleep(min(3, args.seconds / 4))  # let the attack build up first
    tasks = [sample()]
    tasks += [normal_client(args.port, path, cookie, until, stats) for _ in range(args.normal)]
    await asyncio.gather(*tasks)
    if attacker:
        hostile.ended = results.get(timeout=30)
        attacker.join()
    lat = sorted(stats.latencies) or [0]
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    measured = args.seconds - (min(3, args.seconds / 4) if attack else 0)
    row = {
        "phase": name, "hostile": count, "normal_rps": len(stats.latencies) / measured,
        "p50_ms": statistics.median(lat) * 1000, "p99_ms": p99 * 1000, "max_ms": lat[-1] * 1000,
        "failed": stats.failures, "rss_peak_mib": peak[0], "ended": hostile.ended,
    }
    print(f"{name:24} hostile {count:5}  normal {row['normal_rps']:8.0f} req/s  "
          f"p50 {row['p50_ms']:6.2f} ms  p99 {row['p99_ms']:7.2f} ms  max {row['max_ms']:7.1f} ms"
          f"  failed {stats.failures:4}  server RSS peak {peak[0]:6.1f} MiB  "
          f"hostile connections ended {hostile.ended}", flush=True)
    return row


async def main():
    global port_of_server
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--normal", type=int, default=4)
    parser.add_argument("--slow", type=int, default=1000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    port_of_server = args.port
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    cookie = await sign_in(args.port, "anne.martin@northwind.example", "northwind-admin")
    account = await first_account(args.port, cookie)
    path = f"/api/v1/accounts/{account}/rooms"
    rows = [await phase("baseline", args, path, cookie)]
    rows.append(await phase("slowloris", args, path, cookie, slowloris, args.slow))
    many = tuple(f"127.1.{k // 250}.{k % 250 + 1}" for k in range(250))
    rows.append(await phase("slowloris-250-addresses", args, path, cookie, slowloris, args.slow,
                            many))
    rows.append(await phase("big-headers", args, path, cookie, big_headers, 32))
    rows.append(await phase("big-bodies", args, path, cookie, big_bodies, 16))
    rows.append(await phase("deep-json", args, path, cookie, deep_json, 16))
    with open(args.out, "w") as out:
        json.dump(rows, out, indent=2)


if __name__ == "__main__":
    asyncio.run(main())
