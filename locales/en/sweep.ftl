# firecover sweep: a scenario over variations of its assumptions

sweep-title = Sweep of {$scenario}: {$runs} varied run(s) × {$replications} replications, seed {$seed}, common random numbers (every run sees the same alarms)
sweep-against = Each run is compared with {$baseline}, varied the same way.
sweep-not-in-against = Varied in this scenario only (the baseline has no such key): {$keys}
sweep-measure = Ranked by: {$measure}
sweep-measure-all = share of alarms within the standard
sweep-measure-setting = share of {$setting} alarms within the standard
sweep-measure-gain = gain in the {$measure} over {$baseline} (pp)
sweep-col-run = run
sweep-col-within = within std
sweep-col-change = change (pp) [95% CI]
sweep-col-mean = mean arrival
sweep-col-mean-change = change
sweep-col-gain = gain (pp) [95% CI]
sweep-as-written = as written
sweep-influence = Influence on the {$measure}, largest first (low … high over the values tried):
sweep-influence-line = {"  "}{$rank}. {$key}: {$low} at {$low_value} … {$high} at {$high_value} (spread {$spread} pp)
sweep-verdict = Across every assumption tried ({$runs} runs), {$scenario}: {$measure} from {$low} to {$high} pp; {$significant} of {$runs} intervals exclude zero.
sweep-tornado-title = Which assumption moves the result most
sweep-html-title = Sensitivity sweep: {$scenario}
sweep-html-runs = Every run
sweep-err-form = --vary {$spec}: expected KEY=LO..HI[:STEPS], KEY=V1,V2,... or station.ID.site=RADIUS_M
sweep-err-number = --vary {$spec}: `{$value}` is not a number
sweep-err-steps = --vary {$spec}: STEPS must be a whole number from 1 to {$max}
sweep-err-radius = --vary {$spec}: the radius must be above 0 and at most {$max} m
sweep-err-values = --vary {$spec}: at most {$max} values
sweep-err-unknown-key = --vary {$spec}: the scenario has no key `{$key}`
sweep-err-not-numeric = --vary {$spec}: `{$key}` is a {$kind ->
    [string] string
    [boolean] true/false value
    [date] date
    [list] list
   *[table] table
}, not a number: only numeric keys can be varied (a station's site: station.ID.site=RADIUS_M)
sweep-err-nearest = ; nearest numeric keys: {$keys}
sweep-err-station = --vary {$spec}: no station `{$station}` (stations: {$known})
sweep-err-no-nodes = --vary {$spec}: no road node within {$radius} m of station `{$station}` that its units can drive from and back to
sweep-err-duplicate = --vary {$key} is given twice
sweep-err-run-setting = --vary {$spec}: every run of a sweep uses the same seed and replications (common random numbers, so that the differences are the varied keys'); set them for the whole sweep with --seed and --replications, or compare runs of other seeds with `firecover run`
sweep-err-too-many = the sweep asks for {$runs} runs, more than {$max}: use fewer values, or one key at a time instead of --grid
sweep-err-setting = --setting {$setting}: the scenario has no such setting (settings: {$known})
sweep-err-variation = the scenario with {$settings} is not valid:
sweep-default = the default
sweep-default-value = {$value} (the default)
sweep-site-unmoved = where it is
sweep-site-moved = {$metres} m {$direction}
sweep-dir-n = N
sweep-dir-ne = NE
sweep-dir-e = E
sweep-dir-se = SE
sweep-dir-s = S
sweep-dir-sw = SW
sweep-dir-w = W
sweep-dir-nw = NW
sweep-err-generator = --vary {$spec}: {$reason}
sweep-err-regenerate = the scenario with {$settings} cannot be generated: {$reason}
sweep-pp = {$pp} pp
sweep-unit-pp = pp
sweep-key-speed = {$class} speed
sweep-key-standard-turnout = the standard's turnout
sweep-key-standard-travel = the standard's travel time
sweep-key-travel-cv = travel-time spread (CV)
sweep-key-station-turnout = {$station} turnout
