"""The checks of a PCA order's pump settings, one function per question a second nurse or
pharmacist asks: tolerance, the background, the hour limit, the most per hour (and per four
hours), the bolus convention, the lockout and the subcut volumes.

Each returns a list of :class:`~analgesia.safety_rules.Finding` and reads its thresholds from
the rule rows (:mod:`analgesia.rulebook`); :func:`analgesia.safety.check_pca` runs them all.
"""

from __future__ import annotations

from .rulebook import default_rule, naive_bolus, only, span
from .safety_rules import AT_THRESHOLD, EPS, TEXT, Finding, both, cite, ratio, ref
from .units import Q, _num, fmt, fmt_percent, fmt_unit

# The window of the pump's "4-hour limit" setting: the name of the setting, not a dose.
FOUR_HOURS = Q(4, "h")


def tolerance(settings, tolerant, reservoir) -> list[Finding]:
    """No background for an opioid-naive patient (or one whose tolerance is not stated), and a
    bolus from the naive range."""
    out = []
    bg, bolus = settings.background, settings.bolus
    row = only("background_opioid_tolerant_only")
    if bg.magnitude > 0 and tolerant is False:
        out.append(Finding("danger", "background_opioid_naive", TEXT(
            "background_naive", background=both(bg, reservoir)),
            cite(row, TEXT("t_no_background", zero=fmt(0 * bg)))))
    elif bg.magnitude > 0 and tolerant is None:
        out.append(Finding("warning", "background_tolerance_unknown",
                           TEXT("background_unknown", background=both(bg, reservoir)),
                           cite(row, TEXT["t_tolerance_first"])))
    naive = naive_bolus(settings.drug)
    if tolerant is False and naive is not None and bolus.magnitude > 0:
        high = Q(naive.high, naive.unit).to("mg")
        fields = dict(bolus=both(bolus, reservoir), range=span(naive).replace(
            " mg", f" {naive.unit}"), drug=settings.drug, high=fmt(high))
        key, code, level = "naive_bolus_ok", "naive_bolus_ok", "info"
        if bolus > high * (1 + EPS):
            key, code, level = "naive_bolus_high", "naive_bolus_above_range", "danger"
        out.append(Finding(level, code, TEXT(key, **fields), cite(naive, fmt(high))))
    return out


def background(bg, daily, req, basis) -> list[Finding]:
    """A background far above (a danger) or above (a warning) the daily dose / 24 h."""
    if daily is None or bg.magnitude <= 0:
        return []
    row = default_rule("background_danger")
    times = (bg / req).to("dimensionless").magnitude
    fields = dict(background=fmt(bg), ratio=ratio(times), req=fmt(req), basis=basis,
                  times=ratio(row.high), limit=fmt(req * row.high))
    if times > row.high + EPS:
        return [Finding("danger", "background_far_above_requirement",
                        TEXT("background_far", **fields), cite(row, fields["limit"]))]
    if times > 1 + AT_THRESHOLD:
        return [Finding("warning", "background_above_requirement",
                        TEXT("background_above", **fields),
                        cite(default_rule("bolus_maintenance"), fmt(req)))]
    return []


def limit_span(req):
    """The hour-limit rule and its multiples (and, with a requirement, the limits in mg/h)."""
    row = default_rule("hour_limit")
    found = {"low": ratio(row.low), "high": ratio(row.high), "ref": ref(row)}
    if req is not None:
        found.update(req=fmt(req), limit_low=fmt(req * row.low),
                     limit_high=fmt(req * row.high))
    return row, found


def hour_limit(settings, req, basis, reservoir) -> list[Finding]:
    """No hour limit, one that limits nothing, or one outside the usual multiples."""
    row, found = limit_span(req)
    threshold = TEXT("t_requirement", low=found["low"], high=found["high"])
    limit = settings.hour_limit
    if limit is None:
        suggest = TEXT("suggest_limit" if req is not None else "suggest_none", **found)
        return [Finding("warning", "no_hour_limit", TEXT(
            "no_hour_limit", max_hour=both(settings.max_per_hour, reservoir), suggest=suggest),
            cite(row, threshold))]
    uncapped = settings.max_per_hour_uncapped
    if limit >= uncapped * (1 - EPS):
        return [Finding("danger", "hour_limit_limits_nothing", TEXT(
            "limit_nothing", limit=fmt(limit), uncapped=fmt(uncapped),
            lockout=fmt(settings.lockout), steps=settings.max_per_hour_steps[0]),
            cite(row, TEXT("t_below", limit=fmt(uncapped))))]
    if req is None:
        return [Finding("info", "hour_limit_unchecked",
                        TEXT("limit_unknown", limit=fmt(limit)), cite(row, threshold))]
    times = (limit / req).to("dimensionless").magnitude
    key, level = "limit_ok", "info"
    if times < row.low - AT_THRESHOLD:
        key, level = "limit_low", "warning"
    elif times > row.high + AT_THRESHOLD:
        key, level = "limit_high", "warning"
    return [Finding(level, f"hour_limit_{key.split('_')[1]}", TEXT(
        key, limit=fmt(limit), ratio=ratio(times), basis=basis, **found),
        cite(row, threshold))]


def maximum(settings, req, day_mg, reservoir, four) -> list[Finding]:
    """The most the pump can give in one hour (against the requirement) and in four."""
    row, found = limit_span(req)
    steps = "; ".join(settings.max_per_hour_steps)
    if reservoir is not None:
        steps += f" ({fmt(reservoir.volume_of(settings.max_per_hour))})"
    out = [Finding("info", "max_per_hour", TEXT("max_hour", steps=steps),
                   cite(row, TEXT("t_requirement", low=found["low"], high=found["high"])))]
    if req is not None:
        out += _most_per_hour(settings.max_per_hour, req, day_mg, reservoir, row, found)
    return out + four_hours(settings.max_per_hour, day_mg, four)


def _most_per_hour(top, req, day_mg, reservoir, row, found) -> list[Finding]:
    danger = default_rule("max_hour_danger")
    times = (top / req).to("dimensionless").magnitude
    share = fmt_percent((top * Q(1, "h") / day_mg).to("dimensionless").magnitude)
    fields = dict(max_hour=both(top, reservoir), ratio=ratio(times), share=share,
                  daily=fmt(day_mg), danger=ratio(danger.high),
                  limit=fmt(req * danger.high), **found)
    if times > danger.high + EPS:
        return [Finding("danger", "max_hour_far_above_requirement",
                        TEXT("max_far", **fields), cite(danger, fields["limit"]))]
    if times > row.high + AT_THRESHOLD:
        return [Finding("warning", "max_hour_above_requirement",
                        TEXT("max_above", **fields), cite(row, found["limit_high"]))]
    return []


def four_hours(top, day_mg, four) -> list[Finding]:
    """What four hours at the most per hour (or the 4-hour limit) can give, and a 4-hour limit
    that limits nothing."""
    row = default_rule("four_hour_limit")
    by_hour = (top * FOUR_HOURS).to("mg")
    max4 = by_hour if four is None else min(by_hour, four.to("mg"))
    share4 = "" if day_mg is None else TEXT(
        "four_share", share=fmt_percent((max4 / day_mg).to("dimensionless").magnitude),
        daily=fmt(day_mg))
    how = (TEXT("four_how_hour", hours=_num(FOUR_HOURS.magnitude))
           if four is None or four >= by_hour else TEXT["four_how_limit"])
    out = [Finding("info", "max_four_hours", TEXT(
        "four_hours", window=fmt(FOUR_HOURS), max4=fmt(max4), how=how, share=share4),
        cite(row, TEXT("t_times_limit", times=ratio(row.high))))]
    if four is not None and four >= by_hour * (1 - EPS):
        out.append(Finding("danger", "four_hour_limit_limits_nothing", TEXT(
            "four_nothing", limit=fmt(four), max4=fmt(by_hour), window=fmt(FOUR_HOURS),
            times=ratio(row.high), source_line=row.origin.source),
            cite(row, TEXT("t_below", limit=fmt(by_hour)))))
    return out


def bolus(settings, tolerant, day_mg, reservoir) -> list[Finding]:
    """The bolus against the convention of the pump's mode: a share of the 24 h dose without
    a background, a share of the hourly rate with one."""
    bg, dose = settings.background, settings.bolus
    if dose.magnitude <= 0:
        row = default_rule("bolus_bolus_only")
        return [Finding("warning", "no_bolus", TEXT["no_bolus"],
                        cite(row, TEXT("t_a_bolus", zero=fmt(0 * dose))))]
    if bg.magnitude <= 0:
        if tolerant is False or day_mg is None:
            return []  # naive: the naive range above; no daily dose: nothing to compare with
        return _bolus_only(dose, day_mg, reservoir)
    return _bolus_with_background(bg, dose, day_mg, reservoir)


def _bolus_only(dose, day_mg, reservoir) -> list[Finding]:
    row = default_rule("bolus_bolus_only")
    frac = (dose / day_mg).to("dimensionless").magnitude
    inside = row.low - EPS <= frac <= row.high + EPS
    width = span(row)
    return [Finding("info" if inside else "warning",
                    "bolus_fraction_ok" if inside else "bolus_fraction",
                    TEXT("bolus_only_ok" if inside else "bolus_only_far",
                         bolus=both(dose, reservoir), pct=fmt_percent(frac), daily=fmt(day_mg),
                         span=width, ref=ref(row), bolus_low=fmt(day_mg * row.low),
                         bolus_high=fmt(day_mg * row.high)),
                    cite(row, TEXT("t_of_daily", span=width)))]


def _bolus_with_background(bg, dose, day_mg, reservoir) -> list[Finding]:
    row = default_rule("bolus_with_background")
    lin = default_rule("bolus_maintenance")
    hourly = (bg * Q(1, "h")).to("mg")
    times = (dose / hourly).to("dimensionless").magnitude
    day = day_mg if day_mg is not None else (bg * Q(24, "h")).to("mg")
    daily_frac = (dose / day).to("dimensionless").magnitude
    width = span(row)
    fields = dict(bolus=both(dose, reservoir), pct=fmt_percent(times), background=fmt(bg),
                  span=width, ref=ref(row), bolus_low=fmt(hourly * row.low),
                  bolus_high=fmt(hourly * row.high), lin_span=span(lin), lin_ref=ref(lin),
                  lin_high=fmt(day * lin.high), daily=fmt(day),
                  daily_pct=fmt_percent(daily_frac))
    threshold = TEXT("t_of_hourly", span=width)
    if times < row.low - EPS:
        return [Finding("warning", "bolus_small", TEXT("bolus_hourly_small", **fields),
                        cite(row, threshold))]
    if times <= row.high + EPS:
        return [Finding("info", "bolus_hourly_ok", TEXT("bolus_hourly_ok", **fields),
                        cite(row, threshold))]
    if daily_frac <= lin.high + EPS:
        return [Finding("info", "bolus_between_conventions", TEXT("bolus_between", **fields),
                        cite(row, threshold))]
    return [Finding("warning", "bolus_large", TEXT("bolus_hourly_large", **fields),
                    cite(lin, TEXT("t_of_daily", span=span(lin))))]


def lockout(settings, half_life, hl_low, hl_high) -> list[Finding]:
    """The lockout by route: subcut against Hallenbeck's minimum and preferred range and the
    absorption assumption; IV against the published table."""
    wait = settings.lockout.to("min")
    if settings.route == "subcutaneous":
        return _subcut_lockout(wait) + [_absorbed(wait, half_life, hl_low, hl_high)]
    row = default_rule("lockout_intravenous")
    inside = row.low - EPS <= wait.magnitude <= row.high + EPS
    return [Finding("info" if inside else "warning",
                    "lockout_iv" if inside else "lockout_iv_outside",
                    TEXT("lockout_iv", lockout=fmt(wait),
                         where=TEXT["within" if inside else "outside"], span=span(row)),
                    cite(row, span(row)))]


def _subcut_lockout(wait) -> list[Finding]:
    minimum = default_rule("lockout_minimum_subcutaneous")
    preferred = default_rule("lockout_subcutaneous")
    fields = dict(lockout=fmt(wait), minimum=fmt(Q(minimum.low, minimum.unit)),
                  preferred=span(preferred), ref=ref(preferred))
    if wait < Q(minimum.low, minimum.unit) * (1 - EPS):
        return [Finding("warning", "lockout_below_sc_minimum",
                        TEXT("lockout_below_sc", **fields), cite(minimum, fields["minimum"]))]
    key = "lockout_short_sc" if wait < Q(preferred.low, preferred.unit) * (1 - EPS) else (
        "lockout_ok_sc")
    return [Finding("info", key, TEXT(key, **fields), cite(preferred, span(preferred)))]


def _absorbed(wait, half_life, hl_low, hl_high) -> Finding:
    """How much of a subcut bolus is absorbed by the end of one lockout (the assumption)."""
    absorbed = 1 - 0.5 ** (wait / half_life).to("dimensionless").magnitude
    short = wait < half_life * (1 - EPS)
    return Finding("warning" if short else "info", "lockout_sc", TEXT(
        "lockout_sc", lockout=fmt(wait), half_life=fmt(half_life),
        hl_span=TEXT("hl_span", low=_num(hl_low), high=_num(hl_high),
                     unit=fmt_unit(half_life.units)),
        pct=fmt_percent(absorbed), lockout_min=_num(wait.magnitude),
        hl_min=_num(half_life.magnitude)), TEXT["assumption"])


def volumes(settings, reservoir) -> list[Finding]:
    """A bolus larger than the reservoir; subcut volumes above what one injection holds and
    what the tissue absorbs per hour."""
    if reservoir is None:
        return []
    out = []
    bolus_volume = reservoir.volume_of(settings.bolus)
    bolus_rule = default_rule("sc_bolus_volume")
    if bolus_volume > reservoir.volume:
        out.append(Finding("danger", "bolus_exceeds_reservoir", TEXT(
            "bolus_over_reservoir", bolus_volume=fmt(bolus_volume), volume=fmt(reservoir.volume)),
            cite(bolus_rule, fmt(reservoir.volume))))
    if settings.route != "subcutaneous":
        return out
    rate_rule = default_rule("sc_volume_per_hour")
    bolus_limit = Q(bolus_rule.low, bolus_rule.unit)
    rate_limit = Q(rate_rule.high, rate_rule.unit)
    if bolus_volume > bolus_limit * (1 + EPS):
        out.append(Finding("danger", "sc_bolus_volume", TEXT(
            "sc_bolus_volume", volume=fmt(bolus_volume), limit=fmt(bolus_limit),
            abdomen=fmt(Q(bolus_rule.high, bolus_rule.unit))), cite(bolus_rule, fmt(bolus_limit))))
    bg_volume = reservoir.volume_of(settings.background).to("mL/h")
    top_volume = reservoir.volume_of(settings.max_per_hour).to("mL/h")
    if bg_volume > rate_limit * (1 + EPS):
        out.append(Finding("danger", "sc_background_volume", TEXT(
            "sc_background_volume", volume=fmt(bg_volume), limit=fmt(rate_limit)),
            cite(rate_rule, fmt(rate_limit))))
    elif top_volume > rate_limit * (1 + EPS):
        out.append(Finding("warning", "sc_max_volume", TEXT(
            "sc_max_volume", volume=fmt(top_volume), limit=fmt(rate_limit)),
            cite(rate_rule, fmt(rate_limit))))
    return out


# The checks take the values check_pca() has already validated: callers use check_pca.
__all__: list[str] = []
