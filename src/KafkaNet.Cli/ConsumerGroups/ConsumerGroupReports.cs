namespace KafkaNet.Cli.ConsumerGroups;

/// <summary>A group and its state, as --list shows it.</summary>
internal sealed record GroupListing(string Group, string State);

/// <summary>One partition of --describe --offsets: null where the group has no committed offset or the partition no consumer.</summary>
internal sealed record OffsetReport(string Group, string Topic, int Partition, long? CurrentOffset, long? LogEndOffset, long? Lag, string? ConsumerId, string? Host, string? ClientId);

/// <summary>One member of --describe --members, with the partitions assigned to it.</summary>
internal sealed record MemberReport(string Group, string ConsumerId, string Host, string ClientId, IReadOnlyList<AssignedPartitions> Assignment)
{
    public int Partitions => Assignment.Sum(a => a.Partitions.Count);
}

/// <summary>A topic's partitions assigned to a member.</summary>
internal sealed record AssignedPartitions(string Topic, IReadOnlyList<int> Partitions);

/// <summary>One group of --describe --state.</summary>
internal sealed record StateReport(string Group, string Coordinator, int? CoordinatorId, string AssignmentStrategy, string State, int Members);

/// <summary>One partition of --reset-offsets: the offset it was (or would be) moved to.</summary>
internal sealed record ResetReport(string Group, string Topic, int Partition, long NewOffset);

/// <summary>One partition of --delete-offsets: null error when its offset was deleted.</summary>
internal sealed record DeletedOffsetReport(string Topic, int Partition, string? Error);

/// <summary>One group of --delete: null error when it was deleted.</summary>
internal sealed record DeletedGroupReport(string Group, string? Error);
