"""The IMP eligibility engine: rules as dated, sourced data; a small interpreter; no Rasa import.

>>> from imp_engine import assess
>>> assess({"age": 28, "citizenships": ["FR"]}, language="en")["routes"][0]["id"]
'imp_plus'
"""

from imp_engine.engine import Assessment, assess, assess_profile, next_questions
from imp_engine.profile import ProfileError, parse_profile
from imp_engine.rulebook import RuleBook, RuleDataError, load_rulebook

__all__ = [
    "Assessment",
    "ProfileError",
    "RuleBook",
    "RuleDataError",
    "assess",
    "assess_profile",
    "load_rulebook",
    "next_questions",
    "parse_profile",
]
