"""The rule pack: loading and caching it, the check language, stage gates."""
