// Parse calendar files with Mozilla's ical.js (the parser of Thunderbird's
// calendar and of many web clients) and print what it understood as JSON.
//
//   node tests/js/check.mjs [--until YYYY-MM-DD] FILE...
//
// For each file: its METHOD and NAME, and for each VTODO/VEVENT its UID, texts,
// dates (value, whether a DATE, its zone, and the instant in UTC as ical.js
// computes it from the file's VTIMEZONE), categories, relations, alarms and, for a
// recurring object, the due dates of its occurrences up to --until. A file ical.js
// cannot parse ends the run with exit status 1 and the error on stderr.
//
// The Python tests (tests/ical/test_ical_clients.py) run this script and compare
// its output with the plan.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const args = process.argv.slice(2);
let until = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--until") {
    until = ICAL.Time.fromDateString(args[++i]);
  } else {
    files.push(args[i]);
  }
}

function time(value) {
  if (!value) return null;
  return {
    value: value.toString(),
    isDate: value.isDate,
    zone: value.isDate ? null : value.zone ? value.zone.tzid : null,
    utc: value.isDate ? null : value.toJSDate().toISOString(),
  };
}

function occurrences(component) {
  if (!component.hasProperty("rrule") && !component.hasProperty("rdate")) return null;
  const start = component.getFirstPropertyValue("dtstart");
  const expansion = new ICAL.RecurExpansion({ component, dtstart: start });
  const dates = [];
  for (let next = expansion.next(); next && (!until || next.compare(until) <= 0); next = expansion.next()) {
    dates.push(next.toString().slice(0, 10));
    if (dates.length > 2000) break;
  }
  return dates;
}

function item(kind, component) {
  const get = (name) => component.getFirstPropertyValue(name);
  return {
    kind,
    uid: get("uid"),
    summary: get("summary"),
    description: get("description"),
    status: get("status"),
    priority: get("priority"),
    percent: get("percent-complete"),
    sequence: get("sequence"),
    transp: get("transp"),
    organizer: get("organizer"),
    categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
    dtstamp: time(get("dtstamp")),
    dtstart: time(get("dtstart")),
    due: time(get("due")),
    dtend: time(get("dtend")),
    completed: time(get("completed")),
    rrule: component.hasProperty("rrule") ? get("rrule").toString() : null,
    occurrences: occurrences(component),
    related: component.getAllProperties("related-to").map((p) => ({
      uid: p.getFirstValue(),
      reltype: p.getParameter("reltype") ?? null,
    })),
    alarms: component.getAllSubcomponents("valarm").map((alarm) => {
      const trigger = alarm.getFirstProperty("trigger");
      const value = trigger.getFirstValue();
      return {
        action: alarm.getFirstPropertyValue("action"),
        trigger: value.toString(),
        seconds: value.toSeconds(),
        related: trigger.getParameter("related") ?? null,
      };
    }),
  };
}

const out = [];
for (const file of files) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const items = [];
  for (const kind of ["vtodo", "vevent"]) {
    for (const component of root.getAllSubcomponents(kind)) items.push(item(kind, component));
  }
  out.push({
    file,
    method: root.getFirstPropertyValue("method"),
    name: root.getFirstPropertyValue("name"),
    refresh: root.getFirstPropertyValue("refresh-interval")?.toString() ?? null,
    timezones: root.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")),
    items,
  });
}
process.stdout.write(JSON.stringify(out));
