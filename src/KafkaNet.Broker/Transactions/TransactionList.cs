using KafkaNet.Protocol;

namespace KafkaNet.Broker.Transactions;

/// <summary>ListTransactions' answer: an error for the whole listing, the state filters Kafka does not know, the matches.</summary>
public sealed record TransactionList(ErrorCode Error, IReadOnlyList<string> UnknownStateFilters, IReadOnlyList<TransactionListing> Transactions);
