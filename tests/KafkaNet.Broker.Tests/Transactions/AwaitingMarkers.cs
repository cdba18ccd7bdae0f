namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>
/// Tests that need transaction markers written into data partitions, which <c>PartitionLog.AppendEndTxnMarkerAsync</c>
/// (producer state, in KafkaNet.Storage) provides. Until it does, those markers are retried and such transactions stay
/// in PrepareCommit/PrepareAbort. Set <see cref="Reason"/> to null to run them.
/// </summary>
internal static class AwaitingMarkers
{
    public const string? Reason = "Needs PartitionLog.AppendEndTxnMarkerAsync (producer state); set AwaitingMarkers.Reason to null once it is merged.";
}
