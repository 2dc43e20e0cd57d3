"""A strict checker of the RFC rules our calendar files promise, written apart from
icalendar (its own parser would forgive what it writes).

``problems(data, ...)`` returns every broken rule as a readable line; tests assert
the list is empty. The rules (RFC 5545 unless said otherwise):

- every line ends with CRLF; no bare CR or LF anywhere;
- no physical line is longer than 75 octets, and folding never splits a UTF-8
  character (each physical line decodes on its own);
- BEGIN/END nest; VERSION:2.0 and PRODID once in VCALENDAR;
- every VTODO/VEVENT has one UID (unique in the file) and one DTSTAMP in UTC;
- a VTODO with DUE has DTSTART of the same value type, not after DUE;
- an all-day VEVENT ends the next day (DTEND;VALUE=DATE, exclusive) and is
  TRANSPARENT; a timed one has DTSTART before DTEND;
- CATEGORIES is never empty and has no empty item;
- every TZID has its VTIMEZONE, and no TZID is a bare UTC offset;
- COMPLETED is in UTC; SEQUENCE ≥ 0, PRIORITY 0–9, PERCENT-COMPLETE 0–100;
- TEXT values use only the escapes RFC 5545 defines (\\\\ \\; \\, \\n \\N);
- RRULE never uses BYSETPOS;
- VALARM has ACTION, TRIGGER and (for DISPLAY) DESCRIPTION;
- REFRESH-INTERVAL says VALUE=DURATION (RFC 7986);
- METHOD:PUBLISH: every object has ORGANIZER, a VTODO also PRIORITY and DTSTART
  (RFC 5546, 3.4.1 and 3.2.1); no METHOD: no ORGANIZER, and with
  ``single_object`` exactly one object (RFC 4791, 4.1).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

TEXT_PROPS = {"SUMMARY", "DESCRIPTION", "NAME", "X-WR-CALNAME", "X-WR-CALDESC", "COMMENT"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass
class Prop:
    name: str
    params: dict[str, str]
    value: str
    line: int


@dataclass
class Comp:
    name: str
    line: int
    props: list[Prop] = field(default_factory=list)
    children: list[Comp] = field(default_factory=list)

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def one(self, name: str) -> Prop | None:
        found = self.all(name)
        return found[0] if found else None

    def walk(self) -> list[Comp]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def _split_params(head: str) -> tuple[str, dict[str, str]]:
    parts: list[str] = []
    current, quoted = "", False
    for char in head:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    params = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        params[key.upper()] = value.strip('"')
    return parts[0].upper(), params


def _content(logical: str) -> tuple[str, str]:
    quoted = False
    for index, char in enumerate(logical):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return logical[:index], logical[index + 1 :]
    raise ValueError(f"no ':' in {logical!r}")


def parse(data: bytes) -> tuple[Comp, list[str]]:
    """Parse into components; the problems of the physical layer come back too."""
    issues: list[str] = []
    if not data.endswith(b"\r\n"):
        issues.append("the file does not end with CRLF")
    body = data.replace(b"\r\n", b"")
    if b"\r" in body or b"\n" in body:
        issues.append("a bare CR or LF outside a CRLF line ending")
    physical = data.split(b"\r\n")
    if physical and physical[-1] == b"":
        physical.pop()
    logical: list[tuple[int, str]] = []
    for number, raw in enumerate(physical, start=1):
        if len(raw) > 75:
            issues.append(f"line {number}: {len(raw)} octets (more than 75)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            issues.append(f"line {number}: folding split a UTF-8 character")
            text = raw.decode("utf-8", "replace")
        if text.startswith((" ", "\t")):
            if not logical:
                issues.append(f"line {number}: a continuation line comes first")
                continue
            start, previous = logical[-1]
            logical[-1] = (start, previous + text[1:])
        else:
            logical.append((number, text))
    root = Comp("", 0)
    stack = [root]
    for number, text in logical:
        head, value = _content(text)
        name, params = _split_params(head)
        if name == "BEGIN":
            comp = Comp(value.upper(), number)
            stack[-1].children.append(comp)
            stack.append(comp)
        elif name == "END":
            if len(stack) == 1 or stack[-1].name != value.upper():
                issues.append(f"line {number}: END:{value} does not match")
            else:
                stack.pop()
        else:
            stack[-1].props.append(Prop(name, params, value, number))
    if len(stack) != 1:
        issues.append(f"BEGIN:{stack[-1].name} of line {stack[-1].line} is never closed")
    return root, issues


def _date_value(prop: Prop) -> dt.date | dt.datetime:
    value = prop.value
    if prop.params.get("VALUE") == "DATE" or len(value) == 8:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    return dt.datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")


def _split_list(value: str) -> list[str]:
    return re.split(r"(?<!\\),", value) if value else []


def problems(
    data: bytes,
    *,
    method: str | None = "PUBLISH",
    single_object: bool = False,
) -> list[str]:
    """Every rule of the module docstring that ``data`` breaks."""
    root, issues = parse(data)
    if len(root.children) != 1 or root.children[0].name != "VCALENDAR":
        return [*issues, "the file is not one VCALENDAR"]
    cal = root.children[0]
    version = cal.all("VERSION")
    if len(version) != 1 or version[0].value != "2.0":
        issues.append("VCALENDAR needs VERSION:2.0 once")
    if len(cal.all("PRODID")) != 1:
        issues.append("VCALENDAR needs one PRODID")
    found_method = cal.one("METHOD")
    if (found_method.value if found_method else None) != method:
        issues.append(f"METHOD is {found_method and found_method.value!r}, expected {method!r}")
    refresh = cal.one("REFRESH-INTERVAL")
    if refresh is not None and refresh.params.get("VALUE") != "DURATION":
        issues.append(f"line {refresh.line}: REFRESH-INTERVAL without VALUE=DURATION")
    zones = {p.value for c in cal.children if c.name == "VTIMEZONE" for p in c.all("TZID")}
    objects = [c for c in cal.children if c.name in ("VTODO", "VEVENT")]
    if single_object and len(objects) != 1:
        issues.append(f"{len(objects)} objects; an object resource holds exactly one")
    uids: set[tuple[str, str]] = set()
    for comp in cal.walk():
        for prop in comp.props:
            where = f"line {prop.line} ({comp.name} {prop.name})"
            tzid = prop.params.get("TZID")
            if tzid is not None:
                if tzid not in zones:
                    issues.append(f"{where}: TZID={tzid} has no VTIMEZONE")
                if re.fullmatch(r"[+-]?\d{1,2}(:?\d{2})?", tzid.strip('"')):
                    issues.append(f"{where}: TZID={tzid} is a fixed offset")
            if prop.name in TEXT_PROPS or prop.name == "CATEGORIES":
                for escape in _ESCAPE.findall(prop.value):
                    if escape not in "\\;,nN":
                        issues.append(f"{where}: undefined escape \\{escape}")
                if re.search(r"(?<!\\)(?:\\\\)*[;]", prop.value) and prop.name != "CATEGORIES":
                    issues.append(f"{where}: unescaped ';' in a TEXT value")
            if prop.name == "CATEGORIES":
                items = _split_list(prop.value)
                if not items or any(not item for item in items):
                    issues.append(f"{where}: empty CATEGORIES or an empty category")
            if prop.name == "RRULE" and "BYSETPOS" in prop.value.upper():
                issues.append(f"{where}: BYSETPOS")
            if prop.name == "COMPLETED" and not prop.value.endswith("Z"):
                issues.append(f"{where}: COMPLETED is not in UTC")
            if prop.name == "SEQUENCE" and not (prop.value.isdigit()):
                issues.append(f"{where}: SEQUENCE {prop.value!r}")
            if prop.name == "PRIORITY" and not (prop.value.isdigit() and int(prop.value) <= 9):
                issues.append(f"{where}: PRIORITY {prop.value!r}")
            if prop.name == "PERCENT-COMPLETE" and not (
                prop.value.isdigit() and int(prop.value) <= 100
            ):
                issues.append(f"{where}: PERCENT-COMPLETE {prop.value!r}")
        if comp.name == "VALARM":
            action = comp.one("ACTION")
            if action is None or comp.one("TRIGGER") is None:
                issues.append(f"line {comp.line}: VALARM without ACTION or TRIGGER")
            elif action.value == "DISPLAY" and comp.one("DESCRIPTION") is None:
                issues.append(f"line {comp.line}: DISPLAY alarm without DESCRIPTION")
    for comp in objects:
        where = f"line {comp.line} ({comp.name})"
        uid = comp.all("UID")
        stamp = comp.all("DTSTAMP")
        if len(uid) != 1:
            issues.append(f"{where}: {len(uid)} UIDs")
        else:
            rid = comp.one("RECURRENCE-ID")
            key = (uid[0].value, rid.value if rid else "")
            if key in uids:
                issues.append(f"{where}: UID {uid[0].value} is used twice")
            uids.add(key)
        if len(stamp) != 1 or not re.fullmatch(r"\d{8}T\d{6}Z", stamp[0].value):
            issues.append(f"{where}: needs one DTSTAMP in UTC")
        start, due, end = comp.one("DTSTART"), comp.one("DUE"), comp.one("DTEND")
        if comp.name == "VTODO" and due is not None:
            if start is None:
                issues.append(f"{where}: DUE without DTSTART")
            elif (start.params.get("VALUE"), "TZID" in start.params) != (
                due.params.get("VALUE"),
                "TZID" in due.params,
            ) or len(start.value) != len(due.value):
                issues.append(f"{where}: DTSTART and DUE of different value types")
            elif _date_value(start) > _date_value(due):  # type: ignore[operator]
                issues.append(f"{where}: DTSTART after DUE")
        if comp.name == "VEVENT":
            if start is None or end is None:
                issues.append(f"{where}: an event needs DTSTART and DTEND")
            elif start.params.get("VALUE") == "DATE":
                first, last = _date_value(start), _date_value(end)
                if end.params.get("VALUE") != "DATE" or last != first + dt.timedelta(days=1):
                    issues.append(f"{where}: an all-day deadline ends the next day (DATE)")
                transp = comp.one("TRANSP")
                if transp is None or transp.value != "TRANSPARENT":
                    issues.append(f"{where}: an all-day deadline is TRANSPARENT")
            elif _date_value(start) >= _date_value(end):  # type: ignore[operator]
                issues.append(f"{where}: DTSTART not before DTEND")
        if method == "PUBLISH":
            needed = ["ORGANIZER", "SUMMARY"] + (
                ["PRIORITY", "DTSTART"] if comp.name == "VTODO" else []
            )
            for name in needed:
                if comp.one(name) is None:
                    issues.append(f"{where}: PUBLISH needs {name}")
        elif comp.one("ORGANIZER") is not None:
            issues.append(f"{where}: ORGANIZER in an object without METHOD")
    return issues


def unfolded(data: bytes) -> list[str]:
    """The logical lines of ``data`` (for comparing two files line by line)."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
