// Idempotence and transaction checks for kafkajs 2.2.4: an idempotent producer (InitProducerId
// without a transactional id), transactions with commit, abort and sendOffsets (AddPartitionsToTxn,
// AddOffsetsToTxn, TxnOffsetCommit, EndTxn), fencing by a second producer with the same
// transactional id, and consumers in both isolation levels (kafkajs reads committed by default).
const PARTITIONS = [0, 1, 2];

module.exports = async function transactionChecks(kafka, check, assert) {
  const admin = kafka.admin();
  const tag = process.pid;
  const input = `kjs-txn-in-${tag}`;
  const output = `kjs-txn-out-${tag}`;
  const mixed = `kjs-txn-mixed-${tag}`;
  const opened = [];
  const sameList = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const settle = (ms = 1000) => new Promise((resolve) => setTimeout(resolve, ms));

  function open(client) {
    opened.push(client);
    return client;
  }

  // Reads a topic from the beginning with a fresh group until `count` records arrived (or the time is up),
  // then waits a little longer so that extra records would show; returns "partition:value" strings.
  async function readAll(topic, { readUncommitted, count, ms = 30000 }) {
    const consumer = open(kafka.consumer({ groupId: `kjs-read-${topic}-${readUncommitted ? 'ru' : 'rc'}-${Date.now()}`, readUncommitted, maxWaitTimeInMs: 200 }));
    const seen = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => { seen.push(`${partition}:${message.value}`); } });
    const deadline = Date.now() + ms;
    while (seen.length < count && Date.now() < deadline) {
      await settle(100);
    }
    await settle(1500);
    await consumer.disconnect();
    return seen;
  }

  const values = (n, prefix, partition) => Array.from({ length: n }, (_, i) => ({ partition, value: `${prefix}-${i}` }));

  await check('transactions setup: input, output and mixed topics', async () => {
    await admin.connect();
    assert(await admin.createTopics({ topics: [input, output, mixed].map((topic) => ({ topic, numPartitions: PARTITIONS.length })), waitForLeaders: true }), 'createTopics');
  });

  await check('idempotent producer writes 300 records once each, offsets without gaps', async () => {
    const producer = open(kafka.producer({ idempotent: true, maxInFlightRequests: 1 }));
    await producer.connect();
    for (const p of PARTITIONS) {
      for (let i = 0; i < 10; i++) {
        await producer.send({ topic: input, acks: -1, messages: values(10, `in-p${p}-b${i}`, p) });
      }
    }
    await producer.disconnect();
    const offsets = (await admin.fetchTopicOffsets(input)).sort((a, b) => a.partition - b.partition);
    assert(sameList(offsets.map((o) => o.high), ['100', '100', '100']), JSON.stringify(offsets));
  }, 40000);

  await check('committed and aborted transactions interleave; read_committed sees only the committed ones', async () => {
    const producer = open(kafka.producer({ transactionalId: `kjs-tx-${tag}`, idempotent: true, maxInFlightRequests: 1 }));
    await producer.connect();
    for (const [prefix, commit] of [['c1', true], ['a1', false], ['c2', true], ['a2', false]]) {
      const transaction = await producer.transaction();
      await transaction.send({ topic: mixed, messages: values(5, prefix, 0) });
      await transaction.send({ topic: mixed, messages: values(5, prefix, 1) });
      await (commit ? transaction.commit() : transaction.abort());
    }
    await producer.disconnect();
    const committed = await readAll(mixed, { readUncommitted: false, count: 20 });
    const expectCommitted = ['c1', 'c2'].flatMap((prefix) => [0, 1].flatMap((p) => values(5, prefix, p).map((v) => `${p}:${v.value}`)));
    assert(sameList(committed.slice().sort(), expectCommitted.slice().sort()), `read_committed read ${committed}`);
  }, 60000);

  await check('read_uncommitted sees committed and aborted records, and no markers', async () => {
    const all = await readAll(mixed, { readUncommitted: true, count: 40 });
    assert(all.length === 40, `read ${all.length}: ${all}`);
    assert(all.filter((r) => r.includes(':a')).length === 20, `aborted records ${all}`);
  }, 40000);

  await check('each transaction leaves a marker: the high watermark counts 4 per partition', async () => {
    const offsets = (await admin.fetchTopicOffsets(mixed)).sort((a, b) => a.partition - b.partition);
    assert(sameList(offsets.map((o) => o.high), ['24', '24', '0']), JSON.stringify(offsets));
  });

  const group = `kjs-txn-copy-${tag}`;
  await check('consume-transform-produce with sendOffsets copies every input record once', async () => {
    const producer = open(kafka.producer({ transactionalId: `kjs-copy-${tag}`, idempotent: true, maxInFlightRequests: 1 }));
    const consumer = open(kafka.consumer({ groupId: group, maxWaitTimeInMs: 200 }));
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [input], fromBeginning: true });
    let copied = 0;
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.messages.length === 0) return;
        const transaction = await producer.transaction();
        await transaction.send({ topic: output, messages: batch.messages.map((m) => ({ partition: batch.partition, value: `copy-${m.value}` })) });
        const next = (BigInt(batch.messages[batch.messages.length - 1].offset) + 1n).toString();
        await transaction.sendOffsets({ consumerGroupId: group, topics: [{ topic: input, partitions: [{ partition: batch.partition, offset: next }] }] });
        await transaction.commit();
        copied += batch.messages.length;
      },
    });
    const deadline = Date.now() + 40000;
    while (copied < 300 && Date.now() < deadline) {
      await settle(100);
    }
    await consumer.disconnect();
    await producer.disconnect();
    assert(copied === 300, `copied ${copied}`);
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [input] });
    const offsets = entry.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
    assert(sameList(offsets, ['100', '100', '100']), `committed ${offsets}`);
    const out = await readAll(output, { readUncommitted: false, count: 300 });
    assert(out.length === 300 && new Set(out).size === 300, `output has ${out.length} records, ${new Set(out).size} distinct`);
  }, 90000);

  await check('an aborted sendOffsets leaves the committed offsets where they were', async () => {
    const producer = open(kafka.producer({ transactionalId: `kjs-abort-offsets-${tag}`, idempotent: true, maxInFlightRequests: 1 }));
    await producer.connect();
    const transaction = await producer.transaction();
    await transaction.send({ topic: output, messages: [{ partition: 0, value: 'never' }] });
    await transaction.sendOffsets({ consumerGroupId: group, topics: [{ topic: input, partitions: [{ partition: 0, offset: '5' }] }] });
    await transaction.abort();
    await producer.disconnect();
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [input] });
    const offsets = entry.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
    assert(sameList(offsets, ['100', '100', '100']), `committed ${offsets}`);
  }, 30000);

  await check('a second producer with the same transactional id fences the first', async () => {
    const id = `kjs-fence-${tag}`;
    const first = open(kafka.producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 }));
    await first.connect();
    const zombie = await first.transaction();
    await zombie.send({ topic: mixed, messages: [{ partition: 2, value: 'zombie' }] });
    const second = open(kafka.producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 }));
    await second.connect();
    const live = await second.transaction();
    await live.send({ topic: mixed, messages: [{ partition: 2, value: 'live' }] });
    await live.commit();
    let error = null;
    try {
      await zombie.commit();
    } catch (e) {
      error = e;
    }
    assert(error !== null, 'the fenced producer committed');
    assert(/PRODUCER_FENCED|INVALID_PRODUCER_EPOCH|fenced|epoch/i.test(`${error.type} ${error.message}`), `error ${error.type}: ${error.message}`);
    const seen = await readAll(mixed, { readUncommitted: false, count: 21 });
    const partition2 = seen.filter((r) => r.startsWith('2:'));
    assert(sameList(partition2, ['2:live']), `partition 2 read_committed: ${partition2}`);
  }, 60000);

  await check('transaction clients disconnect', async () => {
    for (const client of opened) {
      await client.disconnect().catch(() => {});
    }
    await admin.disconnect();
  });
};
