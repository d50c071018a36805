# The siting study (`firecover site`): terminal text, JSON wording and its HTML section.
site-title = Siting study: {$scenario}
site-objective = Objective: {$name} — {$unit}
site-static-model = Static model: first arrival = turnout + road travel with every unit free; response limit {$limit}
site-setting-limits = {" "}({$limits}, each setting by its own)
site-radius = Radius: {$radius}
site-candidates = Candidates: {$kept} new sites ({$source}); {$considered} considered, {$excluded} excluded, {$set_back} set back, {$thinned} thinned, {$disconnected} off the main network
site-candidates-removable = ; + the current sites of {$stations}
site-candidates-count = Candidates: {$count}
site-demand = Demand: {$places} places, {$total} in all
site-demand-unservable = ; {$count} places no station can reach
site-stay = Stations that stay: {$stations}
site-new-station = New station: {$template}
site-col-new = new
site-col-objective = static objective
site-col-solver = solver
site-col-within = within std, simulated
site-col-diff = Δ vs the scenario studied, pp [95% CI]
site-col-mean = mean response
site-no-station = (no station)
site-now = (as studied)
site-alternatives = Next-best distinct solutions with {$count} new station(s), by the static objective:
site-findings = Findings:
site-jurisdiction-title = Jurisdiction check (the standard's area limit, static, 200 m cells):
site-jurisdiction-line = {$count} new: {$stations}
site-jurisdiction-ok = ok
site-jurisdiction-over = OVER
site-jurisdiction-all-meet = every station meets its limit
site-jurisdiction-some-over = {$count} over the limit
site-closes = closes {$station} (no new site takes its place)
site-moves = {$station} moves {$km} km, to {$site}
site-place-township = in {$township}
site-place-near = , {$km} km from {$station}
site-solver-milp = milp
site-solver-exact = exact
site-solver-heuristic = heuristic
site-gap-optimal = optimal
site-gap-ties-best = ties #1
site-gap-behind-best = {$gap} % behind #1
site-gap = gap {$gap} %
site-gap-unknown = gap ?
site-time-limit = (time limit)
site-objective-cover = maximal covering
site-objective-lscp = set covering
site-objective-median = p-median
site-objective-center = p-center
site-objective-backup = backup covering
site-demand-alarms = expected alarms a year
site-demand-plain = demand
site-cost-limit = the response limit
site-cost-radius = the radius
site-unit-cover = {$demand} reached within {$cost}
site-unit-lscp = new sites needed to reach {$share} % of the {$demand} within {$cost}
site-unit-median-scenario = mean first arrival (turnout + travel) over the expected alarms
site-unit-median-matrix = demand-weighted total cost (shown as its mean)
site-unit-center = worst first-arrival cost over places with demand
site-unit-backup = {$demand} reached within {$cost} at least once, plus at least twice
site-value-mean = mean {$value}
site-value-max = max {$value}
site-value-total-mean = {$total} (mean {$mean})
site-template = {$category}, {$units}, turnout {$turnout} ({$source})
site-category-station = station
site-category-township-team = township team
site-category-other = other
site-template-table = `[siting.station]`
site-template-copy = a copy of station {$station}
site-template-units = `--units`
site-source-list = sites listed in {$file}
site-source-within = road nodes inside {$polygon}
site-source-within-given = road nodes inside the given polygon
site-source-region = road nodes inside the region ({$region})
site-source-region-builtin = builtin {$name} district outline
site-source-region-given = the scenario's boundary
site-source-everywhere = every road node
site-source-spacing = {$source}, at least {$spacing} m apart
site-finding-agree = With {$count} new station(s) the simulation agrees with the static objective: solution #1 is also best within the standard with busy units.
site-finding-disagree = With {$count} new station(s) the rankings disagree: the static objective puts solution #1 first, the simulation (busy units, multi-unit dispatch) solution #{$rank}, {$diff} pp within the standard{$ci} (paired).
site-wrote = Wrote {$files} scenario file(s) and {$maps} map(s) to {$dir} (each scenario extends {$input}; `firecover run` and `compare` take them as they are)
site-html-title = Siting study
site-html-intro = Objective {$name}: {$unit}. {$candidates} candidate sites; stations that stay: {$stations}.
site-new-station-name = New station {$number}
site-sentence-gap = {" "}
site-html-new-station = New station: {$template}.
site-html-col-scenario = scenario
site-html-col-count = new stations
site-html-col-solution = solution
site-html-col-objective = static objective
site-html-col-gap = gap
site-html-col-within = simulated within standard
site-html-col-ci = 95 % CI
site-html-col-diff = Δ vs the scenario studied, pp
site-html-col-rank = simulated rank
site-html-col-sites = new sites
site-html-col-file = file
site-html-letters = Scenario A is the scenario studied, as its file stands (not necessarily today); B, C… are the proposals in this table, compared with A in the rest of this report.
site-html-jurisdictions = Jurisdictions against the area limit
site-html-col-station = station
site-html-col-area = jurisdiction km²
site-html-col-limit = limit km²
site-html-col-meets = meets
site-html-yes = yes
site-html-no = no
site-too-few-candidates = {$asked} new sites asked for, but there are only {$candidates} candidate sites
site-needs-input = a scenario file or --costs is needed
site-html-needs-simulation = --html needs the simulated check (leave out --no-simulate)
site-time-limit-invalid = --time-limit must be a positive number of seconds, not {$value}
site-no-such-station = {$option} {$station}: no such station
site-nothing-stays = every station is removable and none is added: nothing would stay
site-no-template = no station template: add [siting.station] or --units (no fire-and-rescue station to copy)
site-not-negative = {$option} must be ≥ 0, not {$value}
site-turnout-over-a-day = --turnout-s {$value}: a turnout of more than a day ({$max} s) is not a station's; the proposals could not be loaded back
site-units-count = --units: `{$part}`: expected kind:count with a count from 1 to 10000
site-units-kind = --units: `{$part}`: no kind
site-costs-need-radius = --costs needs --radius (the coverage radius, in the matrix's unit) for this objective
site-infeasible = infeasible: {$reason}
site-matrix-not-a-number = {$file}:{$line}: column `{$column}`: `{$text}` is not a number
site-matrix-nan = {$file}:{$line}: column `{$column}`: NaN
site-matrix-negative = {$file}:{$line}: column `{$column}`: {$value} is negative
site-matrix-header = {$file}:{$line}: the header needs `demand` and at least one candidate id
site-matrix-ragged = {$file}:{$line}: {$values} values, but the header names {$candidates} candidates (a ragged row)
site-matrix-demand-again = {$file}:{$line}: demand `{$demand}` again (first on line {$first})
site-matrix-no-rows = {$file}:{$line}: no demand rows
site-weights-columns = {$file}:{$line}: expected `demand,weight`, got {$values} values
site-weights-unknown = {$file}:{$line}: demand `{$demand}` is not in the cost matrix
site-weights-again = {$file}:{$line}: demand `{$demand}` again
site-weights-infinite = {$file}:{$line}: an infinite weight
site-weights-missing = {$file}: no weight for demand {$demand} (every row of the cost matrix needs one)
site-no-nodes = the road network has no nodes
site-list-too-far = {$file}:{$line}: site `{$site}` lies {$distance} m from the nearest road node (at most {$max} m)
site-too-many-candidates = more than {$max} candidate sites: raise [siting.candidates] spacing_m (now {$spacing} m) or give a smaller `within` polygon
site-list-coordinates = {$file}:{$line}: ({$lon}, {$lat}) is not a longitude, latitude pair
site-list-geometry = {$file}: expected Point features with `id` properties
site-list-not-a-point = {$file}: feature {$feature} is not a Point
site-list-position = {$file}: feature {$feature}: a position needs a longitude and a latitude
site-list-columns = {$file}:{$line}: expected id,lon,lat[,name], got {$values} values
site-list-not-a-number = {$file}:{$line}: {$column} `{$text}` is not a number
site-list-again = {$file}:{$line}: site `{$site}` again (first on line {$first})
site-list-control = {$file}:{$line}: `{$value}` holds a control character (an escape sequence or a line break, say), which would reach the terminal and the maps raw; remove it
site-list-empty = {$file}: no sites
site-no-further-solution = no further distinct solution near the ones found
site-cannot-reach-all = no choice of {$count} site(s) reaches every place that can be reached
site-share-uncoverable = even every candidate open does not cover {$share} % of the demand
site-model-infeasible = no choice of {$count} site(s) meets the {$model} model's constraints
site-no-candidates = no candidate sites ({$source}; {$considered} considered, {$excluded} excluded, {$set_back} set back, {$disconnected} off the main network)
site-bad-radius = radius {$value} is not a finite number ≥ 0
site-uncoverable = {$count} demand place(s) with {$share} % of the demand cannot be reached within {$radius}{ $own ->
        [yes] {" "}(or their setting's own limit)
       *[no] {""}
    } by any candidate or staying station: {$places}{ $any_more ->
        [yes] {" "}and {$more} more
       *[no] {""}
    }
site-shard-needs-simulation = --shard shares out the simulated check; it cannot go with --no-simulate
site-merge-differs = {$file}: the study solved again for the merge differs from the one the shards simulated (a solver time limit, or changed inputs); run every shard again
site-milp-not-built = --solver milp needs HiGHS, which this build of firecover leaves out: build it with `cargo build --release --features highs` (needs cmake, a C++ compiler and libclang), or use --solver auto or heuristic
site-unproven = Not proven optimal: a heuristic answer lies within its gap of the optimum (the gap is to a Lagrangian bound), but nothing here proves it is the optimum. { $milp ->
    [yes] `--solver milp` proves it, where the model is small enough.
   *[other] A build with HiGHS (`cargo build --release --features highs`) proves it with `--solver milp`.
}
site-matrix-unreadable = {$file}:{$line}: not a row of comma-separated values
site-matrix-control = {$file}:{$line}: the id `{$id}` holds a control character (an escape sequence or a line break, say), which would reach the terminal raw; remove it
site-matrix-candidate-again = {$file}:{$line}: candidate `{$candidate}` is named twice in the header (columns {$first} and {$second}); give each candidate its own id
site-option = {$option} {$reason}
site-add-form = `{$text}`: expected a count (`3`) or a range (`1..4`)
site-add-backwards = `{$text}`: the range runs backwards
site-add-too-many = `{$text}`: at most {$max} new stations
site-proposal-invalid = the proposed scenario {$file} does not validate; this is a fault in firecover: please report it with the scenario
site-jurisdiction-as-above = {$count} other station(s) as above
site-html-page-title = Siting study: {$scenario}
site-objective-why = { $objective ->
    [cover] The standard's rule (a first unit within the limit of the dispatch order) is this objective: it counts the alarms reached in time.
    [median] This objective measures the mean arrival time over all alarms, not the standard's rule; its sites may differ from the covering objective's (`--objective cover` is the standard's view).
    [center] This objective measures the worst arrival time of any place, not the standard's rule; `--objective cover` is the standard's view.
    [backup] This objective also counts alarms a second station reaches in time, so that one stands by while the first is out; the standard itself asks for one.
   *[lscp] This objective finds the fewest new stations that bring the share within the standard's limit.
}
site-team-name = {$township} full-time team
