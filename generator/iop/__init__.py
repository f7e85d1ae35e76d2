"""IOP (idéburet offentligt partnerskap): the case model and the checks against SOU 2019:56."""
