namespace KafkaNet.Broker.Groups;

/// <summary>How a transaction ended, as its marker says; None for an entry that is not a marker.</summary>
internal enum TransactionResult
{
    None,
    Abort,
    Commit,
}
