using System.Buffers;
using System.Buffers.Binary;
using KafkaNet.Cluster.Quorum;

namespace KafkaNet.Cluster.Tests.Quorum;

// Keeps every applied entry with its index; its snapshot is that whole list.
internal sealed class RecordingApplier : IMetadataLogApplier
{
    private readonly Lock gate = new();
    private readonly List<(long Index, byte[] Entry)> applied = [];

    public int SnapshotsRestored { get; private set; }

    public IReadOnlyList<(long Index, byte[] Entry)> Applied
    {
        get
        {
            lock (gate)
                return applied.ToArray();
        }
    }

    public IReadOnlyList<string> Texts => Applied.Select(e => System.Text.Encoding.UTF8.GetString(e.Entry)).ToArray();

    public ValueTask ApplyAsync(long index, ReadOnlyMemory<byte> entry, CancellationToken cancellationToken)
    {
        lock (gate)
            applied.Add((index, entry.ToArray()));
        return ValueTask.CompletedTask;
    }

    public void WriteSnapshot(IBufferWriter<byte> destination)
    {
        foreach (var (index, entry) in Applied)
        {
            var header = destination.GetSpan(12);
            BinaryPrimitives.WriteInt64LittleEndian(header, index);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], entry.Length);
            destination.Advance(12);
            destination.Write(entry);
        }
    }

    public void RestoreSnapshot(ReadOnlySequence<byte> snapshot)
    {
        var reader = new SequenceReader<byte>(snapshot);
        var restored = new List<(long, byte[])>();
        while (reader.TryReadLittleEndian(out long index) && reader.TryReadLittleEndian(out int length))
        {
            var entry = new byte[length];
            if (!reader.TryCopyTo(entry))
                throw new InvalidDataException("Truncated snapshot.");
            reader.Advance(length);
            restored.Add((index, entry));
        }

        lock (gate)
        {
            applied.Clear();
            applied.AddRange(restored);
        }

        SnapshotsRestored++;
    }
}
