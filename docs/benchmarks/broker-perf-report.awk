# Turns the rows broker-perf.sh records into markdown tables.
# Input (tab-separated):
#   S run round id kind label records bytes records/s MB/s p50 p99 p99.9 requests utime-ticks stime-ticks wall-s VmHWM-kB maxVmRSS-kB errors
#   R run round records request-bytes recvfrom recvmsg read readv errors
# Variables: clk (clock ticks per second), compare (1 with a baseline), base and current (run names).

function num(v) { return v != "NA" && v != "" }
function fmt(f, v) { return num(v) ? sprintf(f, v) : "–" }
function ratio(a, b) { return (num(a) && num(b) && a > 0) ? sprintf("%.2f", b / a) : "–" }
function cpu(i) { return (user[i] + sys[i]) / clk }
function per_gb(i) { return (kind[i] != "e2e" && bytes[i] > 0) ? cpu(i) / (bytes[i] / 1073741824) : "NA" }
function per_request(i) { return num(requests[i]) && requests[i] > 0 ? cpu(i) * 1e6 / requests[i] : "NA" }
function per_second(i) { return wall[i] > 0 ? cpu(i) / wall[i] : "NA" }
function recv_per_64k(j) { return rbytes[j] > 0 ? (recvfrom[j] + recvmsg[j] + readcalls[j] + readv[j]) / (rbytes[j] / 65536) : "NA" }

$1 == "S" {
  n++
  run[n] = $2; round[n] = $3; id[n] = $4; kind[n] = $5; label[n] = $6
  records[n] = $7; bytes[n] = $8; rps[n] = $9; mbps[n] = $10; p50[n] = $11; p99[n] = $12; p999[n] = $13
  requests[n] = $14; user[n] = $15; sys[n] = $16; wall[n] = $17; hwm[n] = $18; rss[n] = $19
  if (!(($2, $3) in seen)) { seen[$2, $3] = 1; runs[++nruns] = $2 SUBSEP $3 }
  if (!($4 in step_seen)) { step_seen[$4] = 1; steps[++nsteps] = $4; step_label[$4] = $6; step_kind[$4] = $5 }
}
$1 == "R" {
  m++
  rrun[m] = $2; rround[m] = $3; rrecords[m] = $4; rbytes[m] = $5
  recvfrom[m] = $6; recvmsg[m] = $7; readcalls[m] = $8; readv[m] = $9; rerrors[m] = $10
}

END {
  for (r = 1; r <= nruns; r++) {
    split(runs[r], key, SUBSEP)
    printf "\n## %s, round %s\n\n", key[1], key[2]
    print "| step | records/s | MB/s | p50 ms | p99 ms | p99.9 ms | broker user s | broker sys s | CPU-s/GB | CPU-s/s | CPU-µs/request | requests | VmHWM MiB | max VmRSS MiB |"
    print "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    for (i = 1; i <= n; i++) {
      if (run[i] != key[1] || round[i] != key[2]) continue
      lat = kind[i] == "e2e" ? "%.3f" : "%.1f"
      printf "| %s | %s | %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %s | %d | %d |\n",
        label[i], fmt("%.0f", rps[i]), fmt("%.1f", mbps[i]), fmt(lat, p50[i]), fmt(lat, p99[i]), fmt(lat, p999[i]),
        user[i] / clk, sys[i] / clk, fmt("%.2f", per_gb(i)), fmt("%.3f", per_second(i)), fmt("%.1f", per_request(i)),
        fmt("%d", requests[i]), hwm[i] / 1024, rss[i] / 1024
    }
  }
  print "\nLatency: produce steps from the Produce call to the delivery report; end-to-end from the Produce"
  print "call to the record's arrival at a consumer in the same process (first second left out)."
  print "CPU-s: the broker's user + system CPU-seconds over the step (client start-up and shutdown included);"
  print "per GB of record bytes (2^30); per request as counted by the client (librdkafka statistics, tx summed"
  print "over brokers); per second of the step's wall time. VmHWM is the broker's peak RSS since it started."

  if (m > 0) {
    print "\n## Receive calls while producing 1 KiB records (strace -f -c on the broker)\n"
    print "| run | round | records | MB received | recvfrom | recvmsg | read | readv | errors (EAGAIN) | calls per 64 KiB |"
    print "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    for (j = 1; j <= m; j++)
      printf "| %s | %s | %s | %s | %d | %d | %d | %d | %d | %s |\n", rrun[j], rround[j], rrecords[j],
        fmt("%.1f", num(rbytes[j]) ? rbytes[j] / 1048576 : "NA"), recvfrom[j], recvmsg[j], readcalls[j], readv[j],
        rerrors[j], fmt("%.2f", recv_per_64k(j))
    print "\nBytes received: the producer's request bytes (librdkafka txbytes). Calls per 64 KiB counts all four calls."
  }

  if (!compare) exit
  # Means over rounds, per run and step.
  for (i = 1; i <= n; i++) {
    k = run[i] SUBSEP id[i]
    count[k]++
    sum_rps[k] += rps[i]; sum_gb[k] += per_gb(i); sum_s[k] += per_second(i)
    sum_p50[k] += p50[i]; sum_p99[k] += p99[i]; sum_p999[k] += p999[i]
    if (hwm[i] > peak[run[i]]) peak[run[i]] = hwm[i]
    if (rss[i] > peak_rss[run[i]]) peak_rss[run[i]] = rss[i]
  }
  for (j = 1; j <= m; j++) { rcount[rrun[j]]++; rsum[rrun[j]] += recv_per_64k(j) }

  printf "\n## %s against %s (means of the rounds above; ratio = current / baseline)\n\n", current, base
  print "| step | records/s baseline | records/s current | ratio | CPU-s/GB baseline | CPU-s/GB current | ratio |"
  print "|---|--:|--:|--:|--:|--:|--:|"
  for (s = 1; s <= nsteps; s++) {
    st = steps[s]
    if (step_kind[st] == "e2e") continue
    b = base SUBSEP st; c = current SUBSEP st
    if (!count[b] || !count[c]) continue
    br = sum_rps[b] / count[b]; cr = sum_rps[c] / count[c]; bg = sum_gb[b] / count[b]; cg = sum_gb[c] / count[c]
    printf "| %s | %.0f | %.0f | %s | %.2f | %.2f | %s |\n", step_label[st], br, cr, ratio(br, cr), bg, cg, ratio(bg, cg)
  }

  print "\n| end-to-end and memory | baseline | current | ratio |"
  print "|---|--:|--:|--:|"
  b = base SUBSEP "e2e"; c = current SUBSEP "e2e"
  if (count[b] && count[c]) {
    row("end-to-end p50 ms", sum_p50[b] / count[b], sum_p50[c] / count[c], "%.3f")
    row("end-to-end p99 ms", sum_p99[b] / count[b], sum_p99[c] / count[c], "%.3f")
    row("end-to-end p99.9 ms", sum_p999[b] / count[b], sum_p999[c] / count[c], "%.3f")
    row("broker CPU-s/s at " step_label["e2e"], sum_s[b] / count[b], sum_s[c] / count[c], "%.3f")
  }
  if (rcount[base] && rcount[current])
    row("receive calls per 64 KiB produced", rsum[base] / rcount[base], rsum[current] / rcount[current], "%.2f")
  row("broker peak VmHWM MiB", peak[base] / 1024, peak[current] / 1024, "%.0f")
  row("broker max sampled VmRSS MiB", peak_rss[base] / 1024, peak_rss[current] / 1024, "%.0f")
}

function row(name, b, c, f) { printf "| %s | " f " | " f " | %s |\n", name, b, c, ratio(b, c) }
