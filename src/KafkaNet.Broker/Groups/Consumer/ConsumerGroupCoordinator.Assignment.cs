using KafkaNet.Broker.Groups.Records;

namespace KafkaNet.Broker.Groups.Consumer;

internal sealed partial class ConsumerGroupCoordinator
{
    /// <summary>
    /// Brings the group's regular expressions up to date: a member's new expression is resolved at
    /// once, one nobody uses any more is dropped, and resolutions older than the refresh interval are
    /// matched again. Returns whether the group's subscriptions changed. Resolutions keep only the topics the member
    /// whose heartbeat makes them may describe (<paramref name="mayDescribeTopic"/>, null: all), as Kafka does.
    /// </summary>
    private bool UpdateRegexes(CoordinatorShard shard, ConsumerGroup group, ConsumerGroupMember before, ConsumerGroupMember after,
        List<CoordinatorRecord> records, long now, Func<string, bool>? mayDescribeTopic)
    {
        bool changed = false;
        if (before.SubscribedTopicRegex != after.SubscribedTopicRegex)
        {
            changed = true;
            if (before.SubscribedTopicRegex is { } old && group.SubscribersOf(old) == 0 && group.ResolvedRegexes.ContainsKey(old))
            {
                Apply(shard, records, CoordinatorRecord.ConsumerGroupRegularExpressionTombstone(group.GroupId, old));
            }
            if (after.SubscribedTopicRegex is { } added && !group.ResolvedRegexes.ContainsKey(added))
            {
                Apply(shard, records, ConsumerGroupRecords.Regex(group.GroupId, added, Resolve(added, now, mayDescribeTopic)));
            }
        }
        foreach (var (regex, resolved) in group.ResolvedRegexes.ToList())
        {
            if (now - resolved.TimestampMs < RegexRefreshIntervalMs)
            {
                continue;
            }
            var fresh = Resolve(regex, now, mayDescribeTopic);
            if (fresh.HasSameTopics(resolved))
            {
                // Nothing to write: only the time of the check moves.
                group.SetResolvedRegex(regex, resolved with { TimestampMs = now });
            }
            else
            {
                Apply(shard, records, ConsumerGroupRecords.Regex(group.GroupId, regex, fresh));
                changed = true;
            }
        }
        return changed;
    }

    private ResolvedRegex Resolve(string pattern, long now, Func<string, bool>? mayDescribeTopic)
    {
        var regex = TopicRegex.Create(pattern);
        var topics = _topics.Topics.Select(t => t.Name).Where(regex.IsMatch)
            .Where(name => mayDescribeTopic is null || mayDescribeTopic(name)).ToHashSet(StringComparer.Ordinal);
        return new ResolvedRegex(topics, now, now);
    }

    /// <summary>
    /// Computes the target assignment for the group epoch with the group's assignor, and writes the
    /// members whose target changed and the new target epoch.
    /// </summary>
    private void UpdateTargetAssignment(CoordinatorShard shard, ConsumerGroup group, List<CoordinatorRecord> records)
    {
        var specs = group.Members
            .Select(m => new AssignmentMemberSpec(m.MemberId, m.InstanceId, m.RackId, SubscribedTopicIds(group, m), group.TargetAssignmentOf(m.MemberId)))
            .ToList();
        ConsumerGroupAssignors.TryGet(PreferredAssignor(group), out var assignor);
        var target = (assignor ?? new UniformAssignor()).Assign(specs, _describer);
        foreach (var (memberId, assignment) in target)
        {
            if (!assignment.Equals(group.TargetAssignmentOf(memberId)))
            {
                Apply(shard, records, ConsumerGroupRecords.TargetAssignment(group.GroupId, memberId, assignment));
            }
        }
        Apply(shard, records, ConsumerGroupRecords.TargetAssignmentEpoch(group.GroupId, group.GroupEpoch));
    }

    /// <summary>The assignor most members ask for (the configured order breaking ties), or the configured default.</summary>
    internal string PreferredAssignor(ConsumerGroup group)
    {
        var configured = _options.ConsumerGroupAssignors;
        string preferred = configured.Count > 0 ? configured[0] : UniformAssignor.AssignorName;
        int best = 0;
        foreach (string name in configured)
        {
            int votes = group.Members.Count(m => m.ServerAssignor == name);
            if (votes > best)
            {
                best = votes;
                preferred = name;
            }
        }
        return preferred;
    }
}
