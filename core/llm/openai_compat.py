"""GPT and local models through the openai SDK, with a strict json_schema response format.

The local agent is the same client pointed at any OpenAI-compatible server (Ollama, vLLM,
llama.cpp) by its base_url.
"""

from __future__ import annotations

import json
from typing import Any

from core.llm.agent import LLMAgent
from core.llm.pricing import Usage, openai_usage
from core.llm.prompt import SYSTEM_PROMPT, user_message
from core.llm.schema import INVOICE_SCHEMA, TOOL_NAME

MAX_OUTPUT_TOKENS = 2_000
# Local servers accept any key; the SDK insists on one being set.
LOCAL_PLACEHOLDER_KEY = "not-needed"

RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": TOOL_NAME, "strict": True, "schema": INVOICE_SCHEMA},
}


class OpenAIChatAgent(LLMAgent):
    label = "GPT"

    def _make_client(self) -> Any:
        import openai

        return openai.OpenAI(
            api_key=self.config.api_key or LOCAL_PLACEHOLDER_KEY,
            base_url=self.config.base_url,
            max_retries=0,  # tenacity retries; the SDK's own would multiply them
            timeout=self.config.timeout_s,
        )

    def _request(self, text: str) -> Any:
        return self.client.chat.completions.create(
            model=self.config.model,
            temperature=0,
            max_tokens=MAX_OUTPUT_TOKENS,
            messages=[
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": user_message(text)},
            ],
            response_format=RESPONSE_FORMAT,
        )

    def _usage(self, response: Any) -> Usage:
        return openai_usage(getattr(response, "usage", None))

    def _payload(self, response: Any) -> Any:
        choices = getattr(response, "choices", None) or ()
        if not choices:
            raise ValueError("the answer holds no choices")
        message = choices[0].message
        if getattr(message, "refusal", None):
            raise ValueError(f"the model refused: {message.refusal}")
        content = message.content or ""
        try:
            return json.loads(content)
        except json.JSONDecodeError as exc:
            raise ValueError(f"the answer is not JSON ({exc.msg} at char {exc.pos})") from None


class LocalModelAgent(OpenAIChatAgent):
    label = "Local model"
