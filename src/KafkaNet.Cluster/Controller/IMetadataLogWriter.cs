using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

/// <summary>Where the controller appends its records: the metadata log as seen from this node.</summary>
public interface IMetadataLogWriter
{
    /// <summary>True while this node may append.</summary>
    bool IsLeader { get; }

    /// <summary>Appends the records as one batch and returns its log offset once committed and applied locally.</summary>
    /// <exception cref="Quorum.NotControllerException">This node is not (or no longer) the leader.</exception>
    Task<long> AppendAsync(IReadOnlyList<MetadataRecord> records, CancellationToken cancellationToken);
}
