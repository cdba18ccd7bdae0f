namespace KafkaNet.Cluster.Quorum;

// Travels with an entry appended on the leader so its apply can report the log index back to the caller. The Raft
// engine keeps the ticket by index until that index is applied, even when the next leader replaced the entry there:
// only an applied entry of the ticket's own term is the one appended.
internal sealed class AppendTicket(long term)
{
    private long index;

    /// <summary>The term the entry was appended in.</summary>
    public long Term => term;

    /// <summary>The index the entry was applied at; 0 until then.</summary>
    public long Index => Volatile.Read(ref index);

    public void Applied(long entryIndex, long entryTerm)
    {
        if (entryTerm == term)
            Volatile.Write(ref index, entryIndex);
    }
}
