"""A real HTTP server on 127.0.0.1 that speaks the Anthropic Messages and OpenAI Chat
Completions wire formats, so the real SDKs can be pointed at it with base_url.

Each request is answered by a responder: a function of the parsed request that returns a
StubReply (status, JSON or raw body, headers, delay). Every request is recorded, so tests
can count calls and read what the SDK actually sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class StubRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass(frozen=True)
class StubReply:
    status: int = 200
    body: Any = None  # dict -> JSON; str/bytes -> sent as is (for malformed bodies)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


Responder = Callable[[StubRequest], StubReply]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up is what the timeout tests are about.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class StubLLMServer:
    """Start with ``with StubLLMServer(responder) as server:``; ``server.url`` is the base."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder: Responder = responder or (lambda _req: StubReply(500, {}))
        self.requests: list[StubRequest] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def calls(self) -> int:
        with self._lock:
            return len(self.requests)

    def __enter__(self) -> StubLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _record(self, request: StubRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                request = StubRequest(self.path, {k.lower(): v for k, v in self.headers.items()},
                                      body)  # fmt: skip
                server._record(request)
                reply = server.responder(request)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                payload = reply.body
                if isinstance(payload, str):
                    data = payload.encode("utf-8")
                elif isinstance(payload, bytes):
                    data = payload
                else:
                    data = json.dumps(payload if payload is not None else {}).encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing left to say

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def sequence(replies: Iterable[StubReply]) -> Responder:
    """Answer with the given replies in order, then keep repeating the last one."""
    queue = list(replies)
    lock = threading.Lock()

    def responder(_request: StubRequest) -> StubReply:
        with lock:
            return queue.pop(0) if len(queue) > 1 else queue[0]

    return responder


# ----------------------------------------------------------------------------------------
# Wire-format bodies
# ----------------------------------------------------------------------------------------


def anthropic_tool_reply(
    fields: dict[str, Any],
    *,
    tool_name: str = "record_invoice",
    input_tokens: int = 1200,
    output_tokens: int = 300,
    cache_read_tokens: int = 0,
    model: str = "claude-test",
) -> StubReply:
    """A Messages API answer whose only content block is the forced tool call."""
    return StubReply(
        200,
        {
            "id": "msg_stub",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "tool_use", "id": "toolu_stub", "name": tool_name,
                         "input": fields}],
            "stop_reason": "tool_use",
            "stop_sequence": None,
            "usage": {
                "input_tokens": input_tokens,
                "output_tokens": output_tokens,
                "cache_read_input_tokens": cache_read_tokens,
                "cache_creation_input_tokens": 0,
            },
        },
    )  # fmt: skip


def openai_chat_reply(
    content: dict[str, Any] | str,
    *,
    prompt_tokens: int = 1200,
    completion_tokens: int = 300,
    cached_tokens: int = 0,
    model: str = "gpt-test",
) -> StubReply:
    """A Chat Completions answer; content is the JSON the model wrote (or raw text)."""
    text = content if isinstance(content, str) else json.dumps(content)
    return StubReply(
        200,
        {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
                "prompt_tokens_details": {"cached_tokens": cached_tokens},
            },
        },
    )


def anthropic_error(status: int, kind: str, headers: dict[str, str] | None = None) -> StubReply:
    body = {"type": "error", "error": {"type": kind, "message": f"stub {kind}"}}
    return StubReply(status, body, headers or {})


def openai_error(status: int, kind: str, headers: dict[str, str] | None = None) -> StubReply:
    body = {"error": {"message": f"stub {kind}", "type": kind, "param": None, "code": kind}}
    return StubReply(status, body, headers or {})


def rate_limited(provider: str, retry_after_s: float) -> StubReply:
    headers = {"retry-after": f"{retry_after_s:g}"}
    if provider == "anthropic":
        return anthropic_error(429, "rate_limit_error", headers)
    return openai_error(429, "rate_limit_exceeded", headers)


def overloaded() -> StubReply:
    return anthropic_error(529, "overloaded_error")


def server_error(provider: str) -> StubReply:
    if provider == "anthropic":
        return anthropic_error(500, "api_error")
    return openai_error(500, "server_error")


def malformed() -> StubReply:
    """A 200 whose body is not JSON at all (a proxy's HTML page, a cut-off stream)."""
    return StubReply(200, '{"id": "msg_cut", "content": [{"type": "tool_u')
