"""Force-wide views over many dossiers: the register and FOI answers."""
