using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Node;

// The controller exists before the quorum (the broker's handlers need it), so its writer learns the quorum later.
internal sealed class DeferredLogWriter : IMetadataLogWriter
{
    private QuorumLogWriter? _inner;

    public bool IsLeader => Volatile.Read(ref _inner)?.IsLeader ?? false;

    public void Attach(MetadataQuorum quorum) => Volatile.Write(ref _inner, new QuorumLogWriter(quorum));

    public Task<long> AppendAsync(IReadOnlyList<MetadataRecord> records, CancellationToken cancellationToken) =>
        Volatile.Read(ref _inner) is { } inner
            ? inner.AppendAsync(records, cancellationToken)
            : throw new NotControllerException((int?)null);

    public Task CatchUpAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _inner) is { } inner
            ? inner.CatchUpAsync(cancellationToken)
            : throw new NotControllerException((int?)null);
}
