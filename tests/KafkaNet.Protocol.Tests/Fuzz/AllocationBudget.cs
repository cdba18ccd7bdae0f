namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// How much one decode may allocate: a multiple of the input (every decoded object stands for
/// bytes that were there) plus a constant (a frame's first pooled receive buffer, a list's first
/// capacity). A decoder that sizes memory from a length or count it has not checked blows past it.
/// </summary>
internal static class AllocationBudget
{
    /// <summary>
    /// The worst measured is about 65 (AlterClientQuotas v1: an entry of 3 wire bytes becomes an object
    /// and four lists, since the two its initializers create are replaced by the two the decoder reads).
    /// </summary>
    public const long PerInputByte = 80;

    public const long Fixed = 80 * 1024;

    public static long For(int inputLength) => PerInputByte * inputLength + Fixed;

    /// <summary>Bytes allocated on this thread while <paramref name="action"/> ran.</summary>
    public static long Measure(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
