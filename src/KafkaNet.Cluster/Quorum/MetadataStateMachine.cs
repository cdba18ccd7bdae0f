using System.Buffers;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace KafkaNet.Cluster.Quorum;

// Bridges DotNext's snapshotting state machine to the applier: user entries go through, no-op and
// configuration entries of the Raft engine do not.
internal sealed class MetadataStateMachine(DirectoryInfo location, IMetadataLogApplier applier, int snapshotInterval)
    : SimpleStateMachine(location)
{
    private int appliedSinceSnapshot;

    protected override async ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.IsConfiguration || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
            return false;

        var memory = payload.IsSingleSegment ? payload.First : payload.ToArray();
        await applier.ApplyAsync(entry.Index, memory, token).ConfigureAwait(false);
        if (entry.Context is AppendTicket ticket)
            ticket.Applied(entry.Index, entry.Term);

        if (++appliedSinceSnapshot < snapshotInterval)
            return false;
        appliedSinceSnapshot = 0;
        return true;
    }

    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>();
        applier.WriteSnapshot(buffer);
        return writer.Invoke(buffer.WrittenMemory, token);
    }

    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        var bytes = await File.ReadAllBytesAsync(snapshotFile.FullName, token).ConfigureAwait(false);
        applier.RestoreSnapshot(new ReadOnlySequence<byte>(bytes));
        appliedSinceSnapshot = 0;
    }
}
