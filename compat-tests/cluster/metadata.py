"""Checks kcat -L -J output (stdin): metadata.py TOPIC PARTITIONS REPLICAS ISR [EXCLUDED_LEADER].

Succeeds when the topic has PARTITIONS partitions, each with a live leader (a listed broker, not
EXCLUDED_LEADER), REPLICAS replicas and ISR in-sync replicas that include the leader.
"""
import json
import sys

topic, partitions, replicas, isr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
excluded = int(sys.argv[5]) if len(sys.argv) > 5 else None
try:
    meta = json.load(sys.stdin)
except ValueError:
    sys.exit(1)
brokers = {b["id"] for b in meta.get("brokers", [])}
found = [t for t in meta.get("topics", []) if t["topic"] == topic and not t.get("error")]
if len(found) != 1 or len(found[0]["partitions"]) != partitions:
    sys.exit(1)
for p in found[0]["partitions"]:
    leader = p["leader"]
    isrs = [r["id"] for r in p["isrs"]]
    if leader not in brokers or leader == excluded or leader not in isrs:
        sys.exit(1)
    if len(p["replicas"]) != replicas or len(isrs) != isr:
        sys.exit(1)
sys.exit(0)
