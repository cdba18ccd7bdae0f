"""Consumer-group checks for kafka-python 2.0.2.

Its group consumer speaks old versions whatever the broker offers: FindCoordinator v0, JoinGroup v2,
SyncGroup v1, Heartbeat v1, LeaveGroup v1, OffsetCommit v2 and OffsetFetch v1. KafkaAdminClient
takes the newest version it knows within the broker's range: ListGroups v2, DescribeGroups v3,
OffsetFetch v3 (all partitions of a group) and DeleteGroups v1; FindCoordinator stays at v0.
"""
import queue
import threading
import time
import uuid

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import GroupIdNotFoundError, NoError, NonEmptyGroupError, OffsetMetadataTooLargeError
from kafka.structs import OffsetAndMetadata

PARTITIONS = [0, 1, 2, 3]


class Member(threading.Thread):
    """A group member polling in a thread of its own: kafka-python rejoins a group inside poll(), so
    two members polled from one thread would wait on each other's rebalance. Other calls on its
    consumer go through call(), which runs them on that thread between polls."""

    def __init__(self, common, group, topic, **config):
        super().__init__(daemon=True)
        settings = dict(group_id=group, auto_offset_reset="earliest", enable_auto_commit=False,
                        session_timeout_ms=10000, heartbeat_interval_ms=500, fetch_max_wait_ms=200)
        settings.update(config)
        self.consumer = KafkaConsumer(topic, **common, **settings)
        self.records = []
        self.assigned = set()
        self._calls = queue.Queue()
        self._stopping = threading.Event()
        self.start()

    def run(self):
        deadline = time.time() + 180
        try:
            while not self._stopping.is_set() and time.time() < deadline:
                for batch in self.consumer.poll(timeout_ms=200).values():
                    self.records.extend((r.partition, r.offset, r.value.decode()) for r in batch)
                self.assigned = {tp.partition for tp in self.consumer.assignment()}
                while not self._calls.empty():
                    fn, box = self._calls.get()
                    try:
                        box["value"] = fn(self.consumer)
                    except Exception as e:  # handed back to the caller
                        box["error"] = e
                    box["done"].set()
        finally:
            self.consumer.close()

    def call(self, fn, timeout=20):
        box = {"done": threading.Event()}
        self._calls.put((fn, box))
        assert box["done"].wait(timeout), "the member did not run the call in time"
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def stop(self, timeout=20):
        self._stopping.set()
        self.join(timeout)
        assert not self.is_alive(), "the member did not stop"

    def values(self):
        return [v for _, _, v in self.records]


def wait_for(condition, what, seconds=30):
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "timed out waiting for " + what
        time.sleep(0.1)


def numbered(prefix, n):
    return sorted("%s-p%d-%d" % (prefix, p, i) for p in PARTITIONS for i in range(n))


def run_group_checks(admin, common, check):
    tag = uuid.uuid4().hex[:8]
    topic = "kp-groups-" + tag
    group = "kp-group-" + tag
    standalone = "kp-standalone-" + tag
    tps = [TopicPartition(topic, p) for p in PARTITIONS]
    members = []
    state = {}

    def produce(prefix, n):
        producer = KafkaProducer(acks="all", linger_ms=20, **common)
        try:
            futures = [producer.send(topic, value=("%s-p%d-%d" % (prefix, p, i)).encode(), partition=p)
                       for p in PARTITIONS for i in range(n)]
            for f in futures:
                f.get(timeout=20)
        finally:
            producer.close(timeout=10)

    def member(**config):
        m = Member(common, group, topic, **config)
        members.append(m)
        return m

    def describe():
        [info] = admin.describe_consumer_groups([group])
        return info

    def two_members_split():
        admin.create_topics([NewTopic(topic, 4, 1)], timeout_ms=15000)
        first, second = member(), member()
        state["members"] = (first, second)

        def split():
            a, b = first.assigned, second.assigned
            return a and b and not a & b and a | b == set(PARTITIONS)
        wait_for(split, "the partitions to be split between the two members", 60)
        produce("b", 10)
        wait_for(lambda: len(first.records) + len(second.records) >= 40, "40 records")
        time.sleep(1)
        assert sorted(first.values() + second.values()) == numbered("b", 10), (first.records, second.records)
        for m in (first, second):
            assert m.records and all(p in m.assigned for p, _, _ in m.records), (m.assigned, m.records)

    def commit_and_committed():
        for m in state["members"]:
            m.call(lambda c: c.commit())
            positions = m.call(lambda c: {tp.partition: c.committed(tp) for tp in c.assignment()})
            assert positions and all(v == 10 for v in positions.values()), positions
        outsider = KafkaConsumer(group_id=group, enable_auto_commit=False, **common)
        try:
            found = {tp.partition: outsider.committed(tp) for tp in tps}
        finally:
            outsider.close()
        assert found == {p: 10 for p in PARTITIONS}, found

    def describe_stable():
        info = describe()
        assert info.error_code == 0 and info.group == group, info
        assert (info.state, info.protocol_type, info.protocol) == ("Stable", "consumer", "range"), info
        assert len(info.members) == 2, info.members
        for described in info.members:
            assert described.client_id.startswith("kafka-python"), described.client_id
            assert described.member_metadata.subscription == [topic], described.member_metadata
        described = sorted(sorted(dict(d.member_assignment.assignment).get(topic, [])) for d in info.members)
        assert described == sorted(sorted(m.assigned) for m in state["members"]), described

    def list_groups():
        groups = admin.list_consumer_groups()
        assert (group, "consumer") in groups, groups

    def delete_non_empty():
        assert admin.delete_consumer_groups([group]) == [(group, NonEmptyGroupError)]

    def restart_resumes():
        for m in state["members"]:
            m.stop()
        wait_for(lambda: describe().state == "Empty", "the group to be Empty after both members left", 10)
        produce("c", 5)
        again = member(enable_auto_commit=True, auto_commit_interval_ms=200)
        wait_for(lambda: len(again.records) >= 20, "20 records")
        time.sleep(1)
        assert sorted(again.values()) == numbered("c", 5), again.records
        again.stop()

    def group_offsets():
        offsets = admin.list_consumer_group_offsets(group)
        assert offsets == {tp: OffsetAndMetadata(15, "") for tp in tps}, offsets
        info = describe()
        assert (info.state, info.protocol_type, info.protocol, info.members) == ("Empty", "consumer", "", []), info

    def standalone_commit():
        consumer = KafkaConsumer(group_id=standalone, enable_auto_commit=False, **common)
        try:
            consumer.assign([tps[0]])
            assert consumer.committed(tps[0]) is None, consumer.committed(tps[0])
            consumer.commit({tps[0]: OffsetAndMetadata(3, "kp-meta")})
        finally:
            consumer.close()
        offsets = admin.list_consumer_group_offsets(standalone)
        assert offsets == {tps[0]: OffsetAndMetadata(3, "kp-meta")}, offsets
        # A group that only commits has no protocol type.
        assert (standalone, "") in admin.list_consumer_groups(), admin.list_consumer_groups()
        [info] = admin.describe_consumer_groups([standalone])
        assert (info.state, info.protocol_type, info.members) == ("Empty", "", []), info

    def metadata_too_large():
        consumer = KafkaConsumer(group_id=standalone, enable_auto_commit=False, **common)
        try:
            consumer.assign([tps[0]])
            try:
                consumer.commit({tps[0]: OffsetAndMetadata(4, "m" * 4097)})
                raise AssertionError("metadata over offset.metadata.max.bytes was accepted")
            except OffsetMetadataTooLargeError:
                pass
        finally:
            consumer.close()
        offsets = admin.list_consumer_group_offsets(standalone)
        assert offsets == {tps[0]: OffsetAndMetadata(3, "kp-meta")}, offsets

    def deleted_topic_offsets():
        doomed = "kp-doomed-" + tag
        admin.create_topics([NewTopic(doomed, 1, 1)], timeout_ms=15000)
        consumer = KafkaConsumer(group_id=standalone, enable_auto_commit=False, **common)
        try:
            consumer.assign([TopicPartition(doomed, 0)])
            consumer.commit({TopicPartition(doomed, 0): OffsetAndMetadata(0, "")})
        finally:
            consumer.close()
        assert TopicPartition(doomed, 0) in admin.list_consumer_group_offsets(standalone)
        admin.delete_topics([doomed], timeout_ms=15000)
        wait_for(lambda: TopicPartition(doomed, 0) not in admin.list_consumer_group_offsets(standalone),
                 "the deleted topic's offsets to go", 10)
        offsets = admin.list_consumer_group_offsets(standalone)
        assert offsets == {tps[0]: OffsetAndMetadata(3, "kp-meta")}, offsets

    def delete_groups():
        assert sorted(admin.delete_consumer_groups([group, standalone])) == sorted([(group, NoError), (standalone, NoError)])
        listed = [g for g, _ in admin.list_consumer_groups()]
        assert group not in listed and standalone not in listed, listed
        assert admin.delete_consumer_groups([group]) == [(group, GroupIdNotFoundError)]

    check("two group members split the partitions; each record is read once, by its owner", two_members_split)
    check("commit() and committed(); a consumer outside the group reads the same offsets", commit_and_committed)
    check("describe_consumer_groups: Stable, protocol range, both members and their assignments", describe_stable)
    check("list_consumer_groups lists the group with protocol type consumer", list_groups)
    check("delete_consumer_groups of a group with members answers NonEmptyGroupError", delete_non_empty)
    check("after both members leave, a restarted member (auto commit) reads only the new records", restart_resumes)
    check("list_consumer_group_offsets reports every committed offset; the group is Empty", group_offsets)
    check("commit with assign() and no generation keeps offset and metadata; the group has no protocol type",
          standalone_commit)
    check("commit metadata over offset.metadata.max.bytes is refused (OffsetMetadataTooLargeError), nothing stored",
          metadata_too_large)
    check("deleting a topic drops the group's offsets for it", deleted_topic_offsets)
    check("delete_consumer_groups of empty groups, then of a missing one (GroupIdNotFoundError)", delete_groups)
    for m in members:
        if m.is_alive():
            try:
                m.stop()
            except AssertionError as e:  # a hung member must not hide the summary
                print("member left running: %s" % e)
