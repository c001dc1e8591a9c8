"""Checking: rule pack x dossier -> findings, for one dossier or many."""
