namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>Every record delivered in a scenario, by consumer, in order.</summary>
internal sealed class DeliveryLog
{
    private readonly List<(string Consumer, ShareRecord Record)> _deliveries = [];

    public int Count => _deliveries.Count;

    public void Add(ShareConsumer consumer, ShareRecord record) => _deliveries.Add((consumer.Name, record));

    public IEnumerable<ShareRecord> Records => _deliveries.Select(d => d.Record);

    /// <summary>Values delivered, each once.</summary>
    public ISet<string> DistinctValues => Records.Where(r => r.Value is not null).Select(r => r.Value!).ToHashSet();

    public int CountFor(string consumer) => _deliveries.Count(d => d.Consumer == consumer);

    public IReadOnlyList<ShareRecord> DeliveriesOf(string value) => Records.Where(r => r.Value == value).ToList();

    /// <summary>Values delivered more than once.</summary>
    public IReadOnlyList<string> Repeated() =>
        Records.Where(r => r.Value is not null).GroupBy(r => r.Value!).Where(g => g.Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> RecordErrors() => Records.Where(r => r.Error is not null).Select(r => r.Error!).Distinct().ToList();

    public IReadOnlyList<short> DeliveryCounts() => Records.Select(r => r.DeliveryCount).Distinct().Order().ToList();

    public override string ToString()
    {
        string errors = RecordErrors() is { Count: > 0 } e ? ", record errors: " + string.Join("; ", e) : "";
        return $"{Count} deliveries, {DistinctValues.Count} distinct, delivery counts [{string.Join(",", DeliveryCounts())}]{errors}";
    }
}
