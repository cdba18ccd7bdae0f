namespace KafkaNet.Cli.Reassignment;

/// <summary>What `kafkanet reassign-partitions` prints, in Kafka's words.</summary>
internal static class ReassignmentReport
{
    public static string Generated(IEnumerable<PartitionReplicas> current, IEnumerable<PartitionReplicas> proposed) =>
        $"Current partition replica assignment\n{ReassignmentJson.Format(current)}\n\nProposed partition reassignment configuration\n{ReassignmentJson.Format(proposed)}";

    /// <summary>The assignment before --execute, to undo it with.</summary>
    public static string Rollback(IEnumerable<PartitionReplicas> current) =>
        $"Current partition replica assignment\n\n{ReassignmentJson.Format(current)}\n\nSave this to use as the --reassignment-json-file option during rollback";

    public static string Started(IReadOnlyCollection<PartitionReplicas> targets) =>
        $"Successfully started partition reassignment{Plural(targets.Count)} for {Names(targets)}";

    /// <summary>One line per partition of the file: completed, still in progress, or done without reaching the target.</summary>
    public static string Status(IEnumerable<PartitionReplicas> targets, IReadOnlyDictionary<(string, int), PartitionReplicas> ongoing,
        IReadOnlyDictionary<(string, int), PartitionReplicas> current)
    {
        var lines = new List<string> { "Status of partition reassignment:" };
        foreach (var target in PartitionReplicas.Sorted(targets))
        {
            if (ongoing.ContainsKey(target.Key))
            {
                lines.Add($"Reassignment of partition {target.Name} is still in progress.");
                continue;
            }

            var replicas = current.TryGetValue(target.Key, out var now) ? now.Replicas : [];
            lines.Add(replicas.SequenceEqual(target.Replicas)
                ? $"Reassignment of partition {target.Name} is completed."
                : $"There is no active reassignment of partition {target.Name}, but replica set is {PartitionReplicas.Ids(replicas)} rather than {PartitionReplicas.Ids(target.Replicas)}.");
        }

        return string.Join('\n', lines);
    }

    public static string Ongoing(IEnumerable<OngoingReassignment> reassignments)
    {
        var lines = reassignments.OrderBy(r => r.Partition.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition.Partition).Select(r =>
            $"{r.Partition.Name}: replicas: {PartitionReplicas.Ids(r.Partition.Replicas)}."
            + (r.Adding.Count > 0 ? $" adding: {PartitionReplicas.Ids(r.Adding)}." : string.Empty)
            + (r.Removing.Count > 0 ? $" removing: {PartitionReplicas.Ids(r.Removing)}." : string.Empty)).ToList();
        return lines.Count == 0 ? "No partition reassignments found." : "Current partition reassignments:\n" + string.Join('\n', lines);
    }

    public static string Cancelled(IReadOnlyCollection<PartitionReplicas> cancelled) =>
        cancelled.Count == 0
            ? "None of the specified partition reassignments are active."
            : $"Successfully cancelled partition reassignment{Plural(cancelled.Count)} for: {Names(cancelled)}";

    /// <summary>"Error reassigning partition(s):" then "orders-0: reason" lines.</summary>
    public static string Refused(string heading, IEnumerable<(PartitionReplicas Partition, string Reason)> refusals) =>
        heading + "\n" + string.Join('\n', refusals.OrderBy(r => r.Partition.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition.Partition)
            .Select(r => $"{r.Partition.Name}: {r.Reason}"));

    private static string Names(IEnumerable<PartitionReplicas> partitions) => string.Join(',', PartitionReplicas.Sorted(partitions).Select(p => p.Name));

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
