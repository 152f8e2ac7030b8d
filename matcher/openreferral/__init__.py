"""Care offers published as Open Referral UK (HSDS-UK 3.0) services, for councils' directories."""

from matcher.openreferral.service import HSDS_PROFILE, HSDS_VERSION, list_services

__all__ = ["HSDS_PROFILE", "HSDS_VERSION", "list_services"]
