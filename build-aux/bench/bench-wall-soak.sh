#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-wall-soak: the wall screen left running against the live simulator
#
# Starts gridwatch-townd with the demo county, a hundred days of cases and
# 30 new cases a minute at any hour (--simulate-steady: the simulator's
# busy mornings and quiet nights would make a run's load depend on when
# it began, from 7.5 to 60 a minute; and with nobody at the screens the
# cases left for them would pile up, a backlog no county runs for weeks
# with: a steady county takes them up in the end). The last three hours
# of that traffic are run before it serves (--simulate-warm-up): a case
# lives an hour or two at this pace, so from an empty day the open cases
# would rise for the whole run, and the curve would measure the county
# filling up rather than the app. Then gridwatch --wall on it going round every five
# seconds (a day's worth of rounds at the default interval in half an
# hour would be too slow to show a leak; four times the pace shows it
# sooner). Resident memory is read when the first round is over (every
# view shown, caches filled; the app says so in its debug log), then at
# the end of the first round that ends after each minute and after the
# run: always at the same point of a round, its ranking, where the map
# is out of sight and the wall has let go of the tiles and names it drew
# and handed back what its drawing freed, not wherever a town's view
# happens to be (the map's bounded caches, full or empty, swung the
# figure by two megabytes from one round to the next). Growth is from
# the median of the first points to that of the last (a quarter of the
# points each, at most ten: the first and last ten minutes of a long
# run): from one round's end to the next the main heap's resident pages
# still swing by ±2 MB with malloc's bytes in use flat, as its free
# chunks fall across pages or not, so one point against another was the
# luck of two draws. The two points' own growth is printed as well. Prints:
#   bench wall-soak seconds=… round_s=… cases_start=… cases_end=… rss_start_mb=… rss_end_mb=… rss_max_mb=… points=… window=… growth_pct=… target_pct=2 point_growth_pct=… anon_start_mb=… anon_end_mb=… anon_growth_pct=… heap_in_use_start_mb=… heap_in_use_end_mb=…
# (rss_start_mb and rss_end_mb: the two medians)
# and the curve, one "wall-soak t=… rss_mb=… anon_mb=… file_mb=… fonts_mb=… shm_mb=… brk_heap_mb=…
# heap_mb=… sqlite_mb=… cases=… cases_whole=… cases_folded=… arenas=…" line a minute, on stderr
# (cases_whole: the wall's model; cases_folded: closed cases it keeps as
# facts only; arenas: each of malloc's arenas as nr:system_kb/free_kb,
# arena 0 being the main heap). SOAK_SECONDS (default 1800) sets the run after the first round.
# SOAK_SIMULATE sets the new cases a minute (default 30; 0 for none),
# to tell growth from the data apart from growth of the app.

set -euo pipefail

BUILD=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOWND=${GW_TOWND:-$BUILD/src/server/gridwatch-townd}
APP=$BUILD/src/app/gridwatch
SOAK_SECONDS=${SOAK_SECONDS:-1800}
# A round takes a minute or so: the county, each town, the ranking.
MAX_FIRST_ROUND=600
WORK=$(mktemp -d)

cleanup() {
  kill "${APP_PID:-}" "${SERVER_PID:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The resident size as the app read it at the round's end, right after
# handing memory back and before its main thread allocated again (the
# figures and the feed's changes go on while the ranking is shown, and
# the main heap swung by 4 MB in the second it took to read it here);
# else read here.
rss_kb() {
  local kb
  kb=$(round_field rss_kb)
  if ((kb > 0)); then echo "$kb"; else awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status"; fi
}
# The part of it that is the app's own: without the pages of files it
# maps (fonts, libraries), which the kernel may drop and read again.
anon_kb() { awk '/^RssAnon:/ { print $2 }' "/proc/$APP_PID/status"; }
# Where the resident size lies: the pages of files it maps (fonts,
# libraries), and of those the CJK fonts', which grow as new characters
# are drawn; and glibc's main heap, which tells fragmentation apart from
# data in the other arenas.
file_kb() { awk '/^RssFile:/ { print $2 }' "/proc/$APP_PID/status"; }
# The rest of the resident size: shared memory, which is cairo's pool of
# images on their way to the X server (up to 32 MB mapped, resident as
# far as its allocations have reached).
shm_kb() { awk '/^RssShmem:/ { print $2 }' "/proc/$APP_PID/status"; }
smaps_rss_kb() {
  awk -v pat="$1" '/^[0-9a-f]+-[0-9a-f]+ / { hit = ($6 ~ pat) } /^Rss:/ && hit { kb += $2 } END { print kb + 0 }' "/proc/$APP_PID/smaps"
}
# What malloc hands out, as the wall said at the end of its last round:
# beside the resident size it tells data that grows from a heap that
# fragments (resident but free).
heap_kb() { round_field heap_in_use_kb; }
# The cases the wall keeps whole, and those it keeps as facts only.
round_field() { sed -n "s/.*round done .*$1=\([0-9]*\).*/\1/p" "$WORK/app.out" | tail -n 1 | grep . || echo 0; }
arenas() { sed -n 's/.*round done .*arenas=\([0-9:\/,-]*\).*/\1/p' "$WORK/app.out" | tail -n 1 | grep . || echo -; }
sqlite_kb() { sed -n 's/.*round done .*sqlite_kb=\([0-9]*\).*/\1/p' "$WORK/app.out" | tail -n 1 | grep . || echo 0; }
# One point of the curve, at $1 seconds.
curve_point() {
  awk -v t="$1" -v kb="$2" -v a="$3" -v f="$(file_kb)" -v fonts="$(smaps_rss_kb 'fonts/')" -v shm="$(shm_kb)" -v brk="$(smaps_rss_kb '^\\[heap\\]$')" \
      -v h="$(heap_kb)" -v q="$(sqlite_kb)" -v c="$(cases)" -v w="$(round_field cases_whole)" -v fo="$(round_field cases_folded)" -v ar="$(arenas)" \
    'BEGIN { printf "wall-soak t=%d rss_mb=%.1f anon_mb=%.1f file_mb=%.1f fonts_mb=%.1f shm_mb=%.1f brk_heap_mb=%.1f heap_mb=%.1f sqlite_mb=%.1f cases=%d cases_whole=%d cases_folded=%d arenas=%s\n",
                    t, kb / 1024, a / 1024, f / 1024, fonts / 1024, shm / 1024, brk / 1024, h / 1024, q / 1024, c, w, fo, ar }' >&2
}
cases() { sqlite3 "$WORK/app/cache.sqlite" "SELECT count(*) FROM cases" 2>/dev/null || echo 0; }

TOKEN=$("$TOWND" --db "$WORK/town.sqlite" --add-user soak --role leader)
"$TOWND" --db "$WORK/town.sqlite" --listen 127.0.0.1:0 --demo --seed-cases 2400 --seed-days 100 \
  --simulate "${SOAK_SIMULATE:-30}" --simulate-steady --simulate-warm-up 180 >"$WORK/townd.out" 2>/dev/null &
SERVER_PID=$!
for _ in $(seq 1800); do grep -q "listening on" "$WORK/townd.out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/townd.out")

mkdir -p "$WORK/config/glib-2.0/settings"
printf '[org/gridwatch/Gridwatch]\nwall-interval=uint32 5\n' >"$WORK/config/glib-2.0/settings/keyfile"
XDG_CONFIG_HOME="$WORK/config" GSETTINGS_BACKEND=keyfile G_MESSAGES_DEBUG=gw-wall-view \
  "$APP" --server "$URL" --token "$TOKEN" --data-dir "$WORK/app" --wall >"$WORK/app.out" 2>&1 &
APP_PID=$!

alive() { kill -0 "$APP_PID" 2>/dev/null || { echo "bench wall-soak error=the app exited"; cat "$WORK/app.out" >&2; exit 1; }; }

for ((round_s = 0; round_s < MAX_FIRST_ROUND; round_s++)); do
  grep -q "round done" "$WORK/app.out" && break
  alive; sleep 1
done
rounds() { grep -c "round done" "$WORK/app.out" || true; }
# The end of the round after the one counted at $1 (a round lasts about
# a minute; a stuck wall is read anyway after three).
after_next_round() {
  local i
  for ((i = 0; i < 180; i++)); do
    (($(rounds) > $1)) && break
    alive; sleep 1
  done
  sleep 1   # the round's own release of memory, just after it says so
}

after_next_round 0
start_kb=$(rss_kb); max_kb=$start_kb; cases_start=$(cases); heap_start_kb=$(heap_kb); anon_start_kb=$(anon_kb)
curve_point 0 "$start_kb" "$anon_start_kb"
curve_kb=("$start_kb")
now_kb=$start_kb; soak_start=$SECONDS
while ((SECONDS - soak_start < SOAK_SECONDS)); do
  left=$((SOAK_SECONDS - (SECONDS - soak_start)))
  sleep $((left < 60 ? left : 60))
  alive
  after_next_round "$(rounds)"
  now_kb=$(rss_kb); ((now_kb > max_kb)) && max_kb=$now_kb
  # The curve, for whoever wonders where memory went.
  now_anon_kb=$(anon_kb)
  curve_point "$((SECONDS - soak_start))" "$now_kb" "$now_anon_kb"
  curve_kb+=("$now_kb")
done
end_kb=$now_kb; cases_end=$(cases); heap_end_kb=$(heap_kb); anon_end_kb=${now_anon_kb:-$anon_start_kb}

printf '%s\n' "${curve_kb[@]}" |
awk -v s="$start_kb" -v e="$end_kb" -v m="$max_kb" -v secs="$SOAK_SECONDS" -v r="$round_s" -v c0="$cases_start" -v c1="$cases_end" \
  -v h0="$heap_start_kb" -v h1="$heap_end_kb" -v a0="$anon_start_kb" -v a1="$anon_end_kb" '
  function median(from, count,   i, j, t, v) {
    for (i = 0; i < count; i++) v[i] = kb[from + i]
    for (i = 1; i < count; i++) for (j = i; j > 0 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return count % 2 ? v[int(count / 2)] : (v[count / 2 - 1] + v[count / 2]) / 2
  }
  { kb[n++] = $1 }
  END {
    w = int(n / 4); if (w > 10) w = 10; if (w < 1) w = 1
    m0 = median(0, w); m1 = median(n - w, w)
    printf "bench wall-soak seconds=%d round_s=%d cases_start=%d cases_end=%d rss_start_mb=%.1f rss_end_mb=%.1f rss_max_mb=%.1f points=%d window=%d growth_pct=%.1f target_pct=2 point_growth_pct=%.1f anon_start_mb=%.1f anon_end_mb=%.1f anon_growth_pct=%.1f heap_in_use_start_mb=%.1f heap_in_use_end_mb=%.1f\n",
           secs, r, c0, c1, m0 / 1024, m1 / 1024, m / 1024, n, w, (m1 - m0) * 100 / m0, (e - s) * 100 / s, a0 / 1024, a1 / 1024, (a1 - a0) * 100 / a0, h0 / 1024, h1 / 1024 }'
