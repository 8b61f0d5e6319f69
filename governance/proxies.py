"""The proxy rules shared by a proposal's proxies and an assembly's: one place for caps and colleges."""

from __future__ import annotations

from typing import Any, Collection, Mapping

from governance.errors import ProxyRuleBroken
from governance.statutes import Statutes


def check_not_to_itself(principal: str, holder: str) -> None:
    """Giving oneself a proxy is never a matter of state: checked before any other rule."""
    if principal == holder:
        raise ProxyRuleBroken("a member cannot give its proxy to itself")


def check_proxy_grant(*, proxies: Mapping[str, Mapping[str, Any]], electorate: Mapping[str, str],
                      statutes: Statutes, principal: str, holder: str, live: Collection[str]) -> None:
    """Refuse a proxy from `principal` to `holder` that breaks a rule of the statutes (rules doc §4).

    `proxies` maps principal → {"holder", "status"}; `live` are the statuses that still bind a
    principal and its holder (a proposal's used proxies count towards the cap, for instance).
    Callers check `check_not_to_itself` first.
    """
    if proxies.get(holder, {}).get("status") in live:
        raise ProxyRuleBroken("a member who has given its own proxy cannot hold proxies")
    if any(p["holder"] == principal and p["status"] in live for p in proxies.values()):
        raise ProxyRuleBroken("a member holding proxies cannot give its own proxy")
    if statutes.proxy_same_college and electorate[principal] != electorate[holder]:
        raise ProxyRuleBroken("the statutes require the proxy holder to be in the principal's college")
    cap = statutes.max_proxies_per_holder
    held = sum(1 for p in proxies.values() if p["holder"] == holder and p["status"] in live)
    if cap is not None and held >= cap:
        raise ProxyRuleBroken("the statutes cap proxies at {cap} per holder, and this holder already has {held}",
                              cap=cap, held=held)
