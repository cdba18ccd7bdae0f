// kafkajs over SASL_PLAINTEXT: PLAIN (a user from the listener's JAAS configuration) and SCRAM-SHA-256 (a user
// created with kafkanet configs), each producing and consuming, and a wrong password refused with
// KafkaJSSASLAuthenticationError. Called from checks.js with the SASL listener's address.
const { Kafka, logLevel } = require('kafkajs');

module.exports = async function saslChecks(broker, check, assert) {
  const client = (mechanism, username, password) => new Kafka({
    clientId: `kafkanet-compat-${mechanism}`,
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
    sasl: { mechanism, username, password },
  });

  async function produceAndConsume(mechanism, username, password) {
    const kafka = client(mechanism, username, password);
    const topic = `kafkajs-sasl-${mechanism}-${process.pid}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer();
    await producer.connect();
    try {
      const meta = await producer.send({ topic, acks: -1, messages: [{ key: 'k0', value: `${mechanism}-0` }, { key: 'k1', value: `${mechanism}-1` }] });
      assert(meta.length === 1 && meta[0].errorCode === 0 && meta[0].baseOffset === '0', JSON.stringify(meta));
    } finally {
      await producer.disconnect();
    }
    const consumer = kafka.consumer({ groupId: `kafkajs-sasl-${mechanism}-${process.pid}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const read = [];
      await new Promise((resolve, reject) => {
        consumer.run({
          eachMessage: async ({ message }) => {
            read.push(`${message.key}=${message.value}`);
            if (read.length === 2) resolve();
          },
        }).catch(reject);
      });
      assert(read.join() === `k0=${mechanism}-0,k1=${mechanism}-1`, `read ${read.join()}`);
    } finally {
      await consumer.disconnect();
    }
  }

  async function refused(mechanism, username) {
    const admin = new Kafka({ clientId: 'kafkanet-compat-wrong', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 }, sasl: { mechanism, username, password: 'wrong' } }).admin();
    let error;
    try {
      await admin.connect();
    } catch (e) {
      error = e;
    } finally {
      await admin.disconnect();
    }
    assert(error && error.name === 'KafkaJSSASLAuthenticationError', `expected KafkaJSSASLAuthenticationError, got ${error && error.name}: ${error && error.message}`);
  }

  await check('SASL/PLAIN: produce and consume', () => produceAndConsume('plain', 'alice', 'alice-secret'), 60000);
  await check('SASL/SCRAM-SHA-256: produce and consume', () => produceAndConsume('scram-sha-256', 'bob', 'bob-secret'), 60000);
  await check('SASL/PLAIN: a wrong password is refused (KafkaJSSASLAuthenticationError)', () => refused('plain', 'alice'));
  await check('SASL/SCRAM-SHA-256: a wrong password is refused (KafkaJSSASLAuthenticationError)', () => refused('scram-sha-256', 'bob'));
};
