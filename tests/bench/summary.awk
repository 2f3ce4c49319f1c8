# summary.awk: the table of a benchmark run, from its samples.
#
# Input: lines of key=value words starting with "BENCH" (anything else is
# ignored, so a whole serial log can be fed in), one per measurement:
#
#   BENCH metric=tcp_stream_loopback4 side=host round=3 ... value=130.98 unit=MB/s
#   BENCH metric=lat_null side=guest round=3 better=lower value=612.50 unit=ns
#   BENCH metric=startup_unshare side=host round=3 better=lower ref=startup_vserver value=41.20 unit=ms
#
# better=higher (the default: throughputs, rates) or better=lower
# (latencies, times) says which way the guest's cost goes.
#
# Output, first the metrics measured on both sides, one row each, in the
# order the metrics first appear:
#   host, guest   the median of each side's samples, with (min-max);
#   guest/host    the ratio of the two medians;
#   paired        the median of the per-round ratios guest/host, with
#                 (min-max): host and guest of one round ran back to back,
#                 so each such ratio is free of the slow drifts of the
#                 machine, and their spread shows how far one round can be
#                 trusted;
#   cost          what the guest costs, from the paired median, the same
#                 way for both kinds of metric: how much longer the guest
#                 takes for the same work, in percent (paired - 1 for
#                 better=lower, 1/paired - 1 for better=higher); negative:
#                 the guest was faster.  In brackets, from 6 rounds on,
#                 the same for the ends of a 95% confidence interval of
#                 the paired median (median_ci): the cost lies there with
#                 a chance of 95% however the ratios are spread.
# Then the metrics measured on one side only (start-up times of several
# tools, say), one row each: the median (min-max), and for a metric with
# ref=OTHER, the ratio of its median to OTHER's and the median (min-max)
# of the per-round ratios to OTHER.
# Last, the density table (density.sh), from the lines with table=density,
# which the tables above leave alone:
#   BENCH metric=M side=guest|process round=I count=C ... value=V unit=kB table=density
#     one step of density.sh: what M grew by per guest (per process)
#     started in that step; C of them run after it;
#   BENCH metric=M side=guest|process scope=all ... value=V unit=kB table=density
#     the same over all of them at once;
#   BENCH metric=M side=guest|process scope=left ... value=V unit=kB table=density
#     how much of M did not come back once they were stopped (the total);
#   BENCH metric=density_cache side=... scope=all cache=NAME ... table=density
#     a slab cache's growth per guest (process);
#   BENCH metric=density_memavail_start side=vm value=V unit=kB table=density
#     MemAvailable before the first started.
# A row per metric: each side's median (min-max) over the steps, the
# figure over all, the guest's minus the process's (what the contexts and
# the address add to a process), and what was left after the stop; then
# how many guests MemAvailable at the start would hold at the measured
# cost per guest: an extrapolation, not a measurement.
# With -v data=KIND it prints, instead of the tables, the figures of one
# table as whitespace-separated columns for tests/bench/plot (see
# data_rows below).
#
# Runs under busybox awk in the VM and under mawk/gawk on the host: no
# asort(), no gawk extensions.

function field(key,    i) {
	for (i = 2; i <= NF; i++) {
		if (index($i, key "=") == 1)
			return substr($i, length(key) + 2)
	}
	return ""
}

# add LIST VALUE: append VALUE to the list LIST (vals[LIST, 1..count[LIST]]).
function add(list, value) {
	vals[list, ++count[list]] = value
}

# sort_list LIST: sort it in place; insertion sort, a few dozen values.
function sort_list(list,    i, j, v) {
	for (i = 2; i <= count[list]; i++) {
		v = vals[list, i]
		for (j = i - 1; j >= 1 && vals[list, j] > v; j--)
			vals[list, j + 1] = vals[list, j]
		vals[list, j + 1] = v
	}
}

# stats LIST FORMAT: sorts LIST, returns its median and sets cell to
# "median (min-max)" printed with FORMAT; "-" for an empty list.
function stats(list, format,    n, m) {
	n = count[list]
	if (!n) {
		cell = "-"
		return 0
	}
	sort_list(list)
	m = (n % 2) ? vals[list, (n + 1) / 2] : (vals[list, n / 2] + vals[list, n / 2 + 1]) / 2
	if (format == "")
		format = m >= 1000 ? "%.0f" : (m >= 10 ? "%.1f" : "%.3f")
	cell = sprintf(format " (" format "-" format ")", m, vals[list, 1], vals[list, n])
	return m
}

/^BENCH / && / table=density( |$)/ {
	density_line()
	next
}

/^BENCH / {
	metric = field("metric")
	side = field("side")
	round = field("round")
	value = field("value")
	if (metric == "" || (side != "host" && side != "guest" && side != "novs") || value !~ /^[0-9]+(\.[0-9]+)?$/)
		next
	if (!(metric in seen)) {
		seen[metric] = 1
		order[++metrics] = metric
		unit[metric] = field("unit")
		better[metric] = field("better") == "lower" ? "lower" : "higher"
		ref[metric] = field("ref")
	}
	add(metric SUBSEP side, value + 0)
	if (round != "") {
		if ((metric, side, round) in sample)
			next	# (a round measured twice: keep the first for pairing)
		sample[metric, side, round] = value + 0
		if (!((metric, round) in round_seen)) {
			round_seen[metric, round] = 1
			rounds[metric, ++nrounds[metric]] = round
		}
	}
}

# paired LIST M SIDE_A M_A SIDE_B M_B: the per-round ratios of the samples
# of M_A on SIDE_A to those of M_B on SIDE_B, over the rounds of M, into
# LIST; then stats of LIST (sets cell), returns its median.
function paired(list, m, side_a, m_a, side_b, m_b,    j, r) {
	for (j = 1; j <= nrounds[m]; j++) {
		r = rounds[m, j]
		if ((m_a, side_a, r) in sample && (m_b, side_b, r) in sample && sample[m_b, side_b, r] > 0)
			add(list, sample[m_a, side_a, r] / sample[m_b, side_b, r])
	}
	return stats(list, "%.3f")
}

# median_ci LIST: a 95% confidence interval of the median of the sorted
# LIST, from the ranks alone (no assumption on how the values are
# spread): with n values, the k-th smallest and the k-th largest, for
# the largest k where a binomial (n, 1/2) is below k with a chance of at
# most 2.5%; sets ci_lo and ci_hi.  Returns 0 (no interval) for fewer
# than 6 values.
function median_ci(list,    n, k, p, below) {
	n = count[list]
	# (halved n times: busybox awk may have no math, not even ^)
	for (p = 1; k < n; k++)
		p /= 2	# the chance of exactly k, for k = 0
	below = p	# of k or fewer
	k = 0
	while (below <= 0.025 && k < n / 2) {
		k++
		p = p * (n - k + 1) / k
		below += p
	}
	if (k < 1)
		return 0
	ci_lo = vals[list, k]
	ci_hi = vals[list, n - k + 1]
	return 1
}

# cost_of M P: what the guest costs, in percent, at the paired ratio P.
function cost_of(m, p) {
	return 100 * ((better[m] == "lower" ? p : 1 / p) - 1)
}

# cost_cell M P: the guest's cost from the paired median P of metric M,
# with the 95% confidence interval of that median where there are
# enough rounds: "+1.2% (+0.4 to +2.1)".
function cost_cell(m, p,    lo, hi, t) {
	if (!count[m SUBSEP "paired"] || p <= 0)
		return "-"
	if (!median_ci(m SUBSEP "paired") || ci_lo <= 0)
		return sprintf("%+.1f%%", cost_of(m, p))
	lo = cost_of(m, ci_lo)
	hi = cost_of(m, ci_hi)
	if (lo > hi) {
		t = lo
		lo = hi
		hi = t
	}
	return sprintf("%+.1f%% (%+.1f to %+.1f)", cost_of(m, p), lo, hi)
}

END {
	if (!metrics && !dmetrics) {
		print "no benchmark samples"
		exit 1
	}
	both = single = novs = 0
	for (i = 1; i <= metrics; i++) {
		if (count[order[i] SUBSEP "novs"])
			novs++
		if (count[order[i] SUBSEP "guest"])
			both++
		else if (count[order[i] SUBSEP "host"])
			single++
	}
	if (data != "") {
		data_rows(data)
		exit 0
	}
	if (!metrics) {
		density_table()
		exit 0
	}
	if (both) {
		row = "%-22s %-7s %-6s %5s  %-24s %-24s %-10s %-20s %s\n"
		printf row, "metric", "unit", "better", "n", "host (min-max)", "guest (min-max)", "guest/host", "paired (min-max)", "cost"
	}
	for (i = 1; i <= metrics; i++) {
		m = order[i]
		if (!count[m SUBSEP "guest"])
			continue
		host = stats(m SUBSEP "host", "")
		host_cell = cell
		guest = stats(m SUBSEP "guest", "")
		guest_cell = cell
		ratio = (host && guest) ? sprintf("%.3f", guest / host) : "-"
		p = paired(m SUBSEP "paired", m, "guest", m, "host", m)
		n = (count[m SUBSEP "host"] + 0) "/" (count[m SUBSEP "guest"] + 0)
		printf row, m, unit[m], better[m], n, host_cell, guest_cell, ratio, cell, cost_cell(m, p)
	}
	if (novs)
		novs_table()
	if (!single) {
		if (dmetrics) {
			print ""
			density_table()
		}
		exit 0
	}
	if (both || novs)
		print ""
	row = "%-22s %-7s %-6s %5s  %-24s %-22s %-10s %s\n"
	printf row, "metric", "unit", "better", "n", "median (min-max)", "vs", "ratio", "paired (min-max)"
	for (i = 1; i <= metrics; i++) {
		m = order[i]
		if (count[m SUBSEP "guest"] || !count[m SUBSEP "host"])
			continue
		side = "host"
		med = stats(m SUBSEP side, "")
		med_cell = cell
		r = ref[m]
		ratio = "-"
		cell = "-"
		if (r != "" && r != m && count[r SUBSEP side]) {
			base = stats(r SUBSEP side, "")
			ratio = base ? sprintf("%.3f", med / base) : "-"
			paired(m SUBSEP "vs", m, side, m, side, r)
		} else {
			r = "-"
		}
		printf row, m, unit[m], better[m], count[m SUBSEP side] + 0, med_cell, r, ratio, cell
	}
	if (dmetrics) {
		print ""
		density_table()
	}
}

# novs_table: the host context of the patched kernel against the host of
# the same kernel built without CONFIG_VSERVER (side=novs).  The two come
# from two boots of the VM, so there is no per-round pairing: the ratio
# is that of the medians, and the cost is read from it.
function novs_table(    i, m, row, base, base_cell, host, host_cell, ratio, cost) {
	if (both)
		print ""
	row = "%-22s %-7s %-6s %5s  %-24s %-24s %-10s %s\n"
	printf row, "metric", "unit", "better", "n", "no CONFIG_VSERVER", "patched host", "host/novs", "cost"
	for (i = 1; i <= metrics; i++) {
		m = order[i]
		if (!count[m SUBSEP "novs"])
			continue
		base = stats(m SUBSEP "novs", "")
		base_cell = cell
		host = stats(m SUBSEP "host", "")
		host_cell = cell
		ratio = cost = "-"
		if (base > 0 && host > 0) {
			ratio = sprintf("%.3f", host / base)
			cost = sprintf("%+.1f%%", 100 * ((better[m] == "lower" ? host / base : base / host) - 1))
		}
		printf row, m, unit[m], better[m], (count[m SUBSEP "novs"] + 0) "/" (count[m SUBSEP "host"] + 0), base_cell, host_cell, ratio, cost
	}
}

# density_line: one line of density.sh (table=density), kept apart from
# the other tables.  Values may be negative (a step in which memory was
# given back).
function density_line(    m, side, value, scope, c) {
	m = field("metric")
	side = field("side")
	value = field("value")
	if (m == "" || value !~ /^-?[0-9]+(\.[0-9]+)?$/)
		return
	value += 0
	if (m == "density_memavail_start") {
		dstart = value
		return
	}
	if (side != "guest" && side != "process")
		return
	scope = field("scope")
	if (m == "density_cache") {
		c = field("cache")
		if (scope != "all" || c == "")
			return
		if (!(c in dcache_seen)) {
			dcache_seen[c] = 1
			dcaches[++ndcaches] = c
		}
		dcache[c, side] = value
		return
	}
	if (!(m in dseen)) {
		dseen[m] = 1
		dorder[++dmetrics] = m
		dunit[m] = field("unit")
	}
	if (scope == "all")
		dall[m, side] = value
	else if (scope == "left")
		dleft[m, side] = value
	else {
		add("density" SUBSEP m SUBSEP side, value)
		c = field("count") + 0
		if (c > dcount[side])
			dcount[side] = c
	}
}

# dcell ARRAY-KEY-PRESENT VALUE: VALUE as a kB figure, or "-".
function dcell(present, value) {
	return present ? sprintf("%.1f", value) : "-"
}

# density_table: the density table and the extrapolation (see the top).
function density_table(    i, m, row, g, p, g_cell, p_cell, diff, c, per, fit) {
	print "Density: idle guests (side guest: an address, a network and a security context, a sleeping"
	print "init) against plain sleeping processes (side process), started in steps; kB per guest or"
	print "process.  per step: median (min-max) of the steps' growth per guest; all: the growth"
	print "over all at once, per guest; guest-process: what the contexts and the address add to a"
	print "process; left: total kB not given back once all were stopped."
	row = "%-20s %-5s %5s  %-24s %-24s %9s %9s %13s %9s %9s\n"
	printf row, "metric", "unit", "steps", "guest per step", "process per step", "guest all", "proc all", "guest-process", "left g", "left p"
	for (i = 1; i <= dmetrics; i++) {
		m = dorder[i]
		stats("density" SUBSEP m SUBSEP "guest", "%.1f")
		g_cell = cell
		stats("density" SUBSEP m SUBSEP "process", "%.1f")
		p_cell = cell
		g = (m, "guest") in dall
		p = (m, "process") in dall
		diff = (g && p) ? sprintf("%.1f", dall[m, "guest"] - dall[m, "process"]) : "-"
		printf row, m, dunit[m],
			(count["density" SUBSEP m SUBSEP "guest"] + 0) "/" (count["density" SUBSEP m SUBSEP "process"] + 0),
			g_cell, p_cell, dcell(g, dall[m, "guest"]), dcell(p, dall[m, "process"]), diff,
			dcell((m, "guest") in dleft, dleft[m, "guest"]), dcell((m, "process") in dleft, dleft[m, "process"])
	}
	if (ndcaches) {
		print "The slab caches that grew most per guest (/proc/slabinfo: active objects times their size), kB:"
		row = "  %-30s %9s %9s %13s\n"
		printf row, "cache", "guest", "process", "guest-process"
	}
	for (i = 1; i <= ndcaches; i++) {
		c = dcaches[i]
		g = (c, "guest") in dcache
		p = (c, "process") in dcache
		diff = (g && p) ? sprintf("%.2f", dcache[c, "guest"] - dcache[c, "process"]) : "-"
		printf row, c, g ? sprintf("%.2f", dcache[c, "guest"]) : "-",
			p ? sprintf("%.2f", dcache[c, "process"]) : "-", diff
	}
	printf "guests started: %d, processes: %d", dcount["guest"], dcount["process"]
	if (dstart)
		printf "; MemAvailable before the first: %d kB", dstart
	print ""
	per = ("density_total", "guest") in dall ? dall["density_total", "guest"] : 0
	if (dstart && per > 0) {
		fit = int(dstart / per)
		printf "fit (an extrapolation, not measured): %d kB / %.1f kB per guest = about %d idle guests\n", dstart, per, fit
		printf "  in this VM, if every further guest cost what these %d did; not counted: their files, page cache, daemons\n", dcount["guest"]
	} else {
		print "fit: not extrapolated (no MemAvailable at the start, or no memory taken per guest)"
	}
}

# data_rows KIND: the figures of one table for tests/bench/plot, one row
# per metric, whitespace-separated (names have no spaces):
#   cost     METRIC COST MIN MAX   the guest's cost in % from the paired
#                                  median, and from its min and max
#   startup  METRIC UNIT MEDIAN MIN MAX   the one-sided metrics
#   novs     METRIC NOVS NMIN NMAX HOST HMIN HMAX   each side's median,
#                                  min and max over the novs median
#   density  METRIC GUEST_ALL PROCESS_ALL GUEST_MED GUEST_MIN GUEST_MAX
#            PROCESS_MED PROCESS_MIN PROCESS_MAX   kB per guest (per
#                                  process): over all, and the steps'
#                                  median, min and max
function data_rows(kind,    i, m, p, lo, hi, t, r, b) {
	for (i = 1; i <= metrics; i++) {
		m = order[i]
		if (kind == "cost" && count[m SUBSEP "guest"]) {
			p = paired(m SUBSEP "paired", m, "guest", m, "host", m)
			if (!count[m SUBSEP "paired"] || p <= 0)
				continue
			lo = vals[m SUBSEP "paired", 1]
			hi = vals[m SUBSEP "paired", count[m SUBSEP "paired"]]
			if (better[m] == "lower")
				printf "%s %.3f %.3f %.3f\n", m, 100 * (p - 1), 100 * (lo - 1), 100 * (hi - 1)
			else if (lo > 0)
				printf "%s %.3f %.3f %.3f\n", m, 100 * (1 / p - 1), 100 * (1 / hi - 1), 100 * (1 / lo - 1)
		} else if (kind == "startup" && !count[m SUBSEP "guest"] && count[m SUBSEP "host"]) {
			t = stats(m SUBSEP "host", "")
			printf "%s %s %s %s %s\n", m, unit[m], t, vals[m SUBSEP "host", 1], vals[m SUBSEP "host", count[m SUBSEP "host"]]
		} else if (kind == "novs" && count[m SUBSEP "novs"] && count[m SUBSEP "host"]) {
			b = stats(m SUBSEP "novs", "")
			if (b <= 0)
				continue
			t = stats(m SUBSEP "host", "")
			printf "%s %.4f %.4f %.4f %.4f %.4f %.4f\n", m, 1, vals[m SUBSEP "novs", 1] / b,
				vals[m SUBSEP "novs", count[m SUBSEP "novs"]] / b, t / b,
				vals[m SUBSEP "host", 1] / b, vals[m SUBSEP "host", count[m SUBSEP "host"]] / b
		}
	}
	if (kind == "density") {
		for (i = 1; i <= dmetrics; i++) {
			m = dorder[i]
			if (!((m, "guest") in dall) || !((m, "process") in dall))
				continue
			printf "%s %.1f %.1f %s %s\n", m, dall[m, "guest"], dall[m, "process"],
				step_stats(m, "guest"), step_stats(m, "process")
		}
	}
}

# step_stats M SIDE: "median min max" of the steps of density metric M on
# SIDE (the figure over all three times when there are no steps).
function step_stats(m, side,    l, t, n) {
	l = "density" SUBSEP m SUBSEP side
	t = stats(l, "%.1f")
	n = count[l]
	if (!n)
		return sprintf("%.1f %.1f %.1f", dall[m, side], dall[m, side], dall[m, side])
	return sprintf("%.1f %.1f %.1f", t, vals[l, 1], vals[l, n])
}
