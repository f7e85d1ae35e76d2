"""IOP (idéburet offentligt partnerskap): the case model and the checks against SOU 2019:56."""

# case.py imports iop.model to register it in MODELS, and iop.model builds on case.py's base models.
# Loading case.py first makes the order the same whichever module is imported first.
from .. import case as _case  # noqa: F401
