"""What each kind of document a dossier records is called, as the APP's "Documents to be completed" lines
(and the dossier) name them: the one table that findings, drafts, the register and FOI answers print."""

from __future__ import annotations

#: The privacy policy's own document (its section records only that one) ...
PRIVACY_POLICY_DOCUMENT = "governance.privacy_policy.document"
#: ... is of this type when its ``type`` is not written (the "default document type").
PRIVACY_POLICY_TYPE = "privacy_and_data_governance_policy"

#: Every document type of the dossier (``ddtapp.dossier.base.DocumentType``), by its display name.
DOCUMENT_NAMES = {
    "governance_schematic": "governance schematic",
    "governance_minutes": "governance meeting minutes",
    "community_impact_assessment": "community impact assessment (CIA)",
    "equality_impact_assessment": "equality impact assessment (EIA)",
    "human_rights_impact_assessment": "human rights impact assessment (HRIA)",
    "dpia": "data protection impact assessment (DPIA)",
    "ethics_panel_documentation": "ethics panel documentation",
    "project_design_report": "project design report",
    "procurement_contract": "procurement contract",
    "business_case": "business case",
    "purchasing_strategy": "purchasing strategy",
    "landscape_review": "landscape review",
    "privacy_and_data_governance_policy": "privacy and data governance policy",
    "appropriate_policy_document": "appropriate policy document",
    "legal_advice": "legal advice",
    "demographic_test_report": "demographic test report",
    "algorithmic_transparency_record": "algorithmic transparency record",
    "data_sharing_agreement": "data-sharing agreement",
    "training_materials": "training materials",
    "performance_evaluation": "performance evaluation",
    "force_policy": "force policy",
    "privacy_impact_assessment": "privacy impact assessment (DPA 1998)",
    "other": "other document",
}
