"""Failover time of one partition: cluster-failover.py BOOTSTRAP TOPIC PARTITION LEADER_PID.

A kafka-python producer (acks=all, one request in flight) sends small records to the partition
one after another; after two seconds of that it kills the partition's leader with SIGKILL and
keeps sending. Prints one JSON line: the milliseconds from the kill to the first acknowledgement
received after it, and how many sends failed in between (each after the client's own retries).
"""
import json
import os
import signal
import sys
import time

from kafka import KafkaProducer

bootstrap, topic, partition, leader_pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
producer = KafkaProducer(
    bootstrap_servers=bootstrap.split(","), acks="all", retries=1000000, linger_ms=0,
    max_in_flight_requests_per_connection=1, retry_backoff_ms=20, reconnect_backoff_ms=20,
    reconnect_backoff_max_ms=200, request_timeout_ms=30000, metadata_max_age_ms=60000)
sent = before = failed = 0
killed_at = None
started = time.monotonic()
while time.monotonic() - started < 120:
    if killed_at is None and before > 0 and time.monotonic() - started >= 2:
        os.kill(leader_pid, signal.SIGKILL)
        killed_at = time.monotonic()
    sent += 1
    try:
        producer.send(topic, value=b"r%d" % sent, partition=partition).get(timeout=60)
    except Exception:  # pylint: disable=broad-except
        failed += killed_at is not None
        continue
    if killed_at is None:
        before += 1
        continue
    print(json.dumps({"failover_ms": round((time.monotonic() - killed_at) * 1000), "acked_before_kill": before,
                      "failed_sends_after_kill": failed}))
    producer.close(timeout=5)
    sys.exit(0)
print(json.dumps({"failover_ms": None, "acked_before_kill": before, "failed_sends_after_kill": failed}))
sys.exit(1)
