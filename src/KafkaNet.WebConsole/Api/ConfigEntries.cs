using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dto;
using KafkaNet.WebConsole.Kafka;

namespace KafkaNet.WebConsole.Api;

internal static class ConfigEntries
{
    private const sbyte DefaultConfigSource = 5;

    /// <summary>Configs sorted by name; sensitive values stay hidden, as DescribeConfigs already leaves them null.</summary>
    public static List<ConfigEntryDto> From(IEnumerable<DescribeConfigsResponse.DescribeConfigsResourceResult> configs) =>
        configs.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new ConfigEntryDto(c.Name, c.IsSensitive ? null : c.Value, ConfigQueries.SourceName(c.ConfigSource),
                // From v1 on, DescribeConfigs tells a default by its source; its is-default field is v0 only.
                c.IsDefault || c.ConfigSource == DefaultConfigSource, c.ReadOnly, c.IsSensitive))
            .ToList();
}
