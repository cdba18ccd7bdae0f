using System.Buffers;

namespace KafkaNet.Cluster.Quorum;

/// <summary>
/// The state machine behind the metadata log. Committed entries arrive in log order, each exactly once per
/// process lifetime; after a restart, application resumes from the last snapshot on.
/// Calls never overlap: snapshot writing happens between applies.
/// </summary>
public interface IMetadataLogApplier
{
    /// <summary>Applies one committed entry; <paramref name="index"/> is its Raft log index (from 1).</summary>
    ValueTask ApplyAsync(long index, ReadOnlyMemory<byte> entry, CancellationToken cancellationToken);

    /// <summary>Writes the whole applied state.</summary>
    void WriteSnapshot(IBufferWriter<byte> destination);

    /// <summary>Replaces the whole state by a snapshot written by <see cref="WriteSnapshot"/>.</summary>
    void RestoreSnapshot(ReadOnlySequence<byte> snapshot);
}
