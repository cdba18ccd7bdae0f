using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// What one partition of a ShareFetch answers: an error, or the whole batches holding the acquired offsets and the
/// acquired runs with their delivery counts (offsets of those batches not in a run were not acquired).
/// </summary>
public sealed record ShareAcquisition(ErrorCode Error, byte[] Records, IReadOnlyList<AcquiredRecords> Acquired)
{
    public static ShareAcquisition Failed(ErrorCode error) => new(error, [], []);

    public static ShareAcquisition Nothing { get; } = new(ErrorCode.None, [], []);
}
