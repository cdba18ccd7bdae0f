using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

/// <summary>Appends controller records to the Raft metadata log, one batch per entry.</summary>
public sealed class QuorumLogWriter(MetadataQuorum quorum) : IMetadataLogWriter
{
    private readonly MetadataQuorum _quorum = quorum ?? throw new ArgumentNullException(nameof(quorum));

    public bool IsLeader => _quorum.IsLeader;

    public Task<long> AppendAsync(IReadOnlyList<MetadataRecord> records, CancellationToken cancellationToken) =>
        _quorum.AppendAsync(MetadataRecordWriter.ToBatch(records), cancellationToken);

    public Task CatchUpAsync(CancellationToken cancellationToken) => _quorum.CatchUpAsync(cancellationToken);
}
