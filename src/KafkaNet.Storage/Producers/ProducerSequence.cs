namespace KafkaNet.Storage.Producers;

/// <summary>Sequence arithmetic: sequences wrap from int.MaxValue to 0, as Kafka's do.</summary>
internal static class ProducerSequence
{
    /// <summary>The sequence <paramref name="increment"/> after <paramref name="sequence"/>.</summary>
    public static int Increment(int sequence, int increment) =>
        sequence > int.MaxValue - increment ? increment - (int.MaxValue - sequence) - 1 : sequence + increment;

    /// <summary>The sequence <paramref name="decrement"/> before <paramref name="sequence"/>.</summary>
    public static int Decrement(int sequence, int decrement) =>
        sequence < decrement ? int.MaxValue - (decrement - sequence) + 1 : sequence - decrement;

    /// <summary>True when <paramref name="next"/> directly follows <paramref name="last"/>.</summary>
    public static bool Follows(int last, int next) => next == last + 1L || (next == 0 && last == int.MaxValue);
}
