namespace KafkaNet.Broker.Handlers;

/// <summary>Keys named more than once in one request: Kafka answers each such entry with an error instead of applying it twice.</summary>
internal static class RequestDuplicates
{
    public static HashSet<T> Find<T>(IEnumerable<T> keys)
        where T : notnull
    {
        var seen = new HashSet<T>();
        var duplicates = new HashSet<T>();
        foreach (var key in keys)
        {
            if (!seen.Add(key))
            {
                duplicates.Add(key);
            }
        }
        return duplicates;
    }
}
