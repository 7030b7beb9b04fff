"""`kiln mcp` driven the way a coding agent drives it: the official Python MCP client over stdio.

Run by KilnTests (MCPClientTests) with KILN_BINARY set to the built kiln and XDG_CONFIG_HOME set
to a test config; generation uses the real 0.5B model on Kiln's local server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from kiln_support import busy_slots, children_of
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client

KILN = os.environ["KILN_BINARY"]
MODEL = "qwen2.5-coder-0.5b"
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    root.mkdir()
    return root


def server(cwd: Path, *args: str) -> StdioServerParameters:
    return StdioServerParameters(command=KILN, args=["mcp", "--model", MODEL, *args], cwd=str(cwd), env=dict(os.environ))


def announcing(roots: list[Path]):
    """A client callback announcing `roots`, as an editor's agent announces its open folders."""

    async def list_roots(context) -> types.ListRootsResult:
        return types.ListRootsResult(roots=[types.Root(uri=root.as_uri(), name=root.name) for root in roots])

    return list_roots


async def test_lists_tools_with_schemas_and_templates_as_prompts(workspace: Path):
    async with stdio_client(server(workspace)) as (read, write), ClientSession(read, write) as session:
        init = await session.initialize()
        assert init.server_info.name == "kiln"
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert set(tools) == {
            "generate_function", "generate_class", "generate_tests", "refactor", "generate_docs",
            "check", "validate", "lint_prompt",
        }
        spec = tools["generate_function"].input_schema
        assert spec["required"] == ["spec"] and spec["additionalProperties"] is False
        assert tools["generate_function"].output_schema["properties"]["status"]["enum"] == [
            "passed", "unverified", "failed", "unvalidated"]
        assert tools["check"].annotations.read_only_hint is True

        prompts = {prompt.name: prompt for prompt in (await session.list_prompts()).prompts}
        assert {"function", "class", "tests", "refactor", "docs"} <= set(prompts)
        assert [(a.name, a.required) for a in prompts["function"].arguments][0] == ("spec", True)
        rendered = await session.get_prompt("function", {"spec": "add two integers"})
        assert "add two integers" in rendered.messages[-1].content.text


async def test_a_repository_template_is_a_prompt(workspace: Path):
    prompts_dir = workspace / ".kiln" / "prompts"
    prompts_dir.mkdir(parents=True)
    text = subprocess.run([KILN, "prompt", "show", "function"], capture_output=True, text=True, check=True).stdout
    (prompts_dir / "house-function.md").write_text(text.replace("name: function\n", "name: house-function\n"))
    async with stdio_client(server(workspace)) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        names = [prompt.name for prompt in (await session.list_prompts()).prompts]
        assert "house-function" in names


async def test_check_finds_the_insecure_snippet(workspace: Path):
    snippet = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n"
    async with stdio_client(server(workspace)) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        result = await session.call_tool("check", {"code": snippet, "filename": "tools/run.py"})
        assert not result.is_error, result.content
        found = result.structured_content
        assert found["passed"] is False
        shell = [f for f in found["findings"] if f["category"] == "security" and f["line"] == 5]
        assert shell, found["findings"]
        assert shell[0]["path"] == "tools/run.py" and shell[0]["severity"] == "error"
        assert "shell=True" in result.content[0].text
        # Nothing was written into the workspace to check it.
        assert list(workspace.iterdir()) == []


async def test_a_snippet_is_checked_against_the_workspace_around_it(workspace: Path):
    (workspace / "shop").mkdir()
    (workspace / "shop" / "__init__.py").write_text("")
    (workspace / "shop" / "cart.py").write_text("def total(items):\n    return sum(items)\n")
    snippet = "import requestz\n\nfrom shop.cart import total\n\n\ndef pay(items):\n    return requestz.post(total(items))\n"
    async with stdio_client(server(workspace)) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        result = await session.call_tool("check", {"code": snippet, "filename": "shop/pay.py"})
    assert not result.is_error, result.content
    imports = [f for f in result.structured_content["findings"] if f["category"] == "dependency"]
    # The made-up package is refused; the project's own module is not mistaken for one.
    assert [f["line"] for f in imports] == [1], imports
    assert "requestz" in imports[0]["message"]


async def test_check_reads_the_roots_the_client_announces(tmp_path: Path):
    started_in = tmp_path / "elsewhere"
    started_in.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / "settings.py").write_text('GITHUB_TOKEN = "ghp_R8v2KqL0xZ7mN4pT9wY3bC6dF1gH5jS2aE8u"\n')
    async with stdio_client(server(started_in)) as (read, write), ClientSession(
        read, write, list_roots_callback=announcing([project])
    ) as session:
        await session.initialize()
        result = await session.call_tool("check", {"paths": ["settings.py"]})
        assert not result.is_error, result.content
        assert any(f["category"] == "secret" for f in result.structured_content["findings"]), result.structured_content
        outside = await session.call_tool("check", {"paths": [str(started_in)]})
        assert outside.is_error and "outside the workspace" in outside.content[0].text


async def test_malformed_calls_get_tool_errors_that_say_what_to_send(workspace: Path):
    (workspace / "link").symlink_to("/etc")
    async with stdio_client(server(workspace)) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        cases = [
            ("generate_sql", {}, "the tools are: generate_function"),
            ("generate_function", {}, "needs 'spec'"),
            ("generate_function", {"spec": 42}, "'spec' must be a string"),
            ("generate_function", {"spec": "add", "samples": "two"}, "'samples' must be an integer of at least 1"),
            ("generate_function", {"spec": "add", "sample": 2}, "takes no argument 'sample'"),
            ("generate_function", {"spec": "add", "samples": 1, "agree": 2}, "agree must be between 1 and samples"),
            ("check", {}, "needs 'paths'"),
            ("check", {"paths": ["../../etc/passwd"]}, "outside the workspace"),
            ("validate", {"file": "link/passwd"}, "outside the workspace"),
            ("validate", {"file": "missing.py"}, "missing.py"),
            ("lint_prompt", {"spec": ["a", "b"]}, "'spec' must be a string"),
        ]
        for name, arguments, expected in cases:
            result = await session.call_tool(name, arguments)
            assert result.is_error, (name, arguments, result.content)
            assert expected in result.content[0].text, (name, arguments, result.content[0].text)
        # The server is still there and answers.
        lint = await session.call_tool("lint_prompt", {"spec": "write code"})
        assert not lint.is_error and lint.structured_content["has_errors"] is True


async def test_generate_function_returns_correct_code_with_progress(workspace: Path):
    spec = (
        "a function named median that takes a list of numbers and returns their median as a float; "
        "an empty list raises ValueError; median([3, 1, 2]) == 2"
    )
    progress: list[str] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append(message or "")

    async with stdio_client(server(workspace)) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        result = await session.call_tool(
            "generate_function",
            {"spec": spec, "out": "median.py", "temperature": 0, "seed": 1},
            progress_callback=on_progress,
            read_timeout_seconds=1800,
        )
    assert not result.is_error, result.content
    outcome = result.structured_content
    assert outcome["status"] == "passed", result.content[0].text
    assert any("generating with" in message for message in progress), progress
    written = (workspace / "median.py").read_text()
    assert written == outcome["code"]
    assert outcome["output_path"] == str(workspace / "median.py")
    check = (
        "from median import median\n"
        "assert median([3, 1, 2]) == 2\n"
        "assert median([4, 1, 3, 2]) == 2.5\n"
        "try:\n    median([])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError('no ValueError')\n"
    )
    subprocess.run([sys.executable, "-c", check], cwd=workspace, check=True, timeout=60)


def kiln_mcp_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv[0].decode(errors="replace") == KILN and len(argv) > 1 and argv[1] == b"mcp":
                pids.append(int(entry.name))
    return pids


async def test_a_cancelled_generation_stops_the_model_and_the_server_goes_on(workspace: Path):
    served = subprocess.run([KILN, "model", "serve", MODEL, "--json"], capture_output=True, text=True, check=True)
    port = json.loads(served.stdout)["port"]
    spec = (
        "a Python class Matrix with methods add, subtract, multiply, transpose, determinant, inverse, trace and rank; "
        "every method has a long docstring with several examples"
    )
    writing = anyio.Event()

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        if message and " tokens" in message:
            writing.set()

    async with stdio_client(server(workspace)) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        [pid] = kiln_mcp_pids()
        with anyio.move_on_after(300) as scope:
            async with anyio.create_task_group() as group:

                async def call() -> None:
                    await session.call_tool(
                        "generate_class", {"spec": spec, "max_tokens": 2048, "out": "matrix.py"},
                        progress_callback=on_progress, read_timeout_seconds=1800)

                group.start_soon(call)
                await writing.wait()
                assert busy_slots(port) >= 1
                group.cancel_scope.cancel()  # the client sends notifications/cancelled
        assert not scope.cancelled_caught, "the model never started writing"
        # The model stops writing within seconds, nothing is written, no sandboxed process is left.
        with anyio.fail_after(20):
            while busy_slots(port) > 0:
                await anyio.sleep(0.5)
        with anyio.fail_after(20):
            while children_of(pid):
                await anyio.sleep(0.5)
        assert not (workspace / "matrix.py").exists()
        # The server goes on serving.
        with anyio.fail_after(30):
            lint = await session.call_tool("lint_prompt", {"spec": "takes a list of ints, returns the sum"})
        assert not lint.is_error


async def test_closing_stdin_ends_the_server_and_its_running_calls(workspace: Path):
    process = subprocess.Popen(
        [KILN, "mcp", "--model", MODEL], cwd=workspace, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL)
    requests = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "generate_function", "arguments": {"spec": "takes a list of numbers, returns the median; median([3, 1, 2]) == 2"}}},
    ]
    assert process.stdin is not None and process.stdout is not None
    # A line that is not JSON-RPC gets an error reply; the server goes on.
    process.stdin.write(b"this is not json\n")
    process.stdin.write(b"".join(json.dumps(r).encode() + b"\n" for r in requests))
    process.stdin.flush()
    replies = [json.loads(process.stdout.readline()) for _ in range(2)]
    assert any(reply.get("error", {}).get("code") == -32700 for reply in replies), replies
    assert any(reply.get("id") == 1 and "result" in reply for reply in replies), replies
    await anyio.sleep(3)
    process.stdin.close()
    # The running call is stopped (its model request and sandboxed processes with it) and the server exits.
    assert process.wait(timeout=60) == 0
