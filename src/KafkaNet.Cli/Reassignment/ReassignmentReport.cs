using System.Text.Json.Nodes;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.Reassignment;

/// <summary>
/// One partition of a --verify: its replicas now (all of them while it moves), the replicas asked for, and whether it
/// has stopped moving, as Kafka's tool's PartitionReassignmentState.
/// </summary>
internal sealed record ReassignmentState(PartitionReplicas Target, IReadOnlyList<int> CurrentReplicas, bool Done);

/// <summary>What `kafkanet reassign-partitions` prints, in Kafka's words, or with --output json one JSON document.</summary>
internal static class ReassignmentReport
{
    public static string Generated(IEnumerable<PartitionReplicas> current, IEnumerable<PartitionReplicas> proposed) =>
        $"Current partition replica assignment\n{ReassignmentJson.Format(current)}\n\nProposed partition reassignment configuration\n{ReassignmentJson.Format(proposed)}";

    /// <summary>{"current": DOCUMENT, "proposed": DOCUMENT}: the two documents in Kafka's reassignment format, as --generate prints them.</summary>
    public static string GeneratedJson(IEnumerable<PartitionReplicas> current, IEnumerable<PartitionReplicas> proposed) =>
        JsonOutput.Serialize(new { Current = JsonNode.Parse(ReassignmentJson.Format(current)), Proposed = JsonNode.Parse(ReassignmentJson.Format(proposed)) });

    /// <summary>The assignment before --execute, to undo it with.</summary>
    public static string Rollback(IEnumerable<PartitionReplicas> current) =>
        $"Current partition replica assignment\n\n{ReassignmentJson.Format(current)}\n\nSave this to use as the --reassignment-json-file option during rollback";

    public static string Started(IReadOnlyCollection<PartitionReplicas> targets) =>
        $"Successfully started partition reassignment{Plural(targets.Count)} for {Names(targets)}";

    /// <summary>Each partition of the file, sorted: still moving when the cluster lists it, else its replicas now (none for a missing one).</summary>
    public static IReadOnlyList<ReassignmentState> States(IEnumerable<PartitionReplicas> targets, IReadOnlyDictionary<(string, int), PartitionReplicas> ongoing,
        IReadOnlyDictionary<(string, int), PartitionReplicas> current) =>
        [.. PartitionReplicas.Sorted(targets).Select(t => ongoing.TryGetValue(t.Key, out var moving)
            ? new ReassignmentState(t, moving.Replicas, Done: false)
            : new ReassignmentState(t, current.TryGetValue(t.Key, out var now) ? now.Replicas : [], Done: true))];

    /// <summary>One line per partition of the file: completed, still in progress, or done without reaching the target.</summary>
    public static string Status(IEnumerable<ReassignmentState> states) =>
        string.Join('\n', states.Select(s => !s.Done
                ? $"Reassignment of partition {s.Target.Name} is still in progress."
                : s.CurrentReplicas.SequenceEqual(s.Target.Replicas)
                ? $"Reassignment of partition {s.Target.Name} is completed."
                : $"There is no active reassignment of partition {s.Target.Name}, but replica set is {PartitionReplicas.Ids(s.CurrentReplicas)} rather than {PartitionReplicas.Ids(s.Target.Replicas)}.")
            .Prepend("Status of partition reassignment:"));

    /// <summary>{"partitions": [{"topic", "partition", "currentReplicas", "targetReplicas", "done"}, ...]}, in the order of the lines.</summary>
    public static string StatusJson(IEnumerable<ReassignmentState> states) =>
        JsonOutput.Serialize(new
        {
            Partitions = states.Select(s => new { s.Target.Topic, s.Target.Partition, s.CurrentReplicas, TargetReplicas = s.Target.Replicas, s.Done }),
        });

    public static string Ongoing(IEnumerable<OngoingReassignment> reassignments)
    {
        var lines = SortedOngoing(reassignments).Select(r =>
            $"{r.Partition.Name}: replicas: {PartitionReplicas.Ids(r.Partition.Replicas)}."
            + (r.Adding.Count > 0 ? $" adding: {PartitionReplicas.Ids(r.Adding)}." : string.Empty)
            + (r.Removing.Count > 0 ? $" removing: {PartitionReplicas.Ids(r.Removing)}." : string.Empty)).ToList();
        return lines.Count == 0 ? "No partition reassignments found." : "Current partition reassignments:\n" + string.Join('\n', lines);
    }

    /// <summary>{"reassignments": [{"topic", "partition", "replicas", "addingReplicas", "removingReplicas"}, ...]}, as Kafka's PartitionReassignment.</summary>
    public static string OngoingJson(IEnumerable<OngoingReassignment> reassignments) =>
        JsonOutput.Serialize(new
        {
            Reassignments = SortedOngoing(reassignments).Select(r => new
            {
                r.Partition.Topic,
                r.Partition.Partition,
                r.Partition.Replicas,
                AddingReplicas = r.Adding,
                RemovingReplicas = r.Removing,
            }),
        });

    public static string Cancelled(IReadOnlyCollection<PartitionReplicas> cancelled) =>
        cancelled.Count == 0
            ? "None of the specified partition reassignments are active."
            : $"Successfully cancelled partition reassignment{Plural(cancelled.Count)} for: {Names(cancelled)}";

    /// <summary>"Error reassigning partition(s):" then "orders-0: reason" lines.</summary>
    public static string Refused(string heading, IEnumerable<(PartitionReplicas Partition, string Reason)> refusals) =>
        heading + "\n" + string.Join('\n', refusals.OrderBy(r => r.Partition.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition.Partition)
            .Select(r => $"{r.Partition.Name}: {r.Reason}"));

    private static IEnumerable<OngoingReassignment> SortedOngoing(IEnumerable<OngoingReassignment> reassignments) =>
        reassignments.OrderBy(r => r.Partition.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition.Partition);

    private static string Names(IEnumerable<PartitionReplicas> partitions) => string.Join(',', PartitionReplicas.Sorted(partitions).Select(p => p.Name));

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
