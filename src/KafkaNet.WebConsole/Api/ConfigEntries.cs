using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dto;
using KafkaNet.WebConsole.Kafka;

namespace KafkaNet.WebConsole.Api;

internal static class ConfigEntries
{
    /// <summary>Configs sorted by name; sensitive values stay hidden, as DescribeConfigs already leaves them null.</summary>
    public static List<ConfigEntryDto> From(IEnumerable<DescribeConfigsResponse.DescribeConfigsResourceResult> configs) =>
        configs.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new ConfigEntryDto(c.Name, c.IsSensitive ? null : c.Value, ConfigQueries.SourceName(c.ConfigSource), c.IsDefault, c.ReadOnly, c.IsSensitive))
            .ToList();
}
