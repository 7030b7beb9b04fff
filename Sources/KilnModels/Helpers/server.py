# llama.cpp's OpenAI-compatible server with what Kiln needs around it: a port chosen by the
# kernel, a state file other `kiln` processes use to find and reuse it, and an exit after a
# period without requests (like Ollama's daemon).
import argparse
import json
import os
import signal
import socket
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True)
parser.add_argument("--alias", required=True)
parser.add_argument("--n-ctx", type=int, required=True)
parser.add_argument("--idle-timeout", type=float, required=True)
parser.add_argument("--state-file", required=True)
args = parser.parse_args()

# Imported after the arguments are read: a bad command line fails before the slow import.
import uvicorn  # noqa: E402
from llama_cpp.server.app import create_app  # noqa: E402
from llama_cpp.server.settings import ModelSettings, ServerSettings  # noqa: E402

threads = os.cpu_count() or 1
app = create_app(
    # Queue concurrent requests: by default a new request interrupts the one streaming, so two
    # kiln commands sharing the server would cut each other's answers off.
    server_settings=ServerSettings(host="127.0.0.1", port=0, interrupt_requests=False),
    model_settings=[ModelSettings(model=args.model, model_alias=args.alias, n_ctx=args.n_ctx,
                                  n_threads=threads, n_threads_batch=threads, verbose=False)],
)


class IdleTracker:
    """Counts requests in flight, including the time their streamed bodies take."""

    def __init__(self, app):
        self.app = app
        self.active = 0
        self.last = time.monotonic()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1
            self.last = time.monotonic()


tracked = IdleTracker(app)
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", 0))
port = sock.getsockname()[1]


def remove_state():
    try:
        with open(args.state_file) as handle:
            if json.load(handle).get("pid") == os.getpid():
                os.remove(args.state_file)
    except (OSError, ValueError):
        pass


def watch_idle():
    while True:
        time.sleep(min(5.0, max(args.idle_timeout / 4, 0.5)))
        if tracked.active == 0 and time.monotonic() - tracked.last > args.idle_timeout:
            remove_state()
            os._exit(0)


state = {"pid": os.getpid(), "port": port, "model": args.model, "alias": args.alias,
         "n_ctx": args.n_ctx, "started": time.time(), "idle_timeout": args.idle_timeout,
         "script": os.path.abspath(__file__)}
temporary = args.state_file + f".{os.getpid()}.tmp"
with open(temporary, "w") as handle:
    json.dump(state, handle)
os.replace(temporary, args.state_file)
threading.Thread(target=watch_idle, daemon=True).start()
signal.signal(signal.SIGTERM, lambda *_: (remove_state(), os._exit(0)))
try:
    uvicorn.Server(uvicorn.Config(tracked, log_level="warning")).run(sockets=[sock])
finally:
    remove_state()
