using KafkaNet.Broker.Groups.Records;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// One entry of a __consumer_offsets partition as loading sees it: a record (with the producer of its batch when
/// the batch is transactional, -1 otherwise), or the commit or abort marker of a producer's transaction.
/// </summary>
internal readonly record struct CoordinatorLogEntry(long Offset, long ProducerId, CoordinatorRecord? Record, TransactionResult Marker)
{
    public static CoordinatorLogEntry OfRecord(long offset, long producerId, CoordinatorRecord record) => new(offset, producerId, record, TransactionResult.None);

    public static CoordinatorLogEntry OfMarker(long offset, long producerId, bool commit) =>
        new(offset, producerId, null, commit ? TransactionResult.Commit : TransactionResult.Abort);
}
