namespace KafkaNet.Broker.Transactions;

/// <summary>One transactional id as ListTransactions reports it.</summary>
/// <param name="State">Kafka's name of the state.</param>
public readonly record struct TransactionListing(string TransactionalId, long ProducerId, string State);
