using System.Collections.Immutable;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Shares.DeadLetter;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

/// <summary>IncrementalAlterConfigs on a group (resource type GROUP): SET and DELETE of its share.* and errors.deadletterqueue.* configs.</summary>
internal static class GroupConfigAlteration
{
    private const sbyte Set = 0;
    private const sbyte Delete = 1;

    public static ApiError Apply(KafkaBroker broker, IncrementalAlterConfigsRequest.AlterConfigsResource resource, bool validateOnly)
    {
        if (broker.Groups.GroupConfigs is not { } store)
        {
            return new ApiError(ErrorCode.InvalidRequest, $"Unsupported resource type {resource.ResourceType}");
        }
        return store.Update(resource.ResourceName, (ImmutableSortedDictionary<string, string> current, out ImmutableSortedDictionary<string, string> updated) =>
        {
            updated = current;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var builder = current.ToBuilder();
            foreach (var config in resource.Configs)
            {
                if (!seen.Add(config.Name))
                {
                    return ConfigAlteration.DuplicateKeys(config.Name);
                }
                switch (config.ConfigOperation)
                {
                    case Set when config.Value is null:
                        return ApiError.InvalidConfig($"Null value not supported for group configs: {config.Name}");
                    case Set:
                        if (config.Name == GroupConfigNames.DeadLetterTopicName && DeadLetterTopicRefusal(broker, resource.ResourceName, config.Value) is { } refusal)
                        {
                            return ApiError.InvalidConfig(refusal);
                        }
                        builder[config.Name] = config.Value.Trim();
                        break;
                    case Delete:
                        builder.Remove(config.Name);
                        break;
                    default:
                        // No group config is a list, so APPEND and SUBTRACT never apply.
                        return ApiError.InvalidConfig($"Config value append or subtract is not allowed for config key: {config.Name}");
                }
            }
            updated = builder.ToImmutable();
            return ApiError.None;
        }, validateOnly);
    }

    // KIP-1191: a group may only name a dead-letter topic the broker would write to, so that rejecting records
    // never becomes a way to write to a topic the client could not write to itself. Blank means none: no check.
    private static string? DeadLetterTopicRefusal(KafkaBroker broker, string groupId, string value)
    {
        string topicName = value.Trim();
        if (topicName.Length == 0)
        {
            return null;
        }
        var share = broker.Options.ShareGroups;
        return DeadLetterTopicCheck.Refusal(groupId, topicName, share.DeadLetterTopicNamePrefix,
            broker.Topics.Find(topicName)?.Configs, share.DeadLetterAutoCreateTopics);
    }
}
