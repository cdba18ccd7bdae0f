using System.Collections;
using System.Reflection;
using System.Text;
using KafkaNet.Broker.Groups;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>What a refused request must leave untouched, and the error codes a response carries.</summary>
internal static class MatrixState
{
    /// <summary>
    /// Topics with their partitions, configs and log bounds, groups and the matrix group's committed offsets,
    /// transactions, and the image's topics, ACLs, client quotas and SCRAM credentials: what any API could change on disk or in the metadata.
    /// </summary>
    public static string Fingerprint(KafkaBroker broker)
    {
        var text = new StringBuilder();
        foreach (var topic in broker.Topics.Topics.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.Append(topic.Name).Append(' ').Append(topic.PartitionCount).Append(' ')
                .AppendJoin(',', topic.Configs.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "=" + c.Value)).Append('\n');
            for (int p = 0; p < topic.PartitionCount; p++)
            {
                if (broker.Replicas?.Find(topic.Name, p) is { } log)
                {
                    text.Append("  ").Append(p).Append(": ").Append(log.LogStartOffset).Append('-').Append(log.LogEndOffset).Append('\n');
                }
            }
        }
        foreach (var group in broker.Groups.ListGroups().Groups.OrderBy(g => g.GroupId, StringComparer.Ordinal))
        {
            text.Append("group ").Append(group.GroupId).Append(' ').Append(group.State).Append('\n');
        }
        foreach (var (partition, offset) in broker.Groups.FetchOffsets(MatrixCases.Group, null).Offsets)
        {
            text.Append("offset ").Append(partition).Append(' ').Append(offset?.Offset).Append('\n');
        }
        foreach (var transaction in broker.Transactions.List([], []).Transactions.OrderBy(t => t.TransactionalId, StringComparer.Ordinal))
        {
            text.Append("txn ").Append(transaction).Append('\n');
        }
        text.Append("image topics ").Append(broker.Image.TopicsByName.Count).Append(", acls ").Append(broker.Image.Acls.Count)
            .Append(", quotas ").Append(broker.Image.ClientQuotas.Count).Append(", scram ").Append(broker.Image.ScramCredentials.Count);
        return text.ToString();
    }

    /// <summary>Every error code anywhere in a response (fields named *ErrorCode), by name.</summary>
    public static List<ErrorCode> Errors(object response)
    {
        var found = new List<ErrorCode>();
        Collect(response, found, depth: 0);
        return found;
    }

    public static bool IsAuthorizationError(ErrorCode code) => code.ToString().EndsWith("AuthorizationFailed", StringComparison.Ordinal);

    private static void Collect(object node, List<ErrorCode> found, int depth)
    {
        if (depth > 16)
        {
            return;
        }
        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length != 0 || property.GetValue(node) is not { } value)
            {
                continue;
            }
            if (property.Name.EndsWith("ErrorCode", StringComparison.Ordinal) && value is short code && code != 0)
            {
                found.Add((ErrorCode)code);
            }
            else if (value is IList list && IsMessage(list.GetType().GetGenericArguments().FirstOrDefault()))
            {
                foreach (var item in list)
                {
                    if (item is not null)
                    {
                        Collect(item, found, depth + 1);
                    }
                }
            }
            else if (IsMessage(value.GetType()))
            {
                Collect(value, found, depth + 1);
            }
        }
    }

    private static bool IsMessage(Type? type) => type is not null && type.IsClass && type.Namespace == typeof(MetadataRequest).Namespace;
}
