# Checks of scenario files and inputs: validation messages and their frame.
check-warning = warning: {$message}
check-summary = {$file}: {$count} error(s); nothing was run
check-error = error: {$message}
check-not-finite = must be a finite number, not {$value}
check-not-above = must be greater than {$min}, not {$value}
check-not-at-least = must be at least {$min}, not {$value}
check-unknown-key = unknown key
check-unknown-key-suggest = unknown key; did you mean `{$key}`?
check-missing-key = required key is missing
check-too-many-type-errors = stopped after {$count} type errors; fix these first
check-empty = must not be empty
check-at-least-one = must be at least 1
check-no-station = at least one station is needed
check-no-units = station has no units
check-no-incident-type = at least one incident type is needed
check-unknown-node = unknown node `{$node}`
check-unknown-node-suggest = unknown node `{$node}`; did you mean {$similar}?
check-snap-too-far = the nearest road node, `{$node}`, is {$distance} m away, more than [network] max_snap_m = {$max} m: check the coordinate (a typo in lon or lat?) or the network's extent
check-snapped-far = snapped to node `{$node}` {$distance} m away
check-extends-too-deep = extends chain deeper than {$depth} files at {$file}
check-extends-cycle = extends cycle: {$files}
check-extends-not-a-path = must be a file path (a string)
check-unset-not-an-array = must be an array of key paths, e.g. ["coverage.boundary"]
check-unset-not-a-path = must hold key paths (strings)
check-unset-unknown = `{$key}`: no such inherited key
check-replaces-inherited = replaces the {$count} inherited entries from {$file}; `{$add}` adds to them instead
check-toml = not valid TOML: {$detail}
check-toml-integer = not valid TOML: {$detail}; a TOML integer is at most 9223372036854775807 (2^63 − 1)
check-file-missing = cannot read {$file}: no such file
check-file-denied = cannot read {$file}: permission denied
check-cannot-read = cannot read {$file}: {$reason}
check-not-regular = {$file} is not a regular file (a folder, device, pipe or socket)
check-too-large = {$file} is {$size} MB; { $kind ->
        [scenario] a scenario file
        [geodata] a GeoJSON or CSV file
        [graph] a .fcnet road graph
        [partial] a partial result (.fcpart)
       *[other] such a file
    } may be at most {$limit} MB
check-not-utf8 = {$file}:{$line}: not valid UTF-8 (byte {$byte} of the file); save it as UTF-8 (a GBK or GB 2312 file must be converted, e.g. `iconv -f GBK -t UTF-8`)
check-control-character = contains the control character {$code}; names and text must be printable

check-wrong-type = invalid type: { $found_kind ->
        [string] string {$found}
        [integer] integer {$found}
        [float] number {$found}
        [boolean] boolean {$found}
        [table] a table
        [array] an array
        [date] a date {$found}
       *[other] {$found}
    }, expected { $expected_kind ->
        [count] a whole number, 0 or more
        [whole] a whole number
        [number] a number
        [string] a string
        [boolean] true or false
        [array] an array [ .. ]
        [table] a table {"{"} .. {"}"}
        [place] a node id (string) or {"{"} lon = .., lat = .. {"}"}
        [when-busy] "queue" or {"{"} mutual_aid_delay_s = SECONDS {"}"}
        [one-of] one of {$expected}
       *[other] {$expected}
    }
check-wrong-value = invalid value: { $found_kind ->
        [string] string {$found}
        [integer] integer {$found}
        [float] number {$found}
        [boolean] boolean {$found}
        [table] a table
        [array] an array
        [date] a date {$found}
       *[other] {$found}
    }, expected { $expected_kind ->
        [count] a whole number, 0 or more
        [whole] a whole number
        [number] a number
        [string] a string
        [boolean] true or false
        [array] an array [ .. ]
        [table] a table {"{"} .. {"}"}
        [place] a node id (string) or {"{"} lon = .., lat = .. {"}"}
        [when-busy] "queue" or {"{"} mutual_aid_delay_s = SECONDS {"}"}
        [one-of] one of {$expected}
       *[other] {$expected}
    }
check-unknown-choice = unknown choice {$found}, expected { $expected_kind ->
        [one-of] one of {$expected}
       *[other] {$expected}
    }
check-output-no-folder = {$file}: the folder {$folder} does not exist
check-output-is-folder = is a folder; a file was asked for
check-output-not-regular = is not a regular file (a device, pipe or socket); give a file name
check-output-is-file = is a file; the report is a folder (index.html and its tables)
check-output-is-file-not-folder = is a file; a folder was asked for
check-output-not-a-report = {$folder}: the folder exists and is not a firecover report (it has no {$marker}); choose a new or empty folder so that none of its files are replaced
check-output-not-only-a-report = {$folder}: the folder is an earlier firecover report, but {$entry} is not one of its files; move it out, or choose another folder, so that nothing of yours is replaced
check-output-overlap = {$first} and {$second}: two outputs on one path, or one inside the other; give each its own
check-duplicate-node = duplicate node id `{$node}` (first in {$first})
check-longitude = must be a longitude in [-180, 180], not {$value}
check-latitude = must be a latitude in [-90, 90], not {$value}
check-duplicate-station = duplicate station id `{$station}` (first at stations[{$first}])
check-at-most-a-day = at most {$max} s (a day), not {$value}
check-kind-twice = unit kind `{$kind}` listed twice
check-unknown-kind = unknown unit kind `{$kind}` ({ $has_units ->
        [no] no station has units
       *[yes] stations have: {$known}
    })
check-rule-unsatisfiable = no station can ever satisfy this rule: it needs {$count} unit(s) of {$kinds} but the whole fleet has {$fleet}
check-unknown-type-list = unknown incident type `{$name}` (types: {$types})
check-unknown-type = unknown incident type `{$name}`
check-incident-count = must be a whole number of incidents, not {$value}
check-unknown-setting = no demand point has setting `{$setting}` (settings: {$settings})
check-shares-sum = the shares must add up to 1, not {$value}
check-station-cut-off = station `{$station}` at node `{$node}` cannot reach or be reached from the main road network ({$size} nodes); it answers only incidents in its own part
check-sends-nothing = must send at least one unit
check-key-control-character = the key contains a control character
check-travel-table-too-large = {$stations} stations × {$places} demand places × {$windows} windows of the day = {$entries} travel-table entries, more than the {$max} that fit ({$megabytes} MB each way); merge places, use fewer speed windows or shifts, or split the study area
check-candidate-lists-too-large = {$units} units × {$places} demand places × {$windows} windows of the day = {$entries} candidate-list entries, more than the {$max} that fit ({$megabytes} MB); merge places, use fewer speed windows or shifts, or split the study area
check-unknown-jurisdiction-list = no `{$key}` in [standard] jurisdiction_km2 (keys: {$keys})
check-no-such-station = no station `{$station}`
check-share-range = must be in (0, 1], not {$value}
check-count-range = must be a whole number from {$min} to {$max}, not {$value}
check-template-no-units = a new station needs at least one unit
check-milp-not-built = "milp" needs HiGHS, which this build of firecover leaves out: build it with `cargo build --release --features highs`, or use "auto" or "heuristic"
check-template-unknown-kind = no station has `{$kind}` units: no dispatch rule can send it (kinds: {$kinds})
check-whole-number = must be a whole number ≥ 0, not {$value}
check-unknown-jurisdiction = no `{$key}` in [standard] jurisdiction_km2
check-builtin-or-file = give either `builtin` or `file`, not both
check-network-empty = the network needs nodes: inline `nodes = [...]` or `builtin = "<district>"`
check-edge-needs-time = needs time_s, or speed_kmh, or a speed for class `{$class}` in [network.speeds] (or a [network] default_speed_kmh)
check-too-many-classes = more than 65,536 road classes: a class is a kind of road, give it a speed
check-missing-speeds = no fire-vehicle speed for road class(es) {$classes} of {$file}: add `<class> = <km/h>` to [network.speeds]
check-road-file-type = {$file}: unknown road file type; use .fcnet, .osm.pbf or .geojson
check-unknown-builtin = unknown builtin district `{$name}` (known: {$known})
check-units-per-line = at most {$max} units per line, not {$value}
check-too-many-units = the scenario would have more than {$max} units; each is a candidate for every place, so the travel and candidate tables would not fit
check-vehicles = {$vehicles} vehicles cannot crew its {$units} units
check-dist-needs = dist = "{$dist}" needs {$key}
check-dist-unused = not used by dist = "{$dist}"
check-cv-range = sd_s / mean_s = {$value} is outside the range a distribution can be built for (1e-6 to 1e6)
check-empirical-needs-quantiles = dist = "empirical" needs quantiles = [[p, seconds], ...]
check-quantiles-rows = needs at least two rows, from p = 0 to p = 1
check-probability = probability must be in [0, 1], not {$value}
check-probabilities-increase = probabilities must increase from row to row
check-seconds-increase = seconds must not decrease from row to row
check-quantiles-ends = the table must start at p = 0 and end at p = 1
check-only-replay = only used with mode = "counts"
check-poisson-needs-rates = mode = "poisson" needs per_year = {"{"} <type> = <incidents per year>, ... {"}"}
check-rates-zero = no incidents would ever happen: every rate is zero
check-only-poisson = only used with mode = "poisson"
check-replay-needs-years = mode = "counts" needs years = [ {"{"} year = 2016, <type> = <count>, ... {"}"}, ... ]
check-no-year = needs at least one year
check-not-a-year = not a calendar year: {$value}
check-years-increase = years must increase ({$year} follows {$previous})
check-no-demand-point = at least one demand point is needed (points = [...] or builtin = "<district>")
check-weight-max = a relative weight must be at most {$max}, not {$value}
check-place-not-in-network = place at node `{$node}` is not in the network: use [network] builtin with the same district
check-places-snap-too-far = {$count} of the {$total} builtin demand places are more than [network] max_snap_m = {$max} m from the nearest node of this network, furthest first: {$places}. Does the network cover the whole district? Import a larger extract, or raise max_snap_m
check-settings-partial = {$with} of {$total} demand points name a setting: give every point a setting, or none
check-weights-zero = the weights must not all be zero
check-years-max = at most {$max} simulated years per replication, not {$value}; run more replications instead
check-poisson-needs-years = mode = "poisson" needs years = <simulated years per replication>
check-years-ignored = ignored with yearly counts or records: the simulated period is their years
check-place-cut-off = demand point at `{$node}` cannot reach or be reached from the main road network; { $answered ->
        [part] only stations in its own part can answer it
       *[none] no station can reach it, so its incidents count as unreachable
    }
check-alarms-max = {$expected} alarms per replication is more than the {$max} one replication can hold (each worker thread keeps a replication's alarms, about {$megabytes} MB at the limit); run more, shorter replications
check-share-without-places = a share of {$share} for setting `{$setting}`, whose demand points all weigh 0: its alarms would have nowhere to happen
geo-not-geojson = {$file}: not a GeoJSON document: {$detail}
geo-not-collection = {$file}: expected a GeoJSON FeatureCollection of LineStrings
geo-linestring = {$file}: {$at}: geometry must be a LineString
geo-linestring-short = {$file}: {$at}: a LineString needs at least two positions
geo-property-string = {$file}: {$at}: property `{$key}` must be a string, not {$value}
geo-property-control = {$file}: {$at}: property `{$key}`: `{$value}` holds a control character (an escape sequence or a line break, say), which would reach the terminal raw; remove it
geo-node-moved = {$file}: {$at}: node `{$node}` is {$distance} m away from where an earlier feature put it
geo-property-positive = {$file}: {$at}: property `{$key}` must be a positive number, not {$value}
geo-property-boolean = {$file}: {$at}: property `{$key}` must be true or false, not {$value}
geo-expected-polygon = {$file}: expected a Polygon
geo-ring-open = {$file}: {$at}: a ring must be closed (first position = last) with at least 3 corners
geo-empty-polygon = {$file}: empty polygon
geo-position-short = {$file}: {$at}: a position needs a longitude and a latitude, not {$count} number(s)
geo-position-range = {$file}: {$at}: invalid position [{$lon}, {$lat}]: WGS84 longitude and latitude in degrees are expected (EPSG:4326)
net-fcnet-magic = {$file}: not a firecover network file (.fcnet): wrong magic bytes
net-fcnet-version = {$file}: format version {$found}, this firecover reads version {$version}; re-import the OpenStreetMap extract
net-fcnet-damaged = {$file}: damaged file: {$why}
net-pbf = {$file}: not a readable OpenStreetMap PBF file: {$why}
net-osm-xml = {$file}: this is OpenStreetMap XML, not PBF; convert it with `osmium cat {$file} -o extract.osm.pbf`
net-osm-empty = {$file}: no drivable road inside the clip area
net-osm-no-roads = {$file}: the extract holds no drivable road
check-not-with-records = not used with mode = "records": the records say when, where and what
check-only-records = only used with mode = "records"
check-replay-renamed = mode = "replay" is now called "counts" (yearly counts at random times and places, not a replay of alarm records): write mode = "counts"; "replay" still works
check-records-needs-file = mode = "records" needs records = "<file>.csv" or "<file>.geojson" (time, type, lon/lat or place)
check-records-empty = {$file} holds no alarm record
check-records-offsets = {$file}: {$count} record(s) are written with another UTC offset than the first row's {$offset} (row {$row}: {$other}); each alarm is placed at its own instant, and hours of the day are read at {$offset}
check-record-missing = {$file} row {$row}: column `{$column}` is empty
check-record-time = {$file} row {$row}: column `time`: `{$value}` is not an ISO 8601 time with a UTC offset (e.g. 2019-03-04T21:17:05+08:00)
check-record-number = {$file} row {$row}: column `{$column}`: `{$value}` is not a number
check-record-control = {$file} row {$row}: column `{$column}`: `{$value}` holds a control character (an escape sequence or a line break, say), which would reach the terminal raw; remove it
check-record-coordinate = {$file} row {$row}: columns `lon`, `lat`: ({$lon}, {$lat}) is not a coordinate (lon -180..180, lat -90..90; swapped?)
check-record-no-place = {$file} row {$row}: no place: give `lon` and `lat`, or `place`
check-record-on-scene = {$file} row {$row}: column `on_scene_min`: {$value} minutes is not between 0 and 1,440
check-record-csv = {$file} row {$row}: {$detail}
check-record-no-column = {$file}: no column `{$column}` in the header row (columns: id, time, type, lon, lat or place, on_scene_min, zone, setting)
check-record-geojson = {$file}: {$detail}
check-record-not-point = {$file} feature {$row}: the geometry must be a Point (or none, with a `place` property)
check-record-duplicate-id = {$file} row {$row}: column `id`: `{$id}` is already the id of row {$first}
check-record-type = {$file} row {$row}: column `type`: unknown incident type `{$value}` (types: {$types})
check-record-outside = {$file} row {$row}: columns `lon`, `lat`: ({$lon}, {$lat}) is outside the region: the nearest road node is {$distance} m away, more than [network] max_snap_m = {$max} m
check-record-place = {$file} row {$row}: column `place`: `{$value}` is neither a road node nor a township seat of the district
check-record-more = {$file}: {$more} more bad rows ({$total} in all); fix these and run again
check-jitter-max = jitter_m must be at most {$max} m, not {$value}: a record moved further is no longer where it happened
check-cv-max = a coefficient of variation must be at most {$max}, not {$value}
check-profile-hours = 24 hourly weights are needed (hour 0 = 00:00–01:00), not {$count}
check-profile-zero = the hourly weights must not all be zero
check-window-hours = from_hour = {$from}, to_hour = {$to}: the window needs 0 ≤ from_hour < to_hour ≤ 24
check-window-factor-max = a speed factor must be at most 2, not {$value}
check-window-class = no road class `{$class}` in this network (classes: {$classes}; "*" for every class)
check-window-overlap = hours {$from}–{$to} overlap network.speed_windows[{$other}] ({$other_from}–{$other_to}): windows must not overlap
check-shift-hours = from_hour = {$from}, to_hour = {$to}: a shift needs 0 ≤ from_hour ≤ 23 and 1 ≤ to_hour ≤ 24, not equal (to_hour before from_hour runs past midnight)
check-shift-staffed = staffed = {$value}: the station has {$units} unit(s); a shift crews from 0 to all of them
check-shift-overlap = hours {$from}–{$to} overlap this station's shifts[{$other}] ({$other_from}–{$other_to}): a station's shifts must not overlap
# why the system refused a file operation (std::io::ErrorKind), in words
io-not-found = no such file or folder
io-permission-denied = permission denied
io-already-exists = it already exists
io-closed = it was closed before the run started
io-storage-full = the disk is full
io-quota = the disk quota is used up
io-read-only = the file system is read-only
io-is-a-folder = it is a folder
io-not-a-folder = part of the path is not a folder
io-file-too-large = the file is larger than the file system allows
io-busy = the file is in use
io-other = the system says: {$reason}
output-write-failed = cannot write {$file}: {$reason}
output-interrupted = interrupted (signal {$signal}) while writing the outputs; the previous files are kept
output-folder-failed = cannot create the folder {$folder}: {$reason}
args-unknown = unknown argument {$arg}
args-unknown-command = unknown command {$arg}
args-invalid-value = {$arg}: the value {$value} is not valid
args-missing = missing {$arg}
args-conflict = {$arg} cannot be used with {$other}
args-missing-command = a command is needed
args-value-count = {$arg}: wrong number of values
args-valid-values = {""} (one of: {$values})
args-did-you-mean = {""}; did you mean {$nearest}?
args-help = for the options, run: firecover --help (or firecover <command> --help)
check-label-unknown-id = "{$id}" is not an id of this scenario (known: {$known})
