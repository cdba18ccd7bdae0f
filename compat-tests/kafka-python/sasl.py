"""kafka-python over SASL_PLAINTEXT: PLAIN (a user from the listener's JAAS configuration), SCRAM-SHA-256 and
SCRAM-SHA-512 (users created with kafkanet configs). kafka-python 2.0 sends SaslHandshake v0 and then raw SASL
tokens for every mechanism; each produces and consumes, and a wrong password does not get a connection.
"""
import socket
import time
import uuid

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.conn import BrokerConnection

USERS = {"PLAIN": ("alice", "alice-secret"), "SCRAM-SHA-256": ("bob", "bob-secret"), "SCRAM-SHA-512": ("carol", "carol-secret")}


def _security(mechanism, password=None):
    user, right = USERS[mechanism]
    return dict(security_protocol="SASL_PLAINTEXT", sasl_mechanism=mechanism, sasl_plain_username=user,
                sasl_plain_password=password or right)


def _produce_consume(broker, mechanism):
    def run():
        topic = "kafka-python-sasl-%s-%s" % (mechanism.lower(), uuid.uuid4().hex[:8])
        security = _security(mechanism)
        producer = KafkaProducer(bootstrap_servers=broker, acks="all", request_timeout_ms=15000, **security)
        try:
            sent = [producer.send(topic, key=b"k%d" % i, value=b"%s-%d" % (mechanism.encode(), i)).get(timeout=30) for i in range(3)]
            assert [m.offset for m in sent] == [0, 1, 2], sent
        finally:
            producer.close()
        consumer = KafkaConsumer(bootstrap_servers=broker, request_timeout_ms=15000, **security)
        try:
            consumer.assign([TopicPartition(topic, 0)])
            consumer.seek_to_beginning()
            records = []
            deadline = time.time() + 20
            while len(records) < 3 and time.time() < deadline:
                for batch in consumer.poll(timeout_ms=500).values():
                    records.extend(batch)
            got = [(r.key, r.value) for r in records]
            assert got == [(b"k%d" % i, b"%s-%d" % (mechanism.encode(), i)) for i in range(3)], got
        finally:
            consumer.close()
    return run


def _wrong_password_refused(broker, mechanism):
    def run():
        host, port = broker.rsplit(":", 1)
        conn = BrokerConnection(host, int(port), socket.AF_INET, api_version=(2, 5), **_security(mechanism, "wrong"))
        try:
            assert not conn.connect_blocking(timeout=15), "connected with a wrong password"
            assert conn.disconnected(), conn.state
        finally:
            conn.close()
    return run


def run_sasl_checks(broker, check):
    for mechanism in USERS:
        check("SASL/%s: produce and consume" % mechanism, _produce_consume(broker, mechanism))
        check("SASL/%s: a wrong password does not get a connection" % mechanism, _wrong_password_refused(broker, mechanism), 30)
