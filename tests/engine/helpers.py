"""Small helpers shared by the engine tests."""

from __future__ import annotations

from typing import Any

from imp_engine import assess


def verdicts(profile: dict[str, Any], language: str = "en") -> dict[str, dict[str, Any]]:
    return {route["id"]: route for route in assess(profile, language)["routes"]}


def verdict(profile: dict[str, Any], route_id: str) -> str:
    return verdicts(profile)[route_id]["verdict"]


YP_READY = {"has_job_offer": True, "job_offer_teer": 1}
COOP_READY = {"is_student": True, "internship_required": True, "has_job_offer": True}
CATEGORY_ROUTES = {
    "working_holiday": ("iec_working_holiday", {}),
    "young_professionals": ("iec_young_professionals", YP_READY),
    "international_coop": ("iec_international_coop", COOP_READY),
}
