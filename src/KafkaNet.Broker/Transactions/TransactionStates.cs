namespace KafkaNet.Broker.Transactions;

/// <summary>Kafka's rules about transaction states: names, ids and which state may follow which.</summary>
internal static class TransactionStates
{
    private static readonly string[] Names =
        ["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead", "PrepareEpochFence"];

    /// <summary>The name Kafka reports (DescribeTransactions, ListTransactions).</summary>
    public static string NameOf(TransactionState state) => Names[(int)state];

    /// <summary>The state of a name, exactly as Kafka spells it; no numbers, no other case.</summary>
    public static bool TryParse(string name, out TransactionState state)
    {
        int index = Array.IndexOf(Names, name);
        state = (TransactionState)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>A state id read from the log: one of Kafka's eight.</summary>
    public static bool IsDefined(sbyte id) => id >= 0 && id < Names.Length;

    /// <summary>Whether <paramref name="to"/> may follow <paramref name="from"/> (Kafka's valid previous states).</summary>
    public static bool CanFollow(TransactionState from, TransactionState to) => to switch
    {
        TransactionState.Empty => from is TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort,
        TransactionState.Ongoing => from is TransactionState.Ongoing or TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort,
        TransactionState.PrepareCommit => from is TransactionState.Ongoing,
        TransactionState.PrepareAbort => from is TransactionState.Ongoing or TransactionState.PrepareEpochFence,
        TransactionState.CompleteCommit => from is TransactionState.PrepareCommit,
        TransactionState.CompleteAbort => from is TransactionState.PrepareAbort,
        TransactionState.Dead => from is TransactionState.Empty or TransactionState.CompleteAbort or TransactionState.CompleteCommit,
        TransactionState.PrepareEpochFence => from is TransactionState.Ongoing,
        _ => false,
    };

    /// <summary>States a transactional id may expire in: no transaction is open.</summary>
    public static bool AllowsExpiration(TransactionState state) =>
        state is TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort;
}
