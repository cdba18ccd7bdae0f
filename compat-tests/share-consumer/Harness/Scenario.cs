using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>One share-group scenario: its own topic and group, a log of what its consumers were given, and helpers
/// to acknowledge and to describe what was seen.</summary>
internal abstract class Scenario(TestCluster cluster, Checks checks)
{
    /// <summary>How long consumers poll before records are produced when the group's offset reset cannot be set
    /// to earliest: the share partitions must have started (at the log end) before the records arrive.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(8);

    private readonly List<string> _ackErrors = [];

    /// <summary>How long a scenario waits for records it expects.</summary>
    protected static TimeSpan ReceiveTimeout { get; } = TimeSpan.FromSeconds(30);

    protected static TimeSpan CommitTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a scenario waits while records are held unacknowledged: well inside their acquisition
    /// lock (group.share.record.lock.duration.ms, 30 s by default), so a lock expiry cannot pass for a result.</summary>
    protected static TimeSpan WithinRecordLock { get; } = TimeSpan.FromSeconds(20);

    protected TestCluster Cluster { get; } = cluster;

    protected Checks Checks { get; } = checks;

    protected DeliveryLog Log { get; } = new();

    protected Poller Poller { get; } = new();

    /// <summary>The short name that starts each check's name, such as "a".</summary>
    public abstract string Name { get; }

    /// <summary>Whether the scenario sets group configs beyond the offset reset, which librdkafka's mock cluster lacks.</summary>
    public virtual bool NeedsGroupConfigs => false;

    public abstract Task RunAsync();

    /// <summary>
    /// Points the group at the earliest offset, or when the broker refuses that, polls the subscribed consumers
    /// for a while so their share partitions start before anything is produced. Returns how the group started.
    /// </summary>
    protected async Task<string> StartGroupAsync(string group, params ShareConsumer[] consumers)
    {
        string? refused = await Cluster.SetShareAutoOffsetResetEarliestAsync(group);
        if (refused is null)
        {
            return "share.auto.offset.reset=earliest";
        }
        Poller.PollFor(consumers, Record, WarmUp);
        return $"share.auto.offset.reset not set ({refused}), polled {WarmUp.TotalSeconds:0} s first";
    }

    /// <summary>Sets share.auto.offset.reset=earliest and <paramref name="configs"/> on the group, checking that it
    /// takes them; false when it refused.</summary>
    protected async Task<bool> ConfigureGroupAsync(string group, IReadOnlyDictionary<string, string> configs)
    {
        var all = new Dictionary<string, string>(configs) { ["share.auto.offset.reset"] = "earliest" };
        string? refused = await Cluster.SetGroupConfigsAsync(group, all);
        Check($"the group takes {string.Join(", ", configs.Select(c => $"{c.Key}={c.Value}"))}", refused is null, refused ?? "set");
        return refused is null;
    }

    /// <summary>The group config share.record.lock.duration.ms.</summary>
    protected static Dictionary<string, string> LockDuration(int ms) =>
        new() { ["share.record.lock.duration.ms"] = ms.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>
    /// A consumer that joins the group now, with one record produced to <paramref name="partition"/> after it joined:
    /// it must be given that record and nothing else (everything before it was accepted or rejected).
    /// </summary>
    protected async Task CheckLateConsumerGetsOnlyNewRecordAsync(string checkName, string topic, string group, int partition, string before)
    {
        using ShareConsumer late = Cluster.NewConsumer("late", group, "explicit");
        late.Subscribe(topic);
        string marker = (await Cluster.ProduceAsync(topic, partition, Name + "-after", 1))[0];
        var given = new DeliveryLog();
        void Accept(ShareConsumer consumer, IReadOnlyList<ShareRecord> records)
        {
            foreach (ShareRecord record in records)
            {
                given.Add(consumer, record);
                Acknowledge(consumer, record, AcknowledgeType.Accept);
            }
        }
        Poller.PollUntil([late], Accept, () => given.DistinctValues.Contains(marker), ReceiveTimeout);
        // A little longer, for older records of another partition that a later fetch would bring.
        Poller.PollFor([late], Accept, TimeSpan.FromSeconds(1));
        CommitOutcome commit = late.CommitSync(CommitTimeout);
        string closed = Close(late);
        string values = string.Join(",", given.Records.Select(r => r.Value).Take(10));
        Check(checkName, given.Count == 1 && given.DistinctValues.Contains(marker), Seen($"{before}; late consumer given [{values}] for {marker}; {commit}; {closed}"));
    }

    /// <summary>Logs a batch without acknowledging it.</summary>
    protected void Record(ShareConsumer consumer, IReadOnlyList<ShareRecord> records)
    {
        foreach (ShareRecord record in records)
        {
            Log.Add(consumer, record);
        }
    }

    /// <summary>Logs a batch and accepts every record of it.</summary>
    protected void RecordAndAccept(ShareConsumer consumer, IReadOnlyList<ShareRecord> records)
    {
        Record(consumer, records);
        foreach (ShareRecord record in records)
        {
            Acknowledge(consumer, record, AcknowledgeType.Accept);
        }
    }

    protected void Acknowledge(ShareConsumer consumer, ShareRecord record, AcknowledgeType type)
    {
        if (consumer.Acknowledge(record, type) is string error)
        {
            _ackErrors.Add($"{consumer.Name} {type} {record}: {error}");
        }
    }

    /// <summary>Closes a consumer and says how it went, for a check's text.</summary>
    protected static string Close(ShareConsumer consumer) => consumer.Close() is NativeError error ? $"{consumer.Name} close: {error}" : $"{consumer.Name} closed";

    /// <summary>What the scenario saw so far, after <paramref name="detail"/>.</summary>
    protected string Seen(string detail)
    {
        string acks = _ackErrors.Count == 0 ? "" : "; acknowledge errors: " + string.Join("; ", _ackErrors.Take(3));
        return $"{detail}; {Log}; {Poller}{acks}";
    }

    protected void Check(string name, bool passed, string seen) => Checks.Check($"{Name}: {name}", passed, seen);
}
