// kafkajs 2.2.4 against a KafkaNet broker. kafkajs speaks only non-flexible versions
// (ApiVersions v2, Metadata v6, Produce v7, Fetch v11), so this exercises the classic encodings.
// Usage: node checks.js host:port
const { Kafka, logLevel, CompressionTypes } = require('kafkajs');

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
  await check('admin disconnects', () => admin.disconnect());

  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(results.length - passed === 0 ? 0 : 1);
})();
