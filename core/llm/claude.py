"""Claude through the anthropic SDK: forced use of one tool whose input schema is the contract."""

from __future__ import annotations

from typing import Any

from core.llm.agent import LLMAgent
from core.llm.pricing import Usage, anthropic_usage
from core.llm.prompt import SYSTEM_PROMPT, user_message
from core.llm.schema import INVOICE_SCHEMA, TOOL_NAME

MAX_OUTPUT_TOKENS = 2_000

TOOL = {
    "name": TOOL_NAME,
    "description": "Record the fields read from the invoice document.",
    "input_schema": INVOICE_SCHEMA,
}


class ClaudeAgent(LLMAgent):
    label = "Claude"

    def _make_client(self) -> Any:
        import anthropic

        return anthropic.Anthropic(
            api_key=self.config.api_key,
            base_url=self.config.base_url,
            max_retries=0,  # tenacity retries; the SDK's own would multiply them
            timeout=self.config.timeout_s,
        )

    def _request(self, text: str) -> Any:
        return self.client.messages.create(
            model=self.config.model,
            max_tokens=MAX_OUTPUT_TOKENS,
            system=SYSTEM_PROMPT,
            messages=[{"role": "user", "content": user_message(text)}],
            tools=[TOOL],
            tool_choice={"type": "tool", "name": TOOL_NAME},
        )

    def _usage(self, response: Any) -> Usage:
        return anthropic_usage(getattr(response, "usage", None))

    def _payload(self, response: Any) -> Any:
        for block in getattr(response, "content", None) or ():
            if getattr(block, "type", None) == "tool_use" and block.name == TOOL_NAME:
                return block.input
        raise ValueError(f"the answer holds no {TOOL_NAME} tool call")
