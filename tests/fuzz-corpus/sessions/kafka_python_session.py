"""One kafka-python session for the fuzz seed corpus: admin client (create topic, describe
configs, groups, offsets, delete), producers with each available codec, a consumer group that
commits. Usage: /usr/bin/python3 kafka_python_session.py HOST:PORT"""
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic
from kafka.codec import has_lz4, has_snappy, has_zstd

BROKER = sys.argv[1]
TOPIC = "kafka-python-corpus"
GROUP = "kafka-python-corpus-group"


def step(name, fn):
    try:
        fn()
        print("done: " + name)
    except Exception as e:  # a failed step still leaves its frames; the session goes on
        print("failed: %s: %r" % (name, e))


admin = KafkaAdminClient(bootstrap_servers=BROKER, client_id="corpus-kafka-python")
step("create topic", lambda: admin.create_topics([NewTopic(TOPIC, 3, 1)]))
step("list topics", admin.list_topics)
step("describe configs", lambda: admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, TOPIC)]))

codecs = ["gzip"] + [c for c, ok in (("snappy", has_snappy()), ("lz4", has_lz4()), ("zstd", has_zstd())) if ok]


def produce(codec):
    producer = KafkaProducer(bootstrap_servers=BROKER, client_id="corpus-kafka-python", compression_type=codec, linger_ms=20, acks="all")
    for i in range(10):
        producer.send(TOPIC, key=b"k%d" % i, value=b"%s-%d" % (codec.encode(), i), headers=[("origin", b"kafka-python")])
    producer.flush()
    producer.close()


for codec in codecs:
    step("produce " + codec, lambda codec=codec: produce(codec))


def consume():
    consumer = KafkaConsumer(TOPIC, bootstrap_servers=BROKER, client_id="corpus-kafka-python", group_id=GROUP,
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=8000)
    seen = 0
    for _ in consumer:
        seen += 1
        if seen >= 10 * len(codecs):
            break
    consumer.commit()
    consumer.close()


step("consumer group", consume)
step("list consumer groups", admin.list_consumer_groups)
step("describe consumer groups", lambda: admin.describe_consumer_groups([GROUP]))
step("list consumer group offsets", lambda: admin.list_consumer_group_offsets(GROUP))
step("delete topic", lambda: admin.delete_topics([TOPIC]))
admin.close()
