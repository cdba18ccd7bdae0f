#!/usr/bin/env bash
# kcat (librdkafka's command-line client) against a KafkaNet server started here.
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$REPO_ROOT/compat-tests/lib/broker.sh"

command -v kcat >/dev/null || { apt-get install -y -qq kcat >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq kcat >/dev/null; }; }
command -v openssl >/dev/null || { apt-get install -y -qq openssl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }; }
build_server

WORK="$(mktemp -d)"; echo "work: $WORK"
trap 'kill -KILL "${SERVER_PID:-0}" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

# 1. No arguments: port 9092, advertised as localhost:9092, data under ./data.
start_server "$WORK/defaults"
check "server starts with no arguments on 9092" wait_for_port 9092
kcat -b localhost:9092 -L -m 10 >"$WORK/defaults.txt" 2>&1
check "kcat -L lists broker 1 at localhost:9092" grep -q "broker 1 at localhost:9092" "$WORK/defaults.txt"
check "default data dir ./data holds meta.properties" test -f "$WORK/defaults/data/meta.properties"
check "SIGTERM stops the server cleanly" stop_server

# 2. Kafka-style overrides: listener, data dir, node id.
PORT="$(free_port)"
start_server "$WORK/overrides" --override "listeners=PLAINTEXT://127.0.0.1:$PORT" --override "log.dirs=$WORK/overrides/kdata" --override node.id=3
check "server starts with overrides" wait_for_port "$PORT"
kcat -b "127.0.0.1:$PORT" -L -J -m 10 >"$WORK/meta.json" 2>"$WORK/meta.err"
check "kcat -L -J reports broker 3 at 127.0.0.1:$PORT" python3 - "$WORK/meta.json" "$PORT" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
brokers = meta["brokers"]
sys.exit(0 if brokers == [{"id": 3, "name": "127.0.0.1:" + sys.argv[2]}] and meta["topics"] == [] else 1)
PY
check "kcat sees the controller" grep -q "(controller)" <(kcat -b "127.0.0.1:$PORT" -L -m 10 2>&1)
check "log.dirs override holds meta.properties with node.id=3" grep -q "node.id=3" "$WORK/overrides/kdata/meta.properties"
check "SIGTERM stops the overridden server cleanly" stop_server

# 3. An invalid value stops startup with a message naming the property.
dotnet "$SERVER_DLL" --override num.partitions=abc >"$WORK/bad.txt" 2>&1
status=$?
check "invalid value exits non-zero" test "$status" -ne 0
check "invalid value message names the property" grep -q "num.partitions" "$WORK/bad.txt"

# 4. Produce and consume: keys, headers, codecs, offsets, offsets by time.
PORT="$(free_port)"
B="127.0.0.1:$PORT"
start_server "$WORK/records" --override "listeners=PLAINTEXT://$B" --override "log.dirs=$WORK/records/kdata"
check "server starts for produce and consume" wait_for_port "$PORT"
KC=(timeout 30 kcat -b "$B" -m 10)
consume() { "${KC[@]}" -C -e -q "$@" 2>>"$WORK/kcat.err"; }

printf 'k1:v1\nk2:v2\nk3:v3\n' | "${KC[@]}" -P -t keyed -K: -H trace=abc -H app=kcat 2>>"$WORK/kcat.err"
check "produce with keys and headers (auto-created topic)" test $? -eq 0
check "consume returns keys, values and headers in order" test "$(consume -t keyed -o beginning -f '%o %k=%s [%h]\n')" = "$(printf '0 k1=v1 [trace=abc,app=kcat]\n1 k2=v2 [trace=abc,app=kcat]\n2 k3=v3 [trace=abc,app=kcat]')"
check "consume from offset 1" test "$(consume -t keyed -o 1 -f '%o %s\n')" = "$(printf '1 v2\n2 v3')"
check "consume the last record (-o -1)" test "$(consume -t keyed -o -1 -f '%o %s\n')" = "2 v3"
check "consume from the end returns nothing" test -z "$(consume -t keyed -o end -f '%o %s\n')"

# stored_codecs TOPIC: the codec ids (attributes & 7) of every batch in partition 0's first segment.
# librdkafka sends a batch uncompressed when compression would not shrink it (a lone small
# record), so the check is that the codec appears, not that every batch has it; a long linger
# keeps a busy machine from sending every record in a batch of its own.
stored_codecs() {
  python3 - "$WORK/records/kdata/$1-0/00000000000000000000.log" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
pos, codecs = 0, set()
while pos + 23 <= len(data):
    length = struct.unpack(">i", data[pos + 8:pos + 12])[0]
    codecs.add(data[pos + 22] & 7)
    pos += 12 + length
print(" ".join(str(c) for c in sorted(codecs)))
PY
}
id=1
for codec in gzip snappy lz4; do
  seq 1 50 | sed "s/^/$codec-/" | "${KC[@]}" -P -t "codec-$codec" -z "$codec" -X linger.ms=200 2>>"$WORK/kcat.err"
  check "produce with -z $codec, consume back" test "$(consume -t "codec-$codec" -o beginning -f '%s\n')" = "$(seq 1 50 | sed "s/^/$codec-/")"
  check "-z $codec batches are stored with codec $id" grep -qw "$id" <<<"$(stored_codecs "codec-$codec")"
  id=$((id + 1))
done

# Two batches a second apart; -o s@ and -Q find the second by its timestamp.
printf 'a1\na2\na3\n' | "${KC[@]}" -P -t timed 2>>"$WORK/kcat.err"
sleep 1.5
printf 'b1\nb2\nb3\n' | "${KC[@]}" -P -t timed 2>>"$WORK/kcat.err"
TS_B="$(consume -t timed -o 3 -c 1 -f '%T')"
check "records carry create timestamps" test "${TS_B:-0}" -gt 1700000000000
check "consume from a timestamp (-o s@ts)" test "$(consume -t timed -o "s@$TS_B" -f '%o %s\n')" = "$(printf '3 b1\n4 b2\n5 b3')"
check "consume up to a timestamp (-o beginning, -o e@ts)" test "$(consume -t timed -o beginning -o "e@$TS_B" -f '%s\n')" = "$(printf 'a1\na2\na3')"
check "query offset by timestamp (-Q)" grep -q "timed \[0\] offset 3" <("${KC[@]}" -Q -t "timed:0:$TS_B" 2>>"$WORK/kcat.err")
check "query offset by a future timestamp (-Q) is -1" grep -q "timed \[0\] offset -1" <("${KC[@]}" -Q -t "timed:0:$((TS_B + 3600000))" 2>>"$WORK/kcat.err")
check "query offset by timestamp -1 (-Q) is the end" grep -q "timed \[0\] offset 6" <("${KC[@]}" -Q -t "timed:0:-1" 2>>"$WORK/kcat.err")
check "query offset by timestamp -2 (-Q) is the start" grep -q "timed \[0\] offset 0" <("${KC[@]}" -Q -t "timed:0:-2" 2>>"$WORK/kcat.err")
# librdkafka's idempotent producer (InitProducerId, then sequenced batches) and read_committed consumer.
seq 1 2000 | "${KC[@]}" -P -t idem -X enable.idempotence=true -X linger.ms=5 2>>"$WORK/kcat.err"
check "idempotent produce (-X enable.idempotence=true) of 2000 records" test $? -eq 0
check "the idempotent producer's records read back once each, in order" test "$(consume -t idem -o beginning -f '%s\n')" = "$(seq 1 2000)"
check "a read_committed consumer (-X isolation.level=read_committed) reads them too" test "$(consume -t idem -o beginning -X isolation.level=read_committed -f '%s\n')" = "$(seq 1 2000)"
# librdkafka told the broker is old (no ApiVersions): 0.9.0 sends Produce v1 with magic 0 and
# Fetch v1, 0.10.0 Produce v2 with magic 1 and Fetch v2, 0.11.0 record batches v2.
for fallback in 0.9.0 0.10.0 0.11.0; do
  OLD=(-X api.version.request=false -X "broker.version.fallback=$fallback")
  for codec in none gzip; do
    topic="old-$fallback-$codec"
    seq 1 20 | sed "s/^/$fallback-/" | "${KC[@]}" "${OLD[@]}" -P -t "$topic" -z "$codec" 2>>"$WORK/kcat.err"
    check "broker.version.fallback=$fallback: produce ($codec)" test $? -eq 0
    check "broker.version.fallback=$fallback: consume back ($codec)" \
      test "$(consume "${OLD[@]}" -t "$topic" -o beginning -f '%s\n')" = "$(seq 1 20 | sed "s/^/$fallback-/")"
  done
  check "broker.version.fallback=$fallback: metadata lists the topics" grep -q "old-$fallback-gzip" <("${KC[@]}" "${OLD[@]}" -L 2>>"$WORK/kcat.err")
done
check "SIGTERM stops the server after produce and consume" stop_server
[ "$FAILED" -eq 0 ] || { echo "--- kcat stderr"; tail -n 20 "$WORK/kcat.err"; echo "--- server log"; tail -n 40 "$WORK/records/server.log"; }

# 5. An SSL listener: TLS in front of the same handler (record data copied once, no sendfile).
TLS="$WORK/tls"
mkdir -p "$TLS"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TLS/key.pem" -out "$TLS/cert.pem" -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
openssl pkcs12 -export -in "$TLS/cert.pem" -inkey "$TLS/key.pem" -out "$TLS/ks.p12" -passout pass:secret >/dev/null 2>&1
PORT="$(free_port)"
start_server "$TLS" --override "listeners=SSL://127.0.0.1:$PORT" --override "log.dirs=$TLS/data" \
  --override "ssl.keystore.location=$TLS/ks.p12" --override ssl.keystore.password=secret
check "server starts with an SSL listener" wait_for_port "$PORT"
KS=(timeout 30 kcat -b "127.0.0.1:$PORT" -m 10 -X security.protocol=ssl -X "ssl.ca.location=$TLS/cert.pem")
printf 's1:tls-1\ns2:tls-2\n' | "${KS[@]}" -P -t secure -K: 2>>"$WORK/kcat.err"
check "produce over TLS" test $? -eq 0
check "consume over TLS returns keys and values" test "$("${KS[@]}" -C -e -q -t secure -o beginning -f '%k=%s\n' 2>>"$WORK/kcat.err")" = "$(printf 's1=tls-1\ns2=tls-2')"
check "a plaintext client cannot talk to the SSL listener" bash -c "! timeout 15 kcat -b 127.0.0.1:$PORT -m 5 -L >/dev/null 2>&1"
check "SIGTERM stops the SSL server cleanly" stop_server

# 5b. A SASL_PLAINTEXT listener with PLAIN users from the listener's JAAS configuration.
SASL="$WORK/sasl"
PORT="$(free_port)"
start_server "$SASL" --override "listeners=SASL_PLAINTEXT://127.0.0.1:$PORT" --override "log.dirs=$SASL/data" \
  --override sasl.enabled.mechanisms=PLAIN \
  --override 'listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret";'
check "server starts with a SASL_PLAINTEXT listener" wait_for_port "$PORT"
KP=(timeout 30 kcat -b "127.0.0.1:$PORT" -m 10 -X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN -X sasl.username=alice)
printf 'sasl-1\nsasl-2\n' | "${KP[@]}" -X sasl.password=alice-secret -P -t sasl 2>>"$WORK/kcat.err"
check "produce with SASL/PLAIN credentials" test $? -eq 0
check "consume with SASL/PLAIN credentials" test "$("${KP[@]}" -X sasl.password=alice-secret -C -e -q -t sasl -o beginning 2>>"$WORK/kcat.err")" = "$(printf 'sasl-1\nsasl-2')"
check "a wrong password gets Kafka's authentication error" \
  bash -c "timeout 15 kcat -b 127.0.0.1:$PORT -m 5 -X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN -X sasl.username=alice -X sasl.password=wrong -L 2>&1 | grep -q 'Authentication failed: Invalid username or password'"
check "SIGTERM stops the SASL server cleanly" stop_server

# 5c. A SASL_SSL listener with PLAIN (an administrator from the JAAS configuration) and SCRAM-SHA-512, whose
# user is created with kafkanet configs over the PLAIN login.
build_cli
CLI_DLL="$REPO_ROOT/src/KafkaNet.Cli/bin/Release/net10.0/kafkanet.dll"
SCRAM="$WORK/scram"
PORT="$(free_port)"
start_server "$SCRAM" --override "listeners=SASL_SSL://127.0.0.1:$PORT" --override "log.dirs=$SCRAM/data" \
  --override "ssl.keystore.location=$TLS/ks.p12" --override ssl.keystore.password=secret \
  --override sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512 \
  --override 'listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_admin="admin-secret";' \
  --override 'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;'
check "server starts with a SASL_SSL listener serving PLAIN and SCRAM-SHA-512" wait_for_port "$PORT"
printf 'security.protocol=SASL_SSL\nssl.ca.location=%s\nsasl.mechanism=PLAIN\nsasl.username=admin\nsasl.password=admin-secret\n' "$TLS/cert.pem" >"$SCRAM/admin.properties"
check "kafkanet configs creates a SCRAM-SHA-512 user" test "$(timeout 60 dotnet "$CLI_DLL" configs --bootstrap-server "127.0.0.1:$PORT" --command-config "$SCRAM/admin.properties" \
  --alter --add-config 'SCRAM-SHA-512=[iterations=8192,password=alice-secret]' --entity-type users --entity-name alice 2>>"$WORK/kcat.err")" = "Completed updating config for user alice."
check "kafkanet configs describes it as kafka-configs does" test "$(timeout 60 dotnet "$CLI_DLL" configs --bootstrap-server "127.0.0.1:$PORT" --command-config "$SCRAM/admin.properties" \
  --describe --entity-type users 2>>"$WORK/kcat.err")" = "SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-512=iterations=8192"
KSP=(timeout 30 kcat -b "127.0.0.1:$PORT" -m 10 -X security.protocol=SASL_SSL -X "ssl.ca.location=$TLS/cert.pem")
printf 'plain-1\n' | "${KSP[@]}" -X sasl.mechanisms=PLAIN -X sasl.username=admin -X sasl.password=admin-secret -P -t scram 2>>"$WORK/kcat.err"
check "produce with SASL/PLAIN over SASL_SSL" test $? -eq 0
check "consume with SASL/PLAIN over SASL_SSL" test "$("${KSP[@]}" -X sasl.mechanisms=PLAIN -X sasl.username=admin -X sasl.password=admin-secret -C -e -q -t scram -o beginning 2>>"$WORK/kcat.err")" = "plain-1"
# librdkafka 2.0.2 repeats its client nonce in client-final (see FINDINGS.md); the broker accepts it as Kafka does.
printf 'scram-1\nscram-2\n' | "${KSP[@]}" -X sasl.mechanisms=SCRAM-SHA-512 -X sasl.username=alice -X sasl.password=alice-secret -P -t scram 2>>"$WORK/kcat.err"
check "produce with SCRAM-SHA-512 over SASL_SSL" test $? -eq 0
check "consume with SCRAM-SHA-512 over SASL_SSL" test "$("${KSP[@]}" -X sasl.mechanisms=SCRAM-SHA-512 -X sasl.username=alice -X sasl.password=alice-secret -C -e -q -t scram -o beginning 2>>"$WORK/kcat.err")" = "$(printf 'plain-1\nscram-1\nscram-2')"
check "a wrong SCRAM password gets Kafka's authentication error" \
  bash -c "timeout 15 kcat -b 127.0.0.1:$PORT -m 5 -X security.protocol=SASL_SSL -X ssl.ca.location=$TLS/cert.pem -X sasl.mechanisms=SCRAM-SHA-512 -X sasl.username=alice -X sasl.password=wrong -L 2>&1 | grep -q 'invalid credentials with SASL mechanism SCRAM-SHA-512'"
check "SIGTERM stops the SASL_SSL server cleanly" stop_server

# 5d. OAUTHBEARER over SASL_SSL with librdkafka's built-in unsecured JWT (alg none) against the broker's unsecured
# validator (Kafka's default, no callback handler), which requires the scope "kafka". Debian's librdkafka 2.0.2 is
# built without libcurl, so its OIDC login (sasl.oauthbearer.method=oidc) is refused (see FINDINGS.md).
OAUTH="$WORK/oauth"
PORT="$(free_port)"
start_server "$OAUTH" --override "listeners=SASL_SSL://127.0.0.1:$PORT" --override "log.dirs=$OAUTH/data" \
  --override "ssl.keystore.location=$TLS/ks.p12" --override ssl.keystore.password=secret \
  --override sasl.enabled.mechanisms=OAUTHBEARER \
  --override 'listener.name.sasl_ssl.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredValidatorRequiredScope="kafka";'
check "server starts with a SASL_SSL listener serving unsecured OAUTHBEARER" wait_for_port "$PORT"
KO=(timeout 30 kcat -b "127.0.0.1:$PORT" -m 10 -X security.protocol=SASL_SSL -X "ssl.ca.location=$TLS/cert.pem"
  -X sasl.mechanisms=OAUTHBEARER -X enable.sasl.oauthbearer.unsecure.jwt=true)
printf 'oauth-1\noauth-2\n' | "${KO[@]}" -X 'sasl.oauthbearer.config=principal=kcat scope=kafka' -P -t oauth 2>>"$WORK/kcat.err"
check "produce with an unsecured OAUTHBEARER token over SASL_SSL" test $? -eq 0
check "consume with an unsecured OAUTHBEARER token over SASL_SSL" \
  test "$("${KO[@]}" -X 'sasl.oauthbearer.config=principal=kcat scope=kafka' -C -e -q -t oauth -o beginning 2>>"$WORK/kcat.err")" = "$(printf 'oauth-1\noauth-2')"
"${KO[@]}" -X 'sasl.oauthbearer.config=principal=kcat scope=other' -L >"$OAUTH/unscoped.out" 2>&1
status=$?
check "a token without the required scope is refused with Kafka's insufficient_scope answer" \
  eval 'test "$status" -ne 0 && grep -q "insufficient_scope" "$OAUTH/unscoped.out"'
check "SIGTERM stops the OAUTHBEARER server cleanly" stop_server

# 6. Consumer groups: kcat -G, librdkafka's balanced consumer (eager range assignor by default).
PORT="$(free_port)"
B="127.0.0.1:$PORT"
G="$WORK/groups"
start_server "$G" --override "listeners=PLAINTEXT://$B" --override "log.dirs=$G/kdata" --override num.partitions=4 "${GROUP_OVERRIDES[@]}"
check "server starts for consumer groups" wait_for_port "$PORT"
KC=(timeout 30 kcat -b "$B" -m 10)

# produce_numbered TOPIC TAG COUNT: COUNT records "TAG-p<P>-<i>" into each of the 4 partitions.
produce_numbered() {
  local p
  for p in 0 1 2 3; do
    seq 1 "$3" | sed "s/^/$2-p$p-/" | "${KC[@]}" -P -t "$1" -p "$p" 2>>"$WORK/kcat.err" || return 1
  done
}
# numbered TAG COUNT: the values produce_numbered wrote, sorted.
numbered() { for p in 0 1 2 3; do seq 1 "$2" | sed "s/^/$1-p$p-/"; done | sort; }
# values FILE...: the record values a member printed, sorted.
values() { cut -d' ' -f2 "$@" | sort; }
count() { wc -l <"$G/$1.out"; }
# read_at_least N NAME...: the members together printed at least N records.
read_at_least() {
  local n="$1" name total=0; shift
  for name in "$@"; do total=$((total + $(count "$name"))); done
  [ "$total" -ge "$n" ]
}
GC=(kcat -b "$B" -u -f '%p %s\n' -X auto.offset.reset=earliest)
# member NAME GROUP TOPIC [kcat options]: a group member in the background, stopped after 90 s at the
# latest; it prints "partition value" lines to $G/NAME.out and its log to $G/NAME.err.
member() {
  local name="$1" group="$2" topic="$3"; shift 3
  : >"$G/$name.out"; : >"$G/$name.err"
  timeout -k 5 90 "${GC[@]}" -G "$group" "$@" "$topic" >"$G/$name.out" 2>"$G/$name.err" &
  MEMBER_PID=$!
}
# run_member NAME GROUP TOPIC [kcat options]: a group member in the foreground, at most 40 s.
run_member() {
  local name="$1" group="$2" topic="$3"; shift 3
  timeout -k 5 40 "${GC[@]}" -G "$group" "$@" "$topic" >"$G/$name.out" 2>"$G/$name.err"
}
# partitions LINE: the partition numbers listed after the line's last ": ".
partitions() { grep -o '\[[0-9]*\]' <<<"${1##*: }" | tr -d '[]'; }
# assignment NAME [last]: the member's partitions, "0 1 " style, from its rebalance log. Eager lines
# ("assigned: t [0], ..." / "revoked: ...") replace the assignment, cooperative ones ("incremental
# assignment|revoke of N partition(s) (...): t [0], ...") add or remove partitions. With "last",
# the final revoke is ignored: what the member held when it left.
assignment() {
  local line p own=" "
  while IFS= read -r line; do
    case "$line" in
      *"incremental assignment"*) for p in $(partitions "$line"); do own="$own$p "; done ;;
      *"incremental revoke"*) [ "${2:-}" = last ] || for p in $(partitions "$line"); do own="${own/ $p / }"; done ;;
      *assigned:*) own=" $(partitions "$line" | tr '\n' ' ')" ;;
      *revoked:*) [ "${2:-}" = last ] || own=" " ;;
    esac
  done < <(grep 'rebalanced' "$G/$1.err")
  tr ' ' '\n' <<<"$own" | sed '/^$/d' | sort -n | tr '\n' ' '
}
is_assigned() { [ "$(assignment "$1")" = "$2" ]; }
# split_between A B: both members hold partitions, none twice, all four between them.
split_between() {
  local x y
  x="$(assignment "$1")"; y="$(assignment "$2")"
  [ -n "$x" ] && [ -n "$y" ] && [ "$(tr ' ' '\n' <<<"$x$y" | sed '/^$/d' | sort -n | tr '\n' ' ')" = "0 1 2 3 " ]
}
# read_only_owned NAME OWNED: every round-2 record the member printed is from one of its partitions.
read_only_owned() {
  local p v n=0
  while read -r p v; do
    case "$v" in r2-*) [[ "$2" == *" $p "* ]] || return 1; n=$((n + 1)) ;; esac
  done <"$G/$1.out"
  [ "$n" -gt 0 ]
}
# stop_member PID [SIGNAL]: signals the member (kcat itself, not its timeout wrapper) and waits for it.
stop_member() {
  local child
  child="$(pgrep -P "$1")"
  [ -n "$child" ] && kill "-${2:-TERM}" "$child" 2>/dev/null
  wait "$1" 2>/dev/null
}

# two_members LABEL GROUP TOPIC [kcat options]: a lone member takes every partition and reads round
# 1; a second member joins and the partitions are split. The first member commits what it read
# before it gives partitions up (auto commit on revoke), so round 1 is not read again, and round 2
# is read once, each record by its partition's owner.
two_members() {
  local label="$1" group="$2" topic="$3" a="$2-a" b="$2-b" pid_a pid_b owned_a owned_b
  shift 3
  produce_numbered "$topic" r1 5
  member "$a" "$group" "$topic" "$@"; pid_a=$MEMBER_PID
  check "$label: a lone member is assigned all 4 partitions" wait_until 30 is_assigned "$a" "0 1 2 3 "
  check "$label: the lone member reads the 20 records" wait_until 30 read_at_least 20 "$a"
  member "$b" "$group" "$topic" "$@"; pid_b=$MEMBER_PID
  check "$label: a second member joins, the 4 partitions are split between the two" wait_until 40 split_between "$a" "$b"
  owned_a=" $(assignment "$a")"; owned_b=" $(assignment "$b")"
  produce_numbered "$topic" r2 10
  wait_until 30 read_at_least 60 "$a" "$b"
  sleep 1 # room for duplicates to show up
  stop_member "$pid_a"; stop_member "$pid_b"
  check "$label: every record is read exactly once across the two members" \
    test "$(values "$G/$a.out" "$G/$b.out")" = "$( (numbered r1 5; numbered r2 10) | sort)"
  check "$label: each member reads round 2 from its own partitions only" \
    eval 'read_only_owned "$a" "$owned_a" && read_only_owned "$b" "$owned_b"'
}
two_members "eager (range)" split gsplit
two_members "cooperative-sticky" coop gcoop -X partition.assignment.strategy=cooperative-sticky
started=$SECONDS
run_member c split gsplit -e
status=$?
check "after both leave, a new member gets all partitions within 10 s and resumes at the end" \
  test "$status" -eq 0 -a "$((SECONDS - started))" -le 10 -a "$(count c)" -eq 0 -a "$(assignment c last)" = "0 1 2 3 "

# Session timeout: a member that dies without leaving is dropped once its session times out, and
# the survivor takes its partitions over.
SESSION=(-X session.timeout.ms=6000)
produce_numbered gsess x 1
member s1 sess gsess "${SESSION[@]}"; PID_1=$MEMBER_PID
wait_until 30 is_assigned s1 "0 1 2 3 "
member s2 sess gsess "${SESSION[@]}"; PID_2=$MEMBER_PID
wait_until 40 split_between s1 s2
stop_member "$PID_2" KILL
check "a member killed without leaving is dropped after its session timeout; the survivor gets all 4 partitions" \
  wait_until 30 is_assigned s1 "0 1 2 3 "
stop_member "$PID_1"

# Static membership (group.instance.id): a static member leaves without LeaveGroup; back within its
# session timeout it gets its partitions again and the other member sees no rebalance. A second
# process with the same instance id fences the first.
STATIC=(-X session.timeout.ms=30000)
produce_numbered gstatic x 1
member t1 static gstatic "${STATIC[@]}" -X group.instance.id=kcat-1; PID_1=$MEMBER_PID
wait_until 30 is_assigned t1 "0 1 2 3 "
member t2 static gstatic "${STATIC[@]}" -X group.instance.id=kcat-2; PID_2=$MEMBER_PID
check "two static members split the partitions" wait_until 40 split_between t1 t2
REBALANCES_1="$(grep -c rebalanced "$G/t1.err")"; OWNED_2="$(assignment t2)"
stop_member "$PID_2"
member t2b static gstatic "${STATIC[@]}" -X group.instance.id=kcat-2; PID_2=$MEMBER_PID
check "a static member back within its session timeout gets its partitions again" wait_until 20 is_assigned t2b "$OWNED_2"
sleep 4 # more than a heartbeat interval (3 s): a rebalance would have reached the other member
check "the other static member sees no rebalance" test "$(grep -c rebalanced "$G/t1.err")" -eq "$REBALANCES_1"
member t2c static gstatic "${STATIC[@]}" -X group.instance.id=kcat-2; PID_3=$MEMBER_PID
fenced() { ! kill -0 "$PID_2" 2>/dev/null && grep -qi fenced "$G/t2b.err"; }
check "a second process with the same group.instance.id fences the first" wait_until 20 fenced
check "the new process holds the fenced member's partitions" wait_until 20 is_assigned t2c "$OWNED_2"
stop_member "$PID_1"; stop_member "$PID_2"; stop_member "$PID_3"

# Committed offsets: read everything and exit at the end, produce more, restart, then stop after
# -c records and restart again: each run reads exactly what the group has not read yet.
produce_numbered gresume s1 5
run_member r1 resume gresume -e
check "a member reads the topic to its end (-e) and leaves" test $? -eq 0 -a "$(values "$G/r1.out")" = "$(numbered s1 5)"
produce_numbered gresume s2 3
run_member r2 resume gresume -c 5
check "the restarted member stops after 5 (-c 5), all of them new" test $? -eq 0 -a "$(count r2)" -eq 5 -a -z "$(grep -v ' s2-' "$G/r2.out")"
run_member r3 resume gresume -e
check "the next restart reads exactly the 7 records not yet read" test $? -eq 0 -a "$(values "$G/r2.out" "$G/r3.out")" = "$(numbered s2 3)"

# Auto commit. kcat's -X tries librdkafka's topic properties first, and the legacy topic-level
# enable.auto.commit / auto.commit.interval.ms take those names, so the consumer's own settings stay
# at their defaults (on, every 5 s). With enable.auto.offset.store=false (no topic alias) nothing
# is stored, so nothing is committed and a restart reads everything again. With the defaults the
# positions are committed every 5 s while the member runs, so they survive a SIGKILL (no commit on
# close) and a restart reads only what came after.
run_member m1 unstored gresume -e -X enable.auto.offset.store=false
run_member m2 unstored gresume -e -X enable.auto.offset.store=false
check "-X enable.auto.offset.store=false: nothing is committed, a restart reads all 32 records again" \
  test "$(count m1)" -eq 32 -a "$(values "$G/m2.out")" = "$(values "$G/m1.out")"
member k1 periodic gresume -X session.timeout.ms=6000; PID_K=$MEMBER_PID
wait_until 30 read_at_least 32 k1
sleep 6 # past the 5 s auto commit interval
stop_member "$PID_K" KILL
produce_numbered gresume s3 2
run_member k2 periodic gresume -e
check "periodic auto commit: after a SIGKILL the restart reads only the 8 new records" test $? -eq 0 -a "$(values "$G/k2.out")" = "$(numbered s3 2)"

kcat -b "$B" -L -m 10 >"$G/list.txt" 2>&1
check "kcat -L lists the group topics and __consumer_offsets" eval 'grep -q "topic \"gsplit\" with 4 partitions" "$G/list.txt" && grep -q "topic \"__consumer_offsets\" with 5 partitions" "$G/list.txt"'
check "SIGTERM stops the server with groups" stop_server
restart_server() {
  start_server "$G" --override "listeners=PLAINTEXT://$B" --override "log.dirs=$G/kdata" --override num.partitions=4 "${GROUP_OVERRIDES[@]}"
  wait_for_port "$PORT"
}
restart_server
run_member r4 resume gresume -e
check "after a broker restart the group resumes from its committed offsets" test $? -eq 0 -a "$(values "$G/r4.out")" = "$(numbered s3 2)"

# A member running through a SIGKILL of the broker: it reconnects, and what it committed before
# and after holds: the records produced on either side are read once.
member r5 resume gresume -E; PID_R=$MEMBER_PID # -E: kcat would exit once all brokers are down
wait_until 30 is_assigned r5 "0 1 2 3 "
produce_numbered gresume s4 2
wait_until 30 read_at_least 8 r5
sleep 6 # past the 5 s auto commit interval
kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
check "the server starts again after a SIGKILL" restart_server
produce_numbered gresume s5 2
wait_until 60 read_at_least 16 r5
sleep 6 # past the 5 s auto commit interval, and room for duplicates
stop_member "$PID_R"
check "a member running through the broker's SIGKILL and restart reads the records of both sides once" \
  test "$(values "$G/r5.out")" = "$( (numbered s4 2; numbered s5 2) | sort)"
run_member r6 resume gresume -e
check "then a restart of the member reads nothing: its commits after the broker restart hold" test $? -eq 0 -a "$(count r6)" -eq 0
check "SIGTERM stops the restarted server" stop_server
[ "$FAILED" -eq 0 ] || { echo "--- group member logs"; tail -n 5 "$G"/*.err; echo "--- server log"; tail -n 40 "$G/server.log"; }

summary
