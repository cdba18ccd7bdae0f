namespace KafkaNet.Cli.Perf;

/// <summary>
/// What a client exchanged with the brokers, from librdkafka's statistics: requests sent,
/// responses received and the bytes of each, summed over every broker connection.
/// </summary>
internal readonly record struct RequestCounts(long Requests, long Responses, long RequestBytes, long ResponseBytes)
{
    public static RequestCounts operator +(RequestCounts left, RequestCounts right) => new(
        left.Requests + right.Requests,
        left.Responses + right.Responses,
        left.RequestBytes + right.RequestBytes,
        left.ResponseBytes + right.ResponseBytes);

    public static RequestCounts Add(RequestCounts left, RequestCounts right) => left + right;

    /// <summary>Sums the counts of two clients, either of which may have reported none.</summary>
    public static RequestCounts? Sum(RequestCounts? left, RequestCounts? right) =>
        left is null ? right : right is null ? left : left.Value + right.Value;
}
