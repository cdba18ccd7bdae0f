using System.Globalization;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Shares;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// The group configs: each one's type, its default (the broker's group.share.* value where there is one) and the
/// check a new value must pass, with the bounds the broker sets.
/// </summary>
internal sealed class GroupConfigDefinitions(ShareGroupOptions share)
{
    public sealed record Definition(string Name, ConfigType Type, string Default, Func<string, string?> Validate, string Documentation);

    public IReadOnlyList<Definition> All =>
    [
        IntWithin(GroupConfigNames.ShareSessionTimeoutMs, share.SessionTimeoutMs, "group.share.min.session.timeout.ms", share.MinSessionTimeoutMs,
            "group.share.max.session.timeout.ms", share.MaxSessionTimeoutMs, "The session timeout of the group's members."),
        IntWithin(GroupConfigNames.ShareHeartbeatIntervalMs, share.HeartbeatIntervalMs, "group.share.min.heartbeat.interval.ms", share.MinHeartbeatIntervalMs,
            "group.share.max.heartbeat.interval.ms", share.MaxHeartbeatIntervalMs, "How often the group's members are told to heartbeat."),
        IntWithin(GroupConfigNames.ShareRecordLockDurationMs, share.RecordLockDurationMs, "group.share.min.record.lock.duration.ms", share.MinRecordLockDurationMs,
            "group.share.max.record.lock.duration.ms", share.MaxRecordLockDurationMs, "How long a record acquired by a member stays locked to it."),
        IntWithin(GroupConfigNames.ShareDeliveryCountLimit, share.DeliveryCountLimit, "group.share.min.delivery.count.limit", share.MinDeliveryCountLimit,
            "group.share.max.delivery.count.limit", share.MaxDeliveryCountLimit, "Deliveries of a record after which it is archived."),
        new(GroupConfigNames.ShareAutoOffsetReset, ConfigType.String, "latest", ValidateAutoOffsetReset,
            "Where a share-partition without state starts: latest, earliest or by_duration:<ISO-8601 duration>."),
        new(GroupConfigNames.ShareIsolationLevel, ConfigType.String, "read_uncommitted",
            v => v is "read_uncommitted" or "read_committed" ? null : "String must be one of: read_committed, read_uncommitted",
            "Whether the group reads transactional records before they commit (read_uncommitted) or only committed ones."),
        new(GroupConfigNames.ShareKeyOrderedEnable, ConfigType.Boolean, "false", ValidateBoolean,
            "KafkaNet's own: records with equal keys are never held by two members at once and go out in offset order."),
        // Whether the named topic may be used depends on the topic and the broker, not on the value alone, so the
        // alteration checks it when the name is set (GroupConfigAlteration); a later change to the topic does not
        // make a stored name invalid.
        new(GroupConfigNames.DeadLetterTopicName, ConfigType.String, "", _ => null,
            "The topic the records the group archives are written to (KIP-1191); blank, the default, means none."),
        new(GroupConfigNames.DeadLetterCopyRecordEnable, ConfigType.Boolean, "false", ValidateBoolean,
            "Whether dead-letter records copy the archived record's key and value, not only where it came from."),
    ];

    public Definition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    private static Definition IntWithin(string name, int fallback, string minName, int min, string maxName, int max, string documentation) =>
        new(name, ConfigType.Int, fallback.ToString(CultureInfo.InvariantCulture), value =>
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed))
            {
                return "Not a number of type INT";
            }
            return parsed < min ? $"{name} must be greater than or equal to {minName} {min}"
                : parsed > max ? $"{name} must be less than or equal to {maxName} {max}"
                : null;
        }, documentation);

    private static string? ValidateBoolean(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)
            ? null : "Expected value to be either true or false";

    private static string? ValidateAutoOffsetReset(string value)
    {
        if (value is "latest" or "earliest")
        {
            return null;
        }
        const string prefix = "by_duration:";
        if (value.StartsWith(prefix, StringComparison.Ordinal))
        {
            try
            {
                var duration = System.Xml.XmlConvert.ToTimeSpan(value[prefix.Length..]);
                return duration < TimeSpan.Zero ? "Negative duration is not supported" : null;
            }
            catch (FormatException)
            {
                return $"Unable to parse duration string in {value}";
            }
        }
        return "Invalid value " + value + ": must be latest, earliest or by_duration:<ISO-8601 duration>";
    }
}
