"""kafka-python (Debian's python3-kafka) against a KafkaNet broker.

SASL sign-ins are in sasl.py, against a second broker with a SASL_PLAINTEXT listener.

Usage: python3 checks.py host:port [sasl-host:port]
"""
import contextlib
import sys
import threading
import time
import uuid

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic
from kafka.codec import has_lz4, has_snappy, has_zstd
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

from groups import run_group_checks
from old_versions import run_old_version_checks
from sasl import run_sasl_checks

BROKER = sys.argv[1]
RESULTS = []


def check(name, fn, seconds=120):
    """Runs fn in a thread of its own so that a client stuck in a retry loop cannot hang the suite."""
    outcome = {}

    def run():
        try:
            fn()
            outcome["ok"] = True
        except Exception as e:  # report every failure, keep going
            outcome["error"] = e
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if outcome.get("ok"):
        RESULTS.append(True)
        print("PASS " + name)
    else:
        RESULTS.append(False)
        print("FAIL %s: %r" % (name, outcome.get("error", "timed out after %d s" % seconds)))
    sys.stdout.flush()


def skip(name, why):
    print("SKIP %s: %s" % (name, why))


def cluster_metadata():
    consumer = KafkaConsumer(bootstrap_servers=BROKER, request_timeout_ms=15000, api_version_auto_timeout_ms=10000)
    try:
        topics = consumer.topics()
        assert topics == set(), topics
        brokers = consumer._client.cluster.brokers()
        assert len(brokers) == 1, brokers
        b = next(iter(brokers))
        assert "%s:%d" % (b.host, b.port) == BROKER, b
    finally:
        consumer.close()


def admin_describe_cluster():
    admin = KafkaAdminClient(bootstrap_servers=BROKER, request_timeout_ms=15000, api_version_auto_timeout_ms=10000)
    try:
        assert admin.list_topics() == [], admin.list_topics()
    finally:
        admin.close()


COMMON = dict(bootstrap_servers=BROKER, request_timeout_ms=15000, api_version_auto_timeout_ms=10000)
BASE_TS = int(time.time() * 1000) - 30 * 60 * 1000


def new_topic(admin, prefix, partitions=1, configs=None):
    name = "%s-%s" % (prefix, uuid.uuid4().hex[:8])
    admin.create_topics([NewTopic(name, partitions, 1, topic_configs=configs or {})], timeout_ms=15000)
    return name


def assigned_consumer(topic, partition=0):
    consumer = KafkaConsumer(group_id=None, enable_auto_commit=False, consumer_timeout_ms=10000, **COMMON)
    tp = TopicPartition(topic, partition)
    consumer.assign([tp])
    return consumer, tp


def poll_records(consumer, count, seconds=20):
    records = []
    deadline = time.time() + seconds
    while len(records) < count and time.time() < deadline:
        for batch in consumer.poll(timeout_ms=500, max_records=count - len(records)).values():
            records.extend(batch)
    return records


def produce(topic, acks, compression=None, n=10, with_timestamps=False):
    producer = KafkaProducer(acks=acks, compression_type=compression, linger_ms=20, **COMMON)
    try:
        futures = [producer.send(topic, key=b"k%d" % i, value=b"v%d-%s" % (i, b"x" * i),
                                 headers=[("idx", b"%d" % i), ("src", b"kafka-python")],
                                 timestamp_ms=BASE_TS + i * 1000 if with_timestamps else None)
                   for i in range(n)]
        return [f.get(timeout=20) for f in futures]
    finally:
        producer.close(timeout=10)


def check_produced(topic, metadata, n=10):
    assert [m.offset for m in metadata] == list(range(n)), [m.offset for m in metadata]
    consumer, tp = assigned_consumer(topic)
    try:
        consumer.seek_to_beginning(tp)
        records = poll_records(consumer, n)
        assert [r.offset for r in records] == list(range(n)), [r.offset for r in records]
        assert [r.key for r in records] == [b"k%d" % i for i in range(n)]
        assert [r.value for r in records] == [b"v%d-%s" % (i, b"x" * i) for i in range(n)]
        assert records[3].headers == [("idx", b"3"), ("src", b"kafka-python")], records[3].headers
    finally:
        consumer.close()


ADMIN = KafkaAdminClient(**COMMON)


def produce_consume(acks, compression=None):
    def run():
        topic = new_topic(ADMIN, "kp-%s-%s" % (acks, compression or "none"))
        check_produced(topic, produce(topic, acks, compression))
    return run


def version_probe():
    consumer = KafkaConsumer(**COMMON)
    try:
        # Inferred from the advertised ranges: DescribeAcls v2 is the newest marker kafka-python 2.0.2 knows.
        assert consumer.config["api_version"] == (2, 5, 0), consumer.config["api_version"]
    finally:
        consumer.close()


@contextlib.contextmanager
def ten_timed_records(prefix):
    """A new topic holding records 0-9 stamped BASE_TS + i s, and a consumer assigned to it."""
    topic = new_topic(ADMIN, prefix)
    produce(topic, "all", n=10, with_timestamps=True)
    consumer, tp = assigned_consumer(topic)
    try:
        yield consumer, tp
    finally:
        consumer.close()


def consumer_positions():
    with ten_timed_records("kp-positions") as (consumer, tp):
        consumer.seek(tp, 6)
        assert [r.offset for r in poll_records(consumer, 2)] == [6, 7]
        assert consumer.position(tp) == 8, consumer.position(tp)
        consumer.seek_to_beginning(tp)
        first = poll_records(consumer, 1)[0]
        assert first.offset == 0 and first.timestamp == BASE_TS and first.timestamp_type == 0, first
        consumer.seek_to_end(tp)
        assert consumer.position(tp) == 10, consumer.position(tp)
        assert consumer.end_offsets([tp]) == {tp: 10}, consumer.end_offsets([tp])
        assert consumer.beginning_offsets([tp]) == {tp: 0}, consumer.beginning_offsets([tp])


def offsets_for_times():
    with ten_timed_records("kp-times") as (consumer, tp):
        for ts, expected in [(BASE_TS - 60000, 0), (BASE_TS, 0), (BASE_TS + 3500, 4), (BASE_TS + 9000, 9)]:
            found = consumer.offsets_for_times({tp: ts})[tp]
            assert found is not None and found.offset == expected, (ts - BASE_TS, found)
            assert found.timestamp == BASE_TS + expected * 1000, (ts - BASE_TS, found)
        assert consumer.offsets_for_times({tp: BASE_TS + 60000})[tp] is None
        consumer.seek(tp, consumer.offsets_for_times({tp: BASE_TS + 6500})[tp].offset)
        assert poll_records(consumer, 1)[0].value.startswith(b"v7-")


def admin_topics_and_configs():
    name = new_topic(ADMIN, "kp-admin", 3, {"retention.ms": "3600000"})
    try:
        ADMIN.create_topics([NewTopic(name, 1, 1)], timeout_ms=15000)
        raise AssertionError("creating an existing topic succeeded")
    except TopicAlreadyExistsError:
        pass
    assert name in ADMIN.list_topics()
    responses = ADMIN.describe_configs([ConfigResource(ConfigResourceType.TOPIC, name)])
    resources = [r for resp in responses for r in resp.resources]
    assert len(resources) == 1 and resources[0][0] == 0, resources
    entries = {e[0]: e[1] for e in resources[0][4]}
    assert entries["retention.ms"] == "3600000", entries.get("retention.ms")
    assert entries["max.message.bytes"] == "1048588", entries.get("max.message.bytes")
    consumer = KafkaConsumer(**COMMON)
    try:
        assert consumer.partitions_for_topic(name) == {0, 1, 2}, consumer.partitions_for_topic(name)
    finally:
        consumer.close()
    ADMIN.delete_topics([name], timeout_ms=15000)
    assert name not in ADMIN.list_topics()
    try:
        ADMIN.delete_topics([name], timeout_ms=15000)
        raise AssertionError("deleting a missing topic succeeded")
    except UnknownTopicOrPartitionError:
        pass


check("consumer bootstraps and sees one broker and no topics", cluster_metadata)
check("admin client lists no topics", admin_describe_cluster)
check("broker version inferred from ApiVersions is 2.5", version_probe)
check("produce acks=1, consume back keys, values, headers", produce_consume(1))
check("produce acks=all, consume back keys, values, headers", produce_consume("all"))
CODECS = [("gzip", lambda: True), ("snappy", has_snappy), ("lz4", has_lz4), ("zstd", has_zstd)]
for codec, available in CODECS:
    if available():
        check("produce %s, consume back" % codec, produce_consume("all", codec))
    else:
        skip("produce %s, consume back" % codec, "the Python library for %s is not installed" % codec)
check("assign + seek / seek_to_beginning / seek_to_end, end_offsets, beginning_offsets", consumer_positions)
check("offsets_for_times finds per-record timestamps", offsets_for_times)
check("admin create_topics / describe_configs / delete_topics", admin_topics_and_configs)
run_group_checks(ADMIN, COMMON, check)
run_old_version_checks(ADMIN, COMMON, check)
ADMIN.close()
if len(sys.argv) > 2:
    run_sasl_checks(sys.argv[2], check)


passed = sum(RESULTS)
print("%d passed, %d failed" % (passed, len(RESULTS) - passed))
sys.exit(0 if passed == len(RESULTS) else 1)
