"""Reads N records from partition 0 of a topic with kafka-python forced to an old api_version,
and prints a JSON line with the records, megabytes and seconds. With --show-requests the
requests sent are logged to stderr (to check which Fetch version was used)."""
import argparse
import json
import logging
import sys
import time

from kafka import KafkaConsumer, TopicPartition


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap-server", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--messages", type=int, required=True)
    parser.add_argument("--api-version", required=True, help="e.g. 0.10.1")
    parser.add_argument("--show-requests", action="store_true")
    args = parser.parse_args()
    if args.show_requests:
        logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)
    api_version = tuple(int(part) for part in args.api_version.split("."))
    consumer = KafkaConsumer(bootstrap_servers=args.bootstrap_server, api_version=api_version,
                             enable_auto_commit=False, group_id=None,
                             max_partition_fetch_bytes=1048576, fetch_max_bytes=52428800)
    partition = TopicPartition(args.topic, 0)
    consumer.assign([partition])
    consumer.seek_to_beginning(partition)
    records = 0
    size = 0
    start = time.monotonic()
    deadline = start + 300
    while records < args.messages and time.monotonic() < deadline:
        for batch in consumer.poll(timeout_ms=1000, max_records=10000).values():
            for record in batch:
                records += 1
                size += len(record.value or b"") + len(record.key or b"")
    elapsed = time.monotonic() - start
    consumer.close()
    print(json.dumps({"records": records, "mb": size / 1048576, "seconds": elapsed,
                      "mb_per_sec": size / 1048576 / elapsed if elapsed > 0 else 0}))
    return 0 if records >= args.messages else 1


if __name__ == "__main__":
    sys.exit(main())
