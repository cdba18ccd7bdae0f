"""kafka-python (Debian's python3-kafka) against a KafkaNet broker.

Usage: python3 checks.py host:port
"""
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer
from kafka.errors import KafkaError

BROKER = sys.argv[1]
RESULTS = []


def check(name, fn):
    try:
        fn()
        RESULTS.append(True)
        print("PASS " + name)
    except Exception as e:  # report every failure, keep going
        RESULTS.append(False)
        print("FAIL %s: %r" % (name, e))


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


check("consumer bootstraps and sees one broker and no topics", cluster_metadata)
check("admin client lists no topics", admin_describe_cluster)

passed = sum(RESULTS)
print("%d passed, %d failed" % (passed, len(RESULTS) - passed))
sys.exit(0 if passed == len(RESULTS) else 1)
