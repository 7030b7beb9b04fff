"""`kiln lsp` driven the way an editor drives it: pytest-lsp's client over stdio, announcing the
capabilities of a real editor (VS Code 1.65, from pytest-lsp's recordings).

Run by KilnTests (LSPClientTests) with KILN_BINARY set to the built kiln and XDG_CONFIG_HOME set
to a test config; code actions and completions use the real 0.5B model on Kiln's local server.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from kiln_support import busy_slots, children_of
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

KILN = os.environ["KILN_BINARY"]
MODEL = "qwen2.5-coder-0.5b"

INSECURE = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n"
STUB = '''import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def count_vowels(text: str) -> int:
    """Return how many vowels (a, e, i, o, u, either case) text has.

    >>> count_vowels("Hello World")
    3
    >>> count_vowels("")
    0
    """
    ...
'''


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    root.mkdir()
    return root


class Editor:
    """A started client with the edits it was asked to apply, applied to its own copies."""

    def __init__(self, client: LanguageClient):
        self.client = client
        self.texts: dict[str, str] = {}
        self.edits: list[types.ApplyWorkspaceEditParams] = []

        @client.feature(types.WORKSPACE_APPLY_EDIT)
        def apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
            self.edits.append(params)
            for change in params.edit.document_changes or []:
                if isinstance(change, types.TextDocumentEdit):
                    uri = change.text_document.uri
                    for edit in change.edits:
                        self.texts[uri] = replace(self.texts[uri], edit.range, edit.new_text)
            return types.ApplyWorkspaceEditResult(applied=True)

    def open(self, path: Path, text: str) -> str:
        path.write_text(text)
        uri = path.as_uri()
        self.texts[uri] = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
        return uri

    async def actions(self, uri: str, line: int) -> list[dict]:
        here = types.Position(line=line, character=4)
        actions = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=here, end=here),
                context=types.CodeActionContext(diagnostics=[])))
        # lsprotocol reads a CodeAction whose `command` is a Command as a bare Command with the
        # command object turned into a string; read it back.
        return [{"title": a.title, **ast.literal_eval(a.command)} for a in actions or []]


def offset(text: str, position: types.Position) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: position.line]) + position.character


def replace(text: str, range_: types.Range, new: str) -> str:
    return text[: offset(text, range_.start)] + new + text[offset(text, range_.end):]


async def start(workspace: Path, **options) -> Editor:
    config = ClientServerConfig(server_command=[KILN, "lsp", "--model", MODEL], server_env=dict(os.environ))
    client = await config.start()
    editor = Editor(client)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name=workspace.name)],
            initialization_options=options or None))
    return editor


async def stop(editor: Editor) -> int:
    await editor.client.shutdown_session()
    server = editor.client._server
    code = server.returncode if server else None
    await editor.client.stop()
    return code


@pytest.mark.asyncio(loop_scope="function")
async def test_diagnostics_on_open_with_rule_codes_and_links(workspace: Path):
    editor = await start(workspace)
    uri = editor.open(workspace / "tools.py", INSECURE)
    await asyncio.wait_for(editor.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60)
    shell = [d for d in editor.client.diagnostics[uri] if d.range.start.line == 4 and d.severity == types.DiagnosticSeverity.Error]
    assert shell, editor.client.diagnostics[uri]
    assert shell[0].code in ("ruff/S602", "bandit/B602")
    assert shell[0].code_description and shell[0].code_description.href.startswith("https://")
    assert shell[0].source == "kiln"
    assert await stop(editor) == 0


@pytest.mark.asyncio(loop_scope="function")
async def test_a_stub_is_implemented_by_a_code_action_and_the_code_is_right(workspace: Path):
    editor = await start(workspace)
    uri = editor.open(workspace / "text_tools.py", STUB)
    actions = await editor.actions(uri, line=8)
    titles = [a["title"] for a in actions]
    assert "Kiln: implement `count_vowels` (checked)" in titles, titles
    assert "Kiln: generate tests for `count_vowels`" in titles
    implement = next(a for a in actions if a["command"] == "kiln.implement")
    await asyncio.wait_for(
        editor.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=implement["command"], arguments=implement["arguments"])), 900)
    assert editor.edits, editor.client.messages
    new = editor.texts[uri]
    # Only the stub changed: the lines around it are as they were, the docstring is the user's.
    assert new.startswith(STUB.split("def count_vowels")[0])
    assert '>>> count_vowels("Hello World")' in new
    (workspace / "text_tools.py").write_text(new)
    check = (
        "from text_tools import count_vowels\n"
        "assert count_vowels('Hello World') == 3\n"
        "assert count_vowels('') == 0\n"
        "assert count_vowels('AEIOU xyz') == 5\n"
    )
    subprocess.run([sys.executable, "-c", check], cwd=workspace, check=True, timeout=60)
    # The editor was told how it went, and saw progress while the model wrote.
    assert any("passed" in m.message or "unverified" in m.message for m in editor.client.messages), editor.client.messages
    reports = [r for reports in editor.client.progress_reports.values() for r in reports]
    assert any(isinstance(r, types.WorkDoneProgressBegin) for r in reports)
    assert any(isinstance(r, types.WorkDoneProgressReport) and "generating with" in (r.message or "") for r in reports)
    assert any(isinstance(r, types.WorkDoneProgressEnd) for r in reports)
    assert await stop(editor) == 0


LONG_STUB = '''def matrix_report(rows: list[list[float]]) -> str:
    """Return a long, multi-section text report on the matrix: its size, every row and column sum,
    the determinant, the inverse when there is one, the trace, the rank, the transpose and the
    eigenvalues, each section with a heading, an explanation and the numbers in aligned columns.
    """
    pass
'''


@pytest.mark.asyncio(loop_scope="function")
async def test_cancelling_a_command_stops_the_model_and_the_server_goes_on(workspace: Path):
    served = subprocess.run([KILN, "model", "serve", MODEL, "--json"], capture_output=True, text=True, check=True)
    port = json.loads(served.stdout)["port"]
    editor = await start(workspace)
    uri = editor.open(workspace / "report.py", LONG_STUB)

    async def model_writing() -> None:
        while not any(
            isinstance(r, types.WorkDoneProgressReport) and " tokens" in (r.message or "")
            for reports in editor.client.progress_reports.values()
            for r in reports
        ):
            await asyncio.sleep(0.2)

    request_id = str(uuid.uuid4())
    future = editor.client.protocol.send_request(
        types.WORKSPACE_EXECUTE_COMMAND,
        types.ExecuteCommandParams(command="kiln.implement", arguments=[{"uri": uri, "name": "matrix_report"}]),
        msg_id=request_id)
    await asyncio.wait_for(model_writing(), 300)
    assert busy_slots(port) >= 1
    editor.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=request_id))
    with pytest.raises(Exception) as cancelled:
        await asyncio.wait_for(asyncio.wrap_future(future), 60)
    assert "cancel" in str(cancelled.value).lower()
    for _ in range(40):
        if busy_slots(port) == 0:
            break
        await asyncio.sleep(0.5)
    assert busy_slots(port) == 0
    assert not children_of(editor.client._server.pid)
    assert not editor.edits
    # The server goes on answering.
    actions = await editor.actions(uri, line=0)
    assert any(a["command"] == "kiln.implement" for a in actions)
    assert await stop(editor) == 0


@pytest.mark.asyncio(loop_scope="function")
async def test_inline_completion_offers_code_that_parses(workspace: Path):
    editor = await start(workspace)
    text = "def add(a: int, b: int) -> int:\n    \"\"\"Return the sum of a and b.\"\"\"\n    return "
    uri = editor.open(workspace / "calc.py", text)
    result = await asyncio.wait_for(
        editor.client.text_document_inline_completion_async(
            types.InlineCompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=11),
                context=types.InlineCompletionContext(trigger_kind=types.InlineCompletionTriggerKind.Invoked))), 300)
    items = result.items if isinstance(result, types.InlineCompletionList) else result
    assert items, "no completion offered"
    completed = text + items[0].insert_text
    compile(completed, "calc.py", "exec")
    assert await stop(editor) == 0


@pytest.mark.asyncio(loop_scope="function")
async def test_bad_requests_get_errors_and_the_server_survives(workspace: Path):
    editor = await start(workspace, docstringStyle="rst")
    uri = editor.open(workspace / "tools.py", INSECURE)
    with pytest.raises(Exception) as unknown:
        await editor.client.protocol.send_request_async("kiln/notAMethod", {})
    assert "kiln/notAMethod" in str(unknown.value)
    with pytest.raises(Exception) as missing:
        await editor.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="kiln.refactor", arguments=[{"uri": uri, "name": "run"}]))
    assert "instruction" in str(missing.value)
    with pytest.raises(Exception) as nowhere:
        await editor.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="kiln.implement", arguments=[{"uri": uri, "name": "nothing_here"}]))
    assert "no definition named nothing_here" in str(nowhere.value)
    with pytest.raises(Exception) as has_body:
        await editor.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="kiln.implement", arguments=[{"uri": uri, "name": "run"}]))
    assert "already has a body" in str(has_body.value)
    assert not editor.edits
    actions = await editor.actions(uri, line=3)
    assert [a["command"] for a in actions] == ["kiln.tests", "kiln.docstring"]
    assert await stop(editor) == 0


def test_end_of_input_ends_the_server(workspace: Path):
    process = subprocess.Popen(
        [KILN, "lsp", "--model", MODEL], cwd=workspace, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL)
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}).encode()
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"Content-Length: 9\r\n\r\nnot json!" + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()
    replies = []
    for _ in range(2):
        header = process.stdout.readline()
        length = int(header.split(b":")[1])
        process.stdout.readline()
        replies.append(json.loads(process.stdout.read(length)))
    assert replies[0]["error"]["code"] == -32700
    assert replies[1]["result"]["serverInfo"]["name"] == "kiln"
    process.stdin.close()
    # Without shutdown first, LSP says the exit status is 1.
    assert process.wait(timeout=30) == 1
