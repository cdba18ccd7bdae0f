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

    /// <summary>
    /// Completes once this node has applied every entry its log holds, so the image includes all that may
    /// have been committed: a newly elected leader must not decide from an image that lacks its predecessor's writes.
    /// </summary>
    /// <exception cref="Quorum.NotControllerException">This node lost the leadership meanwhile.</exception>
    /// <exception cref="TimeoutException">The entries were not committed and applied in time.</exception>
    Task CatchUpAsync(CancellationToken cancellationToken);
}
