// One kafkajs session for the fuzz seed corpus: admin (createTopics, fetchTopicMetadata, offsets,
// groups, deleteTopics), an idempotent gzip producer, a transaction, and a consumer group.
// Usage: node kafkajs-session.js HOST:PORT   (kafkajs resolved through NODE_PATH)
const { Kafka, CompressionTypes, logLevel } = require('kafkajs');

const broker = process.argv[2];
const kafka = new Kafka({ clientId: 'corpus-kafkajs', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
const topic = 'kafkajs-corpus';

async function step(name, fn) {
  try {
    await fn();
    console.log(`done: ${name}`);
  } catch (e) {
    console.log(`failed: ${name}: ${e.message}`);
  }
}

(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await step('createTopics', () => admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true }));
  await step('fetchTopicMetadata', () => admin.fetchTopicMetadata({ topics: [topic] }));
  await step('idempotent gzip produce', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `value-${i}`, headers: { origin: 'kafkajs' } }));
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages });
    await producer.send({ topic, messages: [{ value: 'uncompressed' }] });
    await producer.disconnect();
  });
  await step('transaction', async () => {
    const producer = kafka.producer({ transactionalId: 'kafkajs-corpus-tx', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const transaction = await producer.transaction();
    await transaction.send({ topic, messages: [{ value: 'in-transaction' }] });
    await transaction.commit();
    await producer.disconnect();
  });
  await step('consumer group', async () => {
    const consumer = kafka.consumer({ groupId: 'kafkajs-corpus-group', maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let seen = 0;
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 20000);
      consumer.run({
        eachMessage: async () => {
          seen += 1;
          if (seen >= 22) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
  });
  await step('fetchOffsets', () => admin.fetchOffsets({ groupId: 'kafkajs-corpus-group', topics: [topic] }));
  await step('describeGroups', () => admin.describeGroups(['kafkajs-corpus-group']));
  await step('listGroups', () => admin.listGroups());
  await step('deleteTopics', () => admin.deleteTopics({ topics: [topic] }));
  await admin.disconnect();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
