"""Creates a topic with kafka-python's admin client: create_topic.py BOOTSTRAP TOPIC PARTITIONS RF MIN_ISR."""
import sys

from kafka.admin import KafkaAdminClient, NewTopic

bootstrap, topic, partitions, replication, min_isr = sys.argv[1:6]
admin = KafkaAdminClient(bootstrap_servers=bootstrap.split(","), request_timeout_ms=20000)
try:
    response = admin.create_topics(
        [NewTopic(topic, int(partitions), int(replication), topic_configs={"min.insync.replicas": min_isr})],
        timeout_ms=20000)
finally:
    admin.close()
errors = [e for e in response.topic_errors if e[1] != 0]
print(response)
sys.exit(1 if errors else 0)
