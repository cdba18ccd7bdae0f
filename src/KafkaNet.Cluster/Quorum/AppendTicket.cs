namespace KafkaNet.Cluster.Quorum;

// Travels with an entry appended on the leader so its apply can report the log index back to the caller.
internal sealed class AppendTicket
{
    private long index;

    public long Index
    {
        get => Volatile.Read(ref index);
        set => Volatile.Write(ref index, value);
    }
}
