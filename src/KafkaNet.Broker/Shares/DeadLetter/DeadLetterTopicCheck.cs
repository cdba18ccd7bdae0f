namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>
/// Whether a group's configured dead-letter topic may be written, by KIP-1191's safeguards: a record a client
/// gets rejected must not become a way to write to a topic the client could not write to itself.
/// </summary>
public static class DeadLetterTopicCheck
{
    /// <summary>Null when the topic may be used; otherwise why not.</summary>
    /// <param name="topicName">The group's errors.deadletterqueue.topic.name.</param>
    /// <param name="prefix">The broker's errors.deadletterqueue.topic.name.prefix (empty: any name).</param>
    /// <param name="topicConfigs">The topic's configs when it exists, else null.</param>
    /// <param name="autoCreate">The broker's errors.deadletterqueue.auto.create.topics.enable.</param>
    public static string? Refusal(string groupId, string? topicName, string prefix, IReadOnlyDictionary<string, string>? topicConfigs, bool autoCreate)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (string.IsNullOrWhiteSpace(topicName))
        {
            return $"Configured DLQ topic name in share group: {groupId} is empty.";
        }
        if (topicName.StartsWith("__", StringComparison.Ordinal))
        {
            return $"Configured DLQ topic name in share group: {groupId} cannot start with __, topic: {topicName}.";
        }
        if (topicConfigs is not null && !IsTrue(topicConfigs.GetValueOrDefault(DeadLetterConfigs.GroupEnable)))
        {
            return $"DLQ is not enabled on configured DLQ topic for share group: {groupId}, topic: {topicName}.";
        }
        if (topicConfigs is null && !autoCreate)
        {
            return $"DLQ topic does not exist and auto create is disabled on cluster for share group: {groupId}, topic: {topicName}.";
        }
        if (prefix.Length > 0 && !topicName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return $"Configured DLQ topic name does not comply with the DLQ topic prefix in share group: {groupId}, topic: {topicName}, prefix: {prefix}.";
        }
        return null;
    }

    /// <summary>The dead-letter partition of a source partition: the same index, wrapped to the topic's size.</summary>
    public static int PartitionFor(int sourcePartition, int deadLetterPartitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourcePartition);
        ArgumentOutOfRangeException.ThrowIfLessThan(deadLetterPartitions, 1);
        return sourcePartition % deadLetterPartitions;
    }

    // Kafka's boolean configs accept "true" in any case, with surrounding spaces.
    private static bool IsTrue(string? value) => value is not null && value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
}
