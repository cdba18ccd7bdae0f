using System.Net;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Quorum;

/// <summary>
/// The Raft engine's logger as <see cref="ReplicationProgress"/> hands it out: the inner logger decides what is
/// written, and the replication events are read for their values on the way.
/// </summary>
internal sealed class ReplicationProgressLogger(ILogger inner, ReplicationProgress progress) : ILogger
{
    // The engine's event ids and names (DotNext.Net.Cluster 6.x); the name guards against a reused id.
    private const int ReplicaSizeId = 74013;
    private const string ReplicaSizeName = "DotNext.Net.Cluster.ReplicaSize";
    private const int ReplicationSuccessfulId = 74014;
    private const string ReplicationSuccessfulName = "DotNext.Net.Cluster.ReplicationSuccessful";
    private const int ReplicationFailedId = 74015;
    private const string ReplicationFailedName = "DotNext.Net.Cluster.ReplicationFailed";
    private const int InstallingSnapshotId = 74018;
    private const string InstallingSnapshotName = "DotNext.Net.Cluster.InstallingSnapshot";

    // The engine only logs an event when its level is enabled, and the events read here are Debug (sizes and
    // successes), Information (snapshots) and Warning (failures).
    public bool IsEnabled(LogLevel logLevel) =>
        logLevel is LogLevel.Debug or LogLevel.Information or LogLevel.Warning || inner.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id is >= ReplicaSizeId and <= InstallingSnapshotId)
            Observe(eventId, state);
        // Enabled here only for the sake of the events above: what the inner logger disabled stays unwritten.
        if (inner.IsEnabled(logLevel))
            inner.Log(logLevel, eventId, state, exception, formatter);
    }

    private void Observe<TState>(EventId eventId, TState state)
    {
        var kind = Classify(eventId);
        // Only then look at the state: reading it through its interface boxes it.
        if (kind == Event.None || state is not IReadOnlyList<KeyValuePair<string, object?>> values
            || !TryGet(values, 0, "Member", out EndPoint? member))
            return;
        switch (kind)
        {
            case Event.ReplicaSize:
                if (TryGet(values, 1, "LogEntries", out int entries) && TryGet(values, 2, "PrevLogIndex", out long preceding))
                    progress.OnReplicaSize(member, preceding, entries);
                break;
            case Event.ReplicationSuccessful:
                if (TryGet(values, 1, "EntryIndex", out long nextIndexBefore))
                    progress.OnReplicationSuccessful(member, nextIndexBefore);
                break;
            case Event.ReplicationFailed:
                if (TryGet(values, 1, "EntryIndex", out long nextIndexAfter))
                    progress.OnReplicationFailed(member, nextIndexAfter);
                break;
            case Event.InstallingSnapshot:
                if (TryGet(values, 1, "EntryIndex", out long snapshotIndex))
                    progress.OnInstallingSnapshot(member, snapshotIndex);
                break;
        }
    }

    private static Event Classify(EventId eventId) => eventId.Id switch
    {
        ReplicaSizeId when eventId.Name == ReplicaSizeName => Event.ReplicaSize,
        ReplicationSuccessfulId when eventId.Name == ReplicationSuccessfulName => Event.ReplicationSuccessful,
        ReplicationFailedId when eventId.Name == ReplicationFailedName => Event.ReplicationFailed,
        InstallingSnapshotId when eventId.Name == InstallingSnapshotName => Event.InstallingSnapshot,
        _ => Event.None,
    };

    private enum Event
    {
        None,
        ReplicaSize,
        ReplicationSuccessful,
        ReplicationFailed,
        InstallingSnapshot,
    }

    // Reads the value at its expected position, or looks it up by name should a newer engine reorder its template.
    // Each read boxes the value anew, so only the values needed are read.
    private static bool TryGet<T>(IReadOnlyList<KeyValuePair<string, object?>> values, int position, string name,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
    {
        if (position < values.Count && values[position] is { Key: var key, Value: T found } && key == name)
        {
            value = found;
            return true;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var pair = values[i];
            if (pair.Key == name)
            {
                if (pair.Value is T typed)
                {
                    value = typed;
                    return true;
                }

                break;
            }
        }

        value = default;
        return false;
    }
}
