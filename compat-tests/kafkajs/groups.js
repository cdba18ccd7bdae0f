// Consumer-group checks for kafkajs 2.2.4. Its consumer always joins a group: FindCoordinator v2,
// JoinGroup v5 (a first join answered MEMBER_ID_REQUIRED), SyncGroup v3, Heartbeat v3,
// LeaveGroup v3, OffsetCommit v5 and OffsetFetch v4; its admin sends DescribeGroups v2,
// ListGroups v2 and DeleteGroups v1.
const { AssignerProtocol } = require('kafkajs');

const PARTITIONS = [0, 1, 2, 3];

module.exports = async function groupChecks(kafka, check, assert) {
  const admin = kafka.admin();
  const producer = kafka.producer();
  const members = [];
  const tag = process.pid;
  const batchTopic = `kjs-batch-${tag}`;
  const splitTopic = `kjs-split-${tag}`;
  const group = (name) => `kjs-${name}-${tag}`;

  async function waitFor(condition, what, ms = 30000) {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const settle = (ms = 1000) => new Promise((resolve) => setTimeout(resolve, ms));
  // produce(topic, prefix, n): n records "prefix-p<P>-<i>" into each partition.
  const produce = (topic, prefix, n) => producer.send({
    topic,
    acks: -1,
    messages: PARTITIONS.flatMap((p) => Array.from({ length: n }, (_, i) => ({ partition: p, value: `${prefix}-p${p}-${i}` }))),
  });
  const expected = (prefix, n) => PARTITIONS.flatMap((p) => Array.from({ length: n }, (_, i) => `${prefix}-p${p}-${i}`)).sort();

  // A group member that records what it reads ("partition:offset:value") and its latest assignment.
  function member(groupId, topic) {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, rebalanceTimeout: 20000, heartbeatInterval: 500, maxWaitTimeInMs: 250 });
    const m = { consumer, topic, records: [], assigned: [], memberId: null, joins: 0 };
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      m.assigned = (payload.memberAssignment[topic] || []).slice().sort((a, b) => a - b);
      m.memberId = payload.memberId;
      m.joins += 1;
    });
    m.start = async (options = {}) => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning !== false });
      const keep = ({ partition, message }) => m.records.push(`${partition}:${message.offset}:${message.value}`);
      await consumer.run(options.eachBatch
        ? { eachBatch: async ({ batch }) => batch.messages.forEach((message) => keep({ partition: batch.partition, message })) }
        : { eachMessage: async (payload) => keep(payload) });
    };
    m.values = () => m.records.map((r) => r.split(':')[2]);
    members.push(m);
    return m;
  }
  // readsExactly(m, prefix, n): the member reads what produce(topic, prefix, n) wrote, each record once, then leaves.
  async function readsExactly(m, prefix, n) {
    await waitFor(() => m.records.length >= PARTITIONS.length * n, `${PARTITIONS.length * n} records`);
    await settle();
    assert(sameList(m.values().sort(), expected(prefix, n)), `read ${m.records}`);
    await m.consumer.disconnect();
  }
  const sameList = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const committed = async (groupId, topic, resolveOffsets = false) => {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic], resolveOffsets });
    return entry.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
  };
  const describe = async (groupId) => (await admin.describeGroups([groupId])).groups[0];

  await check('group setup: two 4-partition topics, producer', async () => {
    await admin.connect();
    await producer.connect();
    assert(await admin.createTopics({ topics: [batchTopic, splitTopic].map((topic) => ({ topic, numPartitions: 4 })), waitForLeaders: true }), 'createTopics');
    await produce(batchTopic, 'a', 5);
  });

  const batch = member(group('batch'), batchTopic);
  await check('group consumer with eachBatch reads every record once', async () => {
    await batch.start({ eachBatch: true });
    assert(sameList(batch.assigned, PARTITIONS), `assigned ${batch.assigned}`);
    await readsExactly(batch, 'a', 5);
  }, 60000);
  await check('admin.fetchOffsets reports the offsets the group committed', async () => {
    assert(sameList(await committed(group('batch'), batchTopic), ['5', '5', '5', '5']), `${await committed(group('batch'), batchTopic)}`);
    // Without topics kafkajs asks for every committed offset of the group (OffsetFetch with null topics).
    const all = await admin.fetchOffsets({ groupId: group('batch') });
    assert(all.length === 1 && all[0].topic === batchTopic && all[0].partitions.length === 4
      && all[0].partitions.every((p) => p.offset === '5'), JSON.stringify(all));
  });
  await check('admin.resetOffsets to earliest: the group reads everything again', async () => {
    // kafkajs commits the logical offset -2 (earliest), which Kafka stores as given.
    await admin.resetOffsets({ groupId: group('batch'), topic: batchTopic, earliest: true });
    assert(sameList(await committed(group('batch'), batchTopic), ['-2', '-2', '-2', '-2']), `${await committed(group('batch'), batchTopic)}`);
    // resolveOffsets turns -2 into the log start offset and commits that.
    assert(sameList(await committed(group('batch'), batchTopic, true), ['0', '0', '0', '0']), 'resolved');
    assert(sameList(await committed(group('batch'), batchTopic), ['0', '0', '0', '0']), `${await committed(group('batch'), batchTopic)}`);
    const again = member(group('batch'), batchTopic);
    await again.start({ fromBeginning: false });
    await readsExactly(again, 'a', 5);
  }, 60000);

  // Two members of one group on an empty topic: once the partitions are split, every record
  // produced is read once, by the member that owns its partition.
  const first = member(group('split'), splitTopic);
  const second = member(group('split'), splitTopic);
  await check('two members split the partitions; each record is read once, by its owner', async () => {
    await first.start();
    await second.start();
    await waitFor(() => first.assigned.length > 0 && second.assigned.length > 0
      && sameList([...first.assigned, ...second.assigned].sort(), PARTITIONS), 'the partitions to be split');
    await produce(splitTopic, 'b', 10);
    await waitFor(() => first.records.length + second.records.length >= 40, '40 records');
    await settle();
    assert(sameList([...first.values(), ...second.values()].sort(), expected('b', 10)), `read ${first.records} | ${second.records}`);
    for (const m of [first, second]) {
      assert(m.records.length > 0 && m.records.every((r) => m.assigned.includes(Number(r.split(':')[0]))), `${m.assigned}: ${m.records}`);
    }
  }, 90000);
  await check('admin.describeGroups shows a Stable group, both members and their assignments', async () => {
    const g = await describe(group('split'));
    assert(g.errorCode === 0 && g.state === 'Stable' && g.protocolType === 'consumer' && g.protocol === 'RoundRobinAssigner', JSON.stringify({ ...g, members: g.members.length }));
    assert(sameList(g.members.map((m) => m.memberId).sort(), [first.memberId, second.memberId].sort()), `members ${g.members.map((m) => m.memberId)}`);
    for (const m of g.members) {
      const owner = m.memberId === first.memberId ? first : second;
      const { assignment } = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      assert(sameList((assignment[splitTopic] || []).sort((a, b) => a - b), owner.assigned), `assignment ${JSON.stringify(assignment)} vs ${owner.assigned}`);
      assert(sameList(AssignerProtocol.MemberMetadata.decode(m.memberMetadata).topics, [splitTopic]), 'member metadata');
      assert(m.clientId === 'kafkanet-compat' && m.clientHost.includes('127.0.0.1'), `${m.clientId} ${m.clientHost}`);
    }
  });
  await check('admin.describeGroups of an unknown group answers Dead with no members', async () => {
    const g = await describe(group('never-used'));
    assert(g.errorCode === 0 && g.state === 'Dead' && g.members.length === 0, JSON.stringify(g));
  });
  await check('admin.listGroups lists the groups with protocol type consumer', async () => {
    const { groups } = await admin.listGroups();
    for (const name of ['batch', 'split']) {
      assert(groups.some((g) => g.groupId === group(name) && g.protocolType === 'consumer'), `${name} in ${JSON.stringify(groups)}`);
    }
  });
  await check('admin.deleteGroups of a group with members fails with NON_EMPTY_GROUP', async () => {
    let error;
    await admin.deleteGroups([group('split')]).catch((e) => { error = e; });
    assert(error && error.name === 'KafkaJSDeleteGroupsError', `error ${error}`);
    assert(error.groups.length === 1 && error.groups[0].errorCode === 68 && error.groups[0].error.type === 'NON_EMPTY_GROUP', JSON.stringify(error.groups));
  });
  await check('admin.resetOffsets refuses a group with running members (state Stable)', async () => {
    let error;
    await admin.resetOffsets({ groupId: group('split'), topic: splitTopic, earliest: true }).catch((e) => { error = e; });
    assert(error && /current state: Stable/.test(error.message), `error ${error}`);
  });
  await check('both members leave: the group is Empty, then admin.deleteGroups removes it', async () => {
    await first.consumer.disconnect();
    await second.consumer.disconnect();
    await waitFor(async () => (await describe(group('split'))).state === 'Empty', 'the group to be Empty', 10000);
    const results = await admin.deleteGroups([group('split')]);
    assert(results.length === 1 && results[0].groupId === group('split') && results[0].errorCode === 0, JSON.stringify(results));
    const { groups } = await admin.listGroups();
    assert(!groups.some((g) => g.groupId === group('split')), 'still listed');
    assert(sameList(await committed(group('split'), splitTopic), ['-1', '-1', '-1', '-1']), 'offsets survived the delete');
  }, 30000);
  await check('a deleted group starts afresh: a new member reads from the beginning', async () => {
    const m = member(group('split'), splitTopic);
    await m.start();
    await readsExactly(m, 'b', 10);
  }, 60000);
  await check('admin.deleteGroups of an unknown group fails with GROUP_ID_NOT_FOUND', async () => {
    let error;
    await admin.deleteGroups([group('never-used')]).catch((e) => { error = e; });
    assert(error && error.groups && error.groups[0].error.type === 'GROUP_ID_NOT_FOUND', `error ${error} ${JSON.stringify(error && error.groups)}`);
  });

  await check('seek: a member moved to offset 7 of partition 0 reads from there', async () => {
    const m = member(group('seek'), splitTopic);
    await m.start({ fromBeginning: false });
    m.consumer.seek({ topic: splitTopic, partition: 0, offset: '7' });
    await waitFor(() => m.records.length >= 3, '3 records');
    await settle();
    assert(sameList(m.records, ['0:7:b-p0-7', '0:8:b-p0-8', '0:9:b-p0-9']), `read ${m.records}`);
    await m.consumer.disconnect();
  }, 60000);
  await check('pause and resume: a paused partition is read only after resume', async () => {
    const m = member(group('pause'), splitTopic);
    m.consumer.on(m.consumer.events.GROUP_JOIN, () => {
      if (m.joins === 1) m.consumer.pause([{ topic: splitTopic, partitions: [0] }]);
    });
    await m.start();
    await waitFor(() => m.records.length >= 30, '30 records');
    await settle();
    assert(m.records.length === 30 && !m.records.some((r) => r.startsWith('0:')), `read ${m.records}`);
    assert(sameList(m.consumer.paused(), [{ topic: splitTopic, partitions: [0] }]), JSON.stringify(m.consumer.paused()));
    m.consumer.resume([{ topic: splitTopic, partitions: [0] }]);
    await readsExactly(m, 'b', 10);
  }, 60000);

  await check('a session timeout under group.min.session.timeout.ms is refused (INVALID_SESSION_TIMEOUT)', async () => {
    const consumer = kafka.consumer({ groupId: group('short'), sessionTimeout: 3000, heartbeatInterval: 500 });
    members.push({ consumer });
    const crashed = new Promise((resolve) => consumer.on(consumer.events.CRASH, ({ payload }) => resolve(payload.error)));
    await consumer.connect();
    await consumer.subscribe({ topics: [splitTopic] });
    await consumer.run({ eachMessage: async () => {} });
    const error = await crashed;
    const cause = (e) => (e.cause ? cause(e.cause) : e);
    assert(cause(error).type === 'INVALID_SESSION_TIMEOUT', `${error.name}: ${error.message}`);
    await consumer.disconnect();
  });

  // Ten members joining at the same moment (each first join answered MEMBER_ID_REQUIRED, then
  // rebalances while the others arrive) settle with one partition each; leaving at the same
  // moment empties the group.
  const crowdTopic = `kjs-crowd-${tag}`;
  const crowd = Array.from({ length: 10 }, () => member(group('crowd'), crowdTopic));
  await check('ten members joining at once settle with one of ten partitions each', async () => {
    assert(await admin.createTopics({ topics: [{ topic: crowdTopic, numPartitions: 10 }], waitForLeaders: true }), 'createTopics');
    await Promise.all(crowd.map((m) => m.start()));
    const settled = async () => {
      const g = await describe(group('crowd'));
      const owned = crowd.map((m) => m.assigned);
      return g.state === 'Stable' && g.members.length === 10 && owned.every((a) => a.length === 1)
        && sameList(owned.map((a) => a[0]).sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
    };
    await waitFor(settled, 'one partition for each of the ten members', 60000);
  }, 90000);
  await check('ten members leaving at once leave the group Empty', async () => {
    await Promise.all(crowd.map((m) => m.consumer.disconnect()));
    await waitFor(async () => {
      const g = await describe(group('crowd'));
      return g.state === 'Empty' && g.members.length === 0;
    }, 'the group to be Empty', 15000);
  }, 30000);

  // Whatever failed above, no member may keep the process alive.
  await Promise.race([
    Promise.all(members.map((m) => m.consumer.disconnect().catch(() => {}))),
    settle(15000),
  ]);
  await Promise.race([Promise.all([producer.disconnect(), admin.disconnect()]).catch(() => {}), settle(5000)]);
};
