"""Look-alike probe tables, one YAML file a round (issue 12), run by ``test_look_alikes_rounds.py``.

Each file holds ``one_line`` groups (one agent sentence a minute into the call: ``[item, language, style,
sentence, passes]``) and ``exchanges`` groups (the agent's words and the caller's answer: ``item``,
``lang``, ``turns`` as ``[speaker, text]`` pairs, ``passes``) and ``openings`` groups (the agent's first
turn, for the greeting: ``[language, style, line, passes]``), every group under the ``why`` it probes.
The sentences are written for the probes, never taken from a labelled call; each sits next to the
look-alike that must keep its answer."""
