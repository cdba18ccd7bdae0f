"""kafka-python with api_version forced to old brokers: the protocol versions Kafka 4 removed.

(0, 9) sends Produce v1 with magic 0 message sets, Fetch v1, ListOffsets v0 and Metadata v0;
(0, 10, 1) sends Produce v2 with magic 1, Fetch v3 and ListOffsets v1; (1, 1) sends record
batches v2. Each version produces plain and gzip records, reads them back assigned and in a group.
"""
import time
import uuid

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

VERSIONS = [(0, 9), (0, 10, 1), (1, 1)]


def _records(tag, n=10):
    return [(b"k%d" % i, b"%s-v%d" % (tag.encode(), i)) for i in range(n)]


def _poll(consumer, count, seconds=20):
    records = []
    deadline = time.time() + seconds
    while len(records) < count and time.time() < deadline:
        for batch in consumer.poll(timeout_ms=500, max_records=count - len(records)).values():
            records.extend(batch)
    return records


def _round_trip(admin, common, api_version, compression):
    def run():
        topic = "kp-old-%s-%s-%s" % ("-".join(map(str, api_version)), compression or "none", uuid.uuid4().hex[:6])
        admin.create_topics([NewTopic(topic, 1, 1)], timeout_ms=15000)
        expected = _records(topic)
        producer = KafkaProducer(api_version=api_version, acks=1, compression_type=compression, linger_ms=20, **common)
        try:
            sent = [producer.send(topic, key=k, value=v) for k, v in expected]
            offsets = [f.get(timeout=20).offset for f in sent]
        finally:
            producer.close(timeout=10)
        assert offsets == list(range(len(expected))), offsets
        consumer = KafkaConsumer(api_version=api_version, group_id=None, enable_auto_commit=False, **common)
        try:
            tp = TopicPartition(topic, 0)
            consumer.assign([tp])
            consumer.seek_to_beginning(tp)
            records = _poll(consumer, len(expected))
            assert [(r.key, r.value) for r in records] == expected, records
            assert [r.offset for r in records] == offsets
            if api_version >= (0, 10):
                assert all(r.timestamp > 0 for r in records), [r.timestamp for r in records]
        finally:
            consumer.close()
    return run


def _group(admin, common, api_version):
    def run():
        topic = "kp-old-group-%s-%s" % ("-".join(map(str, api_version)), uuid.uuid4().hex[:6])
        group = "g-" + topic
        admin.create_topics([NewTopic(topic, 2, 1)], timeout_ms=15000)
        producer = KafkaProducer(api_version=api_version, acks=1, **common)
        try:
            for i in range(10):
                producer.send(topic, partition=i % 2, value=b"g%d" % i)
            producer.flush(timeout=20)
        finally:
            producer.close(timeout=10)
        consumer = KafkaConsumer(topic, api_version=api_version, group_id=group, enable_auto_commit=False,
                                 auto_offset_reset="earliest", session_timeout_ms=10000, **common)
        try:
            records = _poll(consumer, 10, seconds=40)
            assert sorted(r.value for r in records) == sorted(b"g%d" % i for i in range(10)), records
            consumer.commit()
            committed = [consumer.committed(TopicPartition(topic, p)) for p in (0, 1)]
            assert committed == [5, 5], committed
        finally:
            consumer.close()
    return run


def run_old_version_checks(admin, common, check):
    for api_version in VERSIONS:
        name = ".".join(map(str, api_version))
        check("api_version %s: produce and consume back" % name, _round_trip(admin, common, api_version, None))
        check("api_version %s: produce gzip and consume back" % name, _round_trip(admin, common, api_version, "gzip"))
        check("api_version %s: a group consumer reads and commits" % name, _group(admin, common, api_version))
