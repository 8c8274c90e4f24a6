"""Survey sets of a dialogue script: the post-call questions per queue (and language).

```yaml
surveys:
  support-extended:
    queues: [support, vip]        # "*" = every queue without a set of its own
    languages: [kk, ru]           # optional: only for calls surveyed in these languages
    questions:
      - {id: csat, kind: csat}    # 1-5; without prompts: the built-in rating prompts
      - {id: resolved, kind: resolved, prompt: q_resolved, invalid_prompt: q_resolved_invalid,
         no_input_prompt: q_resolved_no_input}    # 1 = yes, 2 = no
      - {id: nps, kind: nps, prompt: q_nps, invalid_prompt: q_nps_invalid,
         no_input_prompt: q_nps_no_input}         # 0-10: one or two keys, # ends early
```

Prompt ids are the script's own ``prompts:`` (one text per language, built to audio by `sapa prompts
build` like every script prompt). A call whose queue (and language) matches no set gets the default
survey: one CSAT question with the built-in prompts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    from dialogue.schema import ScriptDocument

IDENT_RE = r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$"
ANY_QUEUE = "*"
PROMPT_FIELDS = ("prompt", "invalid_prompt", "no_input_prompt")
Location = tuple[str | int, ...]


class SurveyQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Annotated[str, Field(pattern=IDENT_RE)]
    kind: Literal["csat", "resolved", "nps"]
    prompt: str | None = None
    invalid_prompt: str | None = None
    no_input_prompt: str | None = None

    @model_validator(mode="after")
    def _prompts(self) -> SurveyQuestion:
        given = [getattr(self, f) is not None for f in PROMPT_FIELDS]
        if self.kind != "csat" and not all(given):
            raise ValueError(f"a {self.kind} question needs prompt, invalid_prompt and no_input_prompt")
        if self.kind == "csat" and any(given) and not all(given):
            raise ValueError("a csat question has all three prompts or none (the built-in ones)")
        return self


class SurveySet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = ""
    queues: Annotated[list[str], Field(min_length=1)]
    languages: list[Literal["ru", "kk", "en"]] = Field(default_factory=list)
    questions: Annotated[list[SurveyQuestion], Field(min_length=1, max_length=5)]

    @model_validator(mode="after")
    def _unique(self) -> SurveySet:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique within a set")
        if sum(q.kind == "csat" for q in self.questions) > 1:
            raise ValueError("a set has at most one csat question (it is the call's rating)")
        return self

    def serves(self, queue: str, language: str) -> bool:
        return queue in self.queues and (not self.languages or language in self.languages)


def survey_problems(doc: ScriptDocument) -> list[tuple[Location, str]]:
    """Unknown prompt ids, languages the script has no texts in, a queue claimed by two sets."""
    problems: list[tuple[Location, str]] = []
    claimed: dict[tuple[str, str], str] = {}
    for set_id, survey in doc.surveys.items():
        base: Location = ("surveys", set_id)
        for n, question in enumerate(survey.questions):
            for field in PROMPT_FIELDS:
                prompt_id = getattr(question, field)
                if prompt_id is not None and prompt_id not in doc.prompts:
                    problems.append(
                        ((*base, "questions", n, field), f"unknown prompt {prompt_id!r} referenced")
                    )
        for language in survey.languages:
            if language not in doc.languages:
                problems.append(((*base, "languages"), f"the script has no {language} texts"))
        for queue in survey.queues:
            for language in survey.languages or doc.languages:
                other = claimed.setdefault((queue, language), set_id)
                if other != set_id:
                    message = f"queue {queue!r} ({language}) is already surveyed by set {other!r}"
                    problems.append(((*base, "queues"), message))
    return problems
