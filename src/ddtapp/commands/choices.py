"""Choices on the command line: matched without regard to case, and a near miss answered with "did you
mean". One function, so that every option with a fixed set of values behaves the same."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` for the closest choice, or the empty string."""
    import difflib

    options = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(options), n=1, cutoff=0.6)
    return f" Did you mean '{options[close[0]]}'?" if close else ""


def not_one_of(value: str, choices: Iterable[str], guess: str | None = None) -> str:
    """The one wording of a value that is not one of ``choices``: ``'x' is not one of a, b. Did you mean 'a'?``
    (``guess``: the closest choice, when the caller matched more loosely than :func:`did_you_mean`)."""
    options = list(choices)
    hint = f" Did you mean '{guess}'?" if guess else did_you_mean(value.strip().lower(), options)
    return f"'{value}' is not one of {', '.join(options)}.{hint}"


def pick(value: str, choices: Iterable[str], option: str) -> str:
    """``value`` as one of ``choices`` (any case); a usage error naming them all otherwise."""
    options = list(choices)
    folded = value.strip().lower()
    for choice in options:
        if choice.lower() == folded:
            return choice
    import typer  # only for the error: a plain `ddtapp check` runs without Typer (ddtapp.commands.quick)

    raise typer.BadParameter(not_one_of(value, options), param_hint=option)


def pick_all(values: Iterable[str], choices: Iterable[str], option: str) -> list[str]:
    options = list(choices)
    return [pick(v, options, option) for v in values]
