# Runs llama.cpp's llama-server for Kiln and looks after it: a port chosen by the kernel, a state
# file other `kiln` processes use to find and share the server, and an exit after a period in
# which no slot worked (like Ollama's daemon). Standard library only; the server's own output
# goes to this process's output, which Kiln sends to the server's log.
import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--server", required=True)
parser.add_argument("--model", required=True)
parser.add_argument("--alias", required=True)
parser.add_argument("--ctx-per-slot", type=int, required=True)
parser.add_argument("--parallel", type=int, required=True)
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--idle-timeout", type=float, required=True)
parser.add_argument("--state-file", required=True)
parser.add_argument("--engine", required=True, help="what identifies the engine build, for reuse")
args = parser.parse_args()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


port = free_port()
command = [
    args.server, "--model", args.model, "--alias", args.alias, "--host", "127.0.0.1", "--port", str(port),
    # Every slot gets the context Kiln asks for; continuous batching serves them together.
    "--ctx-size", str(args.ctx_per_slot * args.parallel), "--parallel", str(args.parallel),
    "--threads", str(args.threads), "--threads-batch", str(args.threads), "--metrics", "--no-webui",
    # Draft-free speculation from n-grams already in the context: a repair turn re-emits most of
    # the code it was shown and decodes 2-3x faster; fresh answers are unaffected (BENCHMARKS.md).
    "--spec-type", "ngram-simple",
]
print("kiln supervisor: " + " ".join(command), flush=True)


def die_with_supervisor():
    # PR_SET_PDEATHSIG: the server is killed when this process ends, however it ends (even
    # SIGKILL), so no orphaned server keeps a port and a few GB of memory.
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


server = subprocess.Popen(command, stdin=subprocess.DEVNULL, preexec_fn=die_with_supervisor)


def remove_state():
    try:
        with open(args.state_file) as handle:
            if json.load(handle).get("pid") == os.getpid():
                os.remove(args.state_file)
    except (OSError, ValueError):
        pass


def stop(code):
    remove_state()
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    sys.exit(code)


signal.signal(signal.SIGTERM, lambda *_: stop(0))
signal.signal(signal.SIGINT, lambda *_: stop(0))


def get(path, timeout=5.0):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


# Ready when /health says so (it answers 503 while the model loads).
while True:
    if server.poll() is not None:
        print(f"kiln supervisor: llama-server exited with {server.returncode} during start-up", flush=True)
        stop(1)
    try:
        if get("/health", timeout=2.0)[0] == 200:
            break
    except OSError:
        pass
    time.sleep(0.25)

state = {
    "pid": os.getpid(), "server_pid": server.pid, "port": port, "model": args.model, "alias": args.alias,
    "n_ctx": args.ctx_per_slot, "parallel": args.parallel, "idle_timeout": args.idle_timeout,
    "engine": args.engine, "script": os.path.abspath(__file__), "started": time.time(),
}
partial = args.state_file + ".partial"
with open(partial, "w") as handle:
    json.dump(state, handle)
os.replace(partial, args.state_file)
print(f"kiln supervisor: ready on port {port}", flush=True)


def activity():
    """Requests in progress and counters that move whenever a slot works, from /metrics."""
    _, text = get("/metrics")
    processing, counters = 0.0, []
    for line in text.splitlines():
        if line.startswith("llamacpp:requests_processing"):
            processing = float(line.split()[-1])
        elif line.startswith(("llamacpp:prompt_tokens_total", "llamacpp:tokens_predicted_total", "llamacpp:n_decode_total")):
            counters.append(line.split()[-1])
    return processing, counters


last_change, last_counters = time.monotonic(), None
while True:
    time.sleep(min(5.0, max(args.idle_timeout / 4, 0.5)))
    if server.poll() is not None:
        print(f"kiln supervisor: llama-server exited with {server.returncode}", flush=True)
        stop(1)
    try:
        processing, counters = activity()
    except OSError:
        continue  # a busy server may answer late; only its exit ends the supervision
    if processing > 0 or counters != last_counters:
        last_change, last_counters = time.monotonic(), counters
    elif time.monotonic() - last_change > args.idle_timeout:
        print(f"kiln supervisor: idle for {args.idle_timeout:.0f} s, stopping", flush=True)
        stop(0)
