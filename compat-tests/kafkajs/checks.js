// kafkajs 2.2.4 against a KafkaNet broker. kafkajs speaks only non-flexible versions
// (ApiVersions v2, Metadata v6, Produce v7, Fetch v11), so this exercises the classic encodings.
// What kafkajs produced is read back with kcat (librdkafka), field by field; the group consumer and
// the group admin calls are in groups.js, idempotence and transactions in transactions.js.
// SASL sign-ins are in sasl.js, against a second broker with a SASL_PLAINTEXT listener.
// Usage: node checks.js host:port [sasl-host:port]
const { execFileSync } = require('child_process');
const { Kafka, logLevel, CompressionTypes, Partitioners, ConfigResourceTypes } = require('kafkajs');
const groupChecks = require('./groups');
const transactionChecks = require('./transactions');
const saslChecks = require('./sasl');

const broker = process.argv[2];
const kafka = new Kafka({ clientId: 'kafkanet-compat', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
const results = [];

async function check(name, fn, timeoutMs = 20000) {
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), timeoutMs); })]);
    results.push(true);
    console.log(`PASS ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name}: ${e && e.message}`);
  } finally {
    clearTimeout(timer);
  }
}

// The Java client's murmur2 (Utils.murmur2), which kafkajs's DefaultPartitioner follows.
function murmur2(buf) {
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ buf.length) | 0;
  for (let i = 0; i + 4 <= buf.length; i += 4) {
    let k = Math.imul(buf.readInt32LE(i), m);
    k ^= k >>> 24;
    h = Math.imul(h, m) ^ Math.imul(k, m);
  }
  const t = buf.length & ~3;
  switch (buf.length % 4) {
    case 3: h ^= buf[t + 2] << 16; // falls through
    case 2: h ^= buf[t + 1] << 8; // falls through
    case 1: h = Math.imul(h ^ buf[t], m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  return (h ^ (h >>> 15)) | 0;
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

(async () => {
  const admin = kafka.admin();
  await check('admin connects (ApiVersions, Metadata)', () => admin.connect());
  await check('describeCluster lists this broker', async () => {
    const cluster = await admin.describeCluster();
    assert(cluster.brokers.length === 1, `brokers: ${JSON.stringify(cluster.brokers)}`);
    assert(`${cluster.brokers[0].host}:${cluster.brokers[0].port}` === broker, `broker ${JSON.stringify(cluster.brokers[0])}`);
    assert(typeof cluster.clusterId === 'string' && cluster.clusterId.length === 22, `clusterId ${cluster.clusterId}`);
  });
  await check('listTopics on a new broker is empty', async () => {
    const topics = await admin.listTopics();
    assert(Array.isArray(topics) && topics.length === 0, `topics: ${topics}`);
  });

  const baseTs = Date.now() - 30 * 60 * 1000;
  const topic = `kafkajs-${process.pid}`;
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  const messages = (tag) => Array.from({ length: 5 }, (_, i) => ({
    key: `${tag}-k${i}`,
    value: `${tag}-v${i}-${'x'.repeat(100)}`,
    headers: { idx: `${i}`, src: 'kafkajs' },
    timestamp: `${baseTs + i * 1000}`,
    partition: 0,
  }));

  await check('createTopics with partitions and configs', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
      waitForLeaders: true,
    });
    assert(created === true, `created ${created}`);
    assert(await admin.createTopics({ topics: [{ topic }] }) === false, 'a second create should answer false (TOPIC_ALREADY_EXISTS)');
  });
  await check('fetchTopicMetadata describes the partitions', async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    assert(topics.length === 1 && topics[0].name === topic, JSON.stringify(topics));
    const partitions = topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId);
    assert(partitions.map((p) => p.partitionId).join() === '0,1,2', JSON.stringify(partitions));
    assert(partitions.every((p) => p.partitionErrorCode === 0 && p.leader === 1 && p.isr.join() === '1'), JSON.stringify(partitions));
  });
  await check('describeConfigs reports the override', async () => {
    const { resources } = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
    const entries = Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e]));
    assert(entries['retention.ms'].configValue === '3600000' && !entries['retention.ms'].isDefault, JSON.stringify(entries['retention.ms']));
    assert(entries['max.message.bytes'].configValue === '1048588' && entries['max.message.bytes'].isDefault, JSON.stringify(entries['max.message.bytes']));
  });
  await check('producer connects', () => producer.connect());
  await check('send with acks -1: offsets 0-4', async () => {
    const meta = await producer.send({ topic, acks: -1, messages: messages('all') });
    assert(meta.length === 1 && meta[0].errorCode === 0 && meta[0].baseOffset === '0' && meta[0].partition === 0, JSON.stringify(meta));
  });
  await check('send with acks 1: offsets 5-9', async () => {
    const meta = await producer.send({ topic, acks: 1, messages: messages('one') });
    assert(meta.length === 1 && meta[0].errorCode === 0 && meta[0].baseOffset === '5', JSON.stringify(meta));
  });
  await check('send gzip-compressed: offsets 10-14', async () => {
    const meta = await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: messages('gzip') });
    assert(meta.length === 1 && meta[0].errorCode === 0 && meta[0].baseOffset === '10', JSON.stringify(meta));
  });
  await check('keyed messages land on murmur2(key) % partitions', async () => {
    assert(murmur2(Buffer.from('21')) === -973932308 && murmur2(Buffer.from('foobar')) === -790332482, 'murmur2 vectors');
    const meta = await producer.send({ topic, acks: -1, messages: [{ key: 'same', value: 'a' }, { key: 'same', value: 'b' }] });
    const expected = (murmur2(Buffer.from('same')) & 0x7fffffff) % 3;
    assert(meta.length === 1 && meta[0].errorCode === 0 && meta[0].partition === expected, `${JSON.stringify(meta)}, expected partition ${expected}`);
  });
  await check('keys, values, headers and timestamps read back (kcat)', async () => {
    const out = execFileSync('kcat', ['-b', broker, '-C', '-t', topic, '-p', '0', '-o', 'beginning', '-c', '15', '-e', '-q', '-J'], { timeout: 30000, encoding: 'utf8' });
    const records = out.trim().split('\n').map((line) => JSON.parse(line));
    const expected = [...messages('all'), ...messages('one'), ...messages('gzip')];
    assert(records.length === 15, `read ${records.length} records`);
    records.forEach((r, i) => {
      assert(r.offset === i && r.key === expected[i].key && r.payload === expected[i].value, `record ${i}: ${JSON.stringify(r)}`);
      assert(JSON.stringify(r.headers) === JSON.stringify(['idx', `${i % 5}`, 'src', 'kafkajs']), `headers ${i}: ${JSON.stringify(r.headers)}`);
      assert(r.ts === baseTs + (i % 5) * 1000 && r.tstype === 'create', `timestamp ${i}: ${r.ts} ${r.tstype}`);
    });
  }, 40000);
  await check('producer disconnects', () => producer.disconnect());
  await check('fetchTopicOffsets reports low and high watermarks', async () => {
    const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
    assert(offsets.length === 3 && offsets[0].low === '0' && offsets[0].high === '15' && offsets[0].offset === '15', JSON.stringify(offsets));
    const total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
    assert(total === 17, `total high watermark ${total}`);
  });
  await check('fetchTopicOffsetsByTimestamp finds per-record timestamps', async () => {
    const at = async (ts) => (await admin.fetchTopicOffsetsByTimestamp(topic, ts)).find((p) => p.partition === 0).offset;
    // Three batches each stamped baseTs..baseTs+4s: the first record at or after the time is in the first batch.
    assert(await at(baseTs - 60000) === '0', 'before the first record');
    assert(await at(baseTs + 2500) === '3', `between records 2 and 3: ${await at(baseTs + 2500)}`);
    // After the last record Kafka answers -1, which kafkajs replaces with the high watermark.
    assert(await at(Date.now() + 60000) === '15', `after the last record: ${await at(Date.now() + 60000)}`);
  });
  await check('deleteTopics removes the topic', async () => {
    await admin.deleteTopics({ topics: [topic], timeout: 15000 });
    assert(!(await admin.listTopics()).includes(topic), 'topic still listed');
  });
  await check('admin disconnects', () => admin.disconnect());
  await groupChecks(kafka, check, assert);
  await transactionChecks(kafka, check, assert);
  if (process.argv[3]) await saslChecks(process.argv[3], check, assert);

  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(results.length - passed === 0 ? 0 : 1);
})();
