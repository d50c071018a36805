# Terminal text of `run`, `coverage`, `indicators` and `network info`.
# Times are m:ss strings and shares "12.3 %" strings, formatted before they
# reach a message.

## run
report-replications = {$years} simulated year(s) × {$replications} replications, seed {$seed}; when all suitable units are busy, {$busy}
report-busy-mutual-aid = mutual aid arrives {$delay} after the alarm
report-busy-queue = the alarm waits for the first unit to come free (FCFS)
report-standard = Standard: first unit on scene within {$limit} of the dispatch order (turnout {$turnout} + travel {$travel}); times are m:ss from the dispatch order (call handling is not modelled)
report-network = Road network: {$note}
report-verdict = Verdict: {$verdict}
report-all-incidents = All incidents: {$incidents} per replication, {$unreachable} unreachable
report-response-time = response time
report-travel-time = travel time
report-within-standard = within standard
report-waited = waited for a unit
report-mutual-aid = mutual aid
report-full-complement = full complement
report-short-of-units = short of units
report-short-of-units-note = of answered alarms never got every unit their rule asks for
report-mean = mean
report-median = median
report-mean-wait = mean wait
report-by-type = By incident type
report-by-setting = By setting
report-by-zone = By zone, slowest mean response first
report-more-zones = ... and {$count} faster zones (all are in the JSON report)
report-by-year = Alarms per year
report-by-unit = By unit
report-more-units = ... and {$count} more units (all are in the JSON report)
col-type = type
col-setting = setting
col-zone = zone
col-year = year
col-incidents = incidents
col-unreachable = unreach.
col-mean-response = mean resp.
col-ci95 = 95% CI
col-p90 = p90
col-p95 = p95
col-within-standard = within std
col-waited = waited
col-unit = unit
col-kind = kind
col-dispatches = dispatches/rep
col-utilization = utilization

## the verdict sentence
verdict-every-zone = in every one of the {$zones} zones most alarms do
verdict-some-zones = in {$failing} of {$zones} zones most alarms do not
verdict-run = {$share} of alarms see a first unit within {$limit} of the dispatch order; {$zones_part}
verdict-run-by-standard = {$share} of {$settings} alarms see a first unit within {$limit} of the dispatch order (the standard); all alarms, each by its own limit of {$yardstick}: {$mixed} (a mixed figure); {$zones_part}
verdict-unreachable = ; {$unreachable} alarms per replication cannot be reached at all

## indicators
indicators-title = Indicators from the scenario's own stations and {$population} residents
indicators-col-indicator = indicator
indicators-col-scenario = scenario
indicators-col-from = from
indicators-col-plan = plan {$label}
indicators-rounding = The plan rounds to 2 decimals (1 for %); a difference in the last digit can come from the population it used.

## network info
network-title = {$scenario} — road network
network-size = {$nodes} nodes, {$edges} directed edges, {$km} km of road
network-components = {$components} strongly connected component(s); the largest holds {$largest} nodes ({$share} %)
network-by-class = Road length by class
network-col-class = class
network-col-km = km
network-col-share = share
network-no-circuity = Circuity: no pair of nodes far enough apart to measure it
network-circuity = Circuity (shortest road distance / straight line) on {$pairs} random pairs at least {$km} km apart:
network-circuity-figures = min {$min}   p10 {$p10}   median {$median}   p90 {$p90}   max {$max}

## coverage
coverage-cells = Coverage on {$cell} m cells over {$region}: {$km2} km²{$builtup}; off-road legs at {$speed} km/h
coverage-builtup = , built-up area {$km2} km²
coverage-times = Times are from the dispatch order (turnout + travel), every unit free.
coverage-town-share = {$share} of the built-up area,{" "}
coverage-verdict = Verdict: {$town}{$region} of the region and {$demand} of expected alarms are reached within {$limit}; {$stations}
coverage-all-within-limit = every station's jurisdiction is within its area limit
coverage-over-limit = over the area limit: {$stations}
coverage-stations-needed = The area rule alone asks for at least {$count} ordinary station(s) in the built-up area.
coverage-stations = Stations (jurisdiction = the cells a station reaches first)
coverage-col-station = station
coverage-col-jurisdiction = jurisdiction km²
coverage-col-in-builtup = in built-up
coverage-col-judged = judged
coverage-col-limit = limit
coverage-col-meets = meets
coverage-col-reach = reach ≤{$limit} km²
coverage-col-farthest = farthest
coverage-yes = yes
coverage-no = NO
coverage-judged-note = judged: the built-up part of an `urban` station's jurisdiction, else all of it
coverage-share-within = Share reached within
coverage-col-within = within
coverage-col-region = region
coverage-col-builtup = built-up
coverage-col-residents = residents
coverage-col-alarms = expected alarms
coverage-unreached = {$km2} km² are reached by no station
coverage-barriers = Barriers: {$barriers}
coverage-region-builtin = builtin `{$name}` district outline
coverage-region-hull = convex hull of the road network plus {$margin} m (no [coverage] boundary)
coverage-barriers-rule = Jurisdictions follow the road network: an expressway, railway or river separates them only where the network has no link across it.
coverage-this-network = {" "}This network: {$note}

## validate
validate-ok = {$file}: ok — {$nodes} nodes, {$stations} stations, {$units} units, {$types} incident types, {$points} demand points in {$zones} zones
col-station = station
col-node = road node
col-snapped = snapped
station-named-node = (named)
report-stations = Stations on the road network

## the command line
cli-json-written = JSON written to {$file}
cli-html-written = HTML report written to {$file}
cli-wrote = wrote {$file}
network-circuity-all = Circuity (shortest road distance / straight line) on all {$pairs} pairs of nodes at least {$km} km apart:
network-note-schematic = SCHEMATIC Liangping graph (scenarios/liangping/generator.toml): town points, named roads as hand-placed waypoints, length = straight line x circuity of the road class and the township; calibrated on the road distances between the 33 township seats measured on a vendor road network of about 2015 (seat_road_km.csv: graph / measured over the 435 pairs of known seats, median 1.00, p10 0.87, p90 1.05); expressways are entered only at interchanges, rivers and railways are not encoded. Not a road map.
network-class-mountain = {$class} (mountain)
network-class = { $class ->
        [expressway] expressway
        [national] national road
        [provincial] provincial road
        [county] county road
        [village] village road
        [urban_arterial] urban arterial
        [urban_street] urban street
        [ramp] ramp
        [motorway] motorway
        [motorway_link] motorway link
        [trunk] trunk road
        [trunk_link] trunk link
        [primary] primary road
        [primary_link] primary link
        [secondary] secondary road
        [secondary_link] secondary link
        [tertiary] tertiary road
        [tertiary_link] tertiary link
        [unclassified] minor road
        [residential] residential street
        [living_street] living street
        [service] service road
       *[other] {$class}
    }
network-note = Note: {$note}
network-import-read = {$file}: {$nodes} OSM nodes and {$ways} ways read in {$seconds} s ({$rate} M nodes/s)
network-import-kept = {$kept} drivable ways kept, {$excluded} highways left out (class, access, area), {$missing} references to nodes not in the extract
network-import-clipped = {$pieces} way pieces after clipping -> {$nodes} nodes, {$links} links
network-import-components = largest of {$components} strongly connected components kept: dropped {$nodes} nodes and {$links} links
network-import-km = km by class (one-way and two-way links counted once): {$classes}
network-import-wrote = wrote {$file} ({$nodes} nodes, {$links} links, {$megabytes} MB)
network-export-wrote = wrote {$file} ({$links} links of {$source})
report-places-snapped = Demand places of builtin `{$builtin}` snapped to this network by their coordinates: {$places} places, median {$median} m, furthest {$max} m
report-records = Alarm records: all {$rows} rows of {$file} ({$first}–{$last}) { $how ->
    [bootstrap] with each replication's years drawn from the record's with replacement
   *[exact] replayed at their times and places
}; {$with_on_scene} give their on-scene time, the rest are drawn
report-records-jitter = each replication moves every record to a road node within {$jitter} m of its place
report-by-hour = By hour of the day of the alarm
col-hour = hour
cli-stdout-failed = cannot write to standard output: {$reason}
coverage-too-many-cells = the region ({$width} km × {$height} km) at {$cell} m cells needs {$cells} cells, more than {$max}; use cells of at least {$suggested} m (--cell-m {$suggested})
coverage-region-too-large = the region ({$width} km × {$height} km) needs more than {$max} cells even at the largest cells, {$largest} m; check the coordinates of its outline, roads and places
coverage-skipped-map = warning: {$file}: no coverage map in the report: {$reason}
coverage-skipped-analysis = warning: no coverage analysis in the reports: {$reason}
uncertainty-note = The intervals in brackets are 95 % confidence intervals: they cover the noise of a finite number of replications only, not the assumptions (road speeds, turnout, station sites, where and when alarms come). How far those move the answer is for a sweep of the assumptions to show.
